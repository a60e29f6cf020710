"""Speaker merge proposals (``team.speaker_proposals``): Merge (undoable) or Not the same.

"Not the same" hides a pair for the rest of the session (the proposal comes back in a new
session: nothing about it is stored). The list is re-read when speakers change.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Changes, Speaker
from annotator.core.store import StoreError
from annotator.core.team import SpeakerProposal, speaker_proposals
from annotator.gui.commands import MergeSpeakersCommand
from annotator.gui.models import plain_tooltip
from annotator.gui.pickers import plain_label, show_warning
from annotator.gui.session import ProjectSession
from annotator.gui.timers import debounce

_DISMISSED: WeakKeyDictionary[ProjectSession, set[frozenset[int]]] = WeakKeyDictionary()


def dismissed_pairs(session: ProjectSession) -> set[frozenset[int]]:
    """The speaker id pairs marked "not the same" in this session."""
    return _DISMISSED.setdefault(session, set())


def _who(speaker: Speaker) -> str:
    """A speaker's name and how many accepted annotations name them."""
    return f"{speaker.name} — {speaker.annotation_count} annotation(s)"


def _details(speaker: Speaker) -> str:
    """Everything known about a speaker, for the tooltip."""
    lines = [speaker.name]
    if speaker.aliases:
        lines.append("also: " + ", ".join(speaker.aliases))
    lines += [x for x in (speaker.role, speaker.organization) if x]
    lines.append(f"{speaker.annotation_count} accepted annotation(s)")
    return "\n".join(lines)


class SpeakerProposalsView(QDialog):
    """A table of proposals, each row with Merge and Not the same."""

    COLUMNS = ("Keep", "Merge in", "Why", "", "")
    TIPS = ("The speaker that stays (more accepted annotations)",
            "The speaker whose quotes move to the first; its name becomes an alias",
            "Why the two may be one person", "", "")

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.proposals: list[SpeakerProposal] = []
        self.setWindowTitle("Speaker proposals")
        self.resize(920, 460)
        self.intro = plain_label(
            "Pairs of speakers that may be one person. Merge moves the second speaker's "
            "quotes to the first and keeps the second name as an alias (Undo puts it back).",
            self)
        self.intro.setWordWrap(True)
        self.summary = plain_label("", self)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        for c, tip in enumerate(self.TIPS):
            if tip:
                self.table.horizontalHeaderItem(c).setToolTip(tip)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self.show_all_button = QPushButton("Show dismissed again", self)
        self.show_all_button.clicked.connect(self.show_dismissed)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.show_all_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._timer = debounce(self, 150, self.reload)
        session.changed.connect(self._on_changed)
        self.reload()

    def _on_changed(self, change: Changes) -> None:
        if change.speakers:
            self._timer.start()

    def reload(self) -> None:
        """Re-read the proposals (dismissed pairs left out) and rebuild the table."""
        dismissed = dismissed_pairs(self.session)
        every = speaker_proposals(self.session.store)
        self.proposals = [p for p in every if frozenset((p.keep.id, p.other.id)) not in dismissed]
        self.table.setRowCount(len(self.proposals))
        for r, p in enumerate(self.proposals):
            cells = ((_who(p.keep), _details(p.keep)), (_who(p.other), _details(p.other)),
                     (p.reason, p.reason))
            for c, (text, tip) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(plain_tooltip(tip))
                item.setData(Qt.ItemDataRole.UserRole, (p.keep.id, p.other.id))
                self.table.setItem(r, c, item)
            merge = QPushButton("Merge", self.table)
            merge.setToolTip(plain_tooltip(f"Merge {p.other.name} into {p.keep.name}"))
            merge.clicked.connect(lambda _c=False, row=r: self.merge(row))
            dismiss = QPushButton("Not the same", self.table)
            dismiss.setToolTip("Hide this pair for this session")
            dismiss.clicked.connect(lambda _c=False, row=r: self.dismiss(row))
            self.table.setCellWidget(r, 3, merge)
            self.table.setCellWidget(r, 4, dismiss)
        self.table.resizeRowsToContents()
        hidden = len(every) - len(self.proposals)
        text = f"{len(self.proposals)} proposal(s)"
        if hidden:
            text += f", {hidden} dismissed in this session"
        if not every:
            text = "No proposals: no two speakers look alike."
        self.summary.setText(text)
        self.show_all_button.setEnabled(bool(hidden))

    def merge(self, row: int) -> bool:
        """Merge the row's second speaker into the first (one undo step)."""
        p = self.proposals[row]
        try:
            self.session.execute(MergeSpeakersCommand(self.session, p.keep.id, p.other.id))
        except StoreError as error:
            show_warning(self, "Merge speakers", str(error))
            return False
        self.reload()
        return True

    def dismiss(self, row: int) -> None:
        """Not the same: hide the row's pair for this session."""
        p = self.proposals[row]
        dismissed_pairs(self.session).add(frozenset((p.keep.id, p.other.id)))
        self.reload()

    def show_dismissed(self) -> None:
        """Bring back the pairs dismissed in this session."""
        dismissed_pairs(self.session).clear()
        self.reload()

    def closeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self._timer.stop()
        super().closeEvent(event)  # type: ignore[arg-type]
