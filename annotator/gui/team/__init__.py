"""Team views of the desktop app: agreement, adjudication, statistics, speaker proposals.

* ``agreement_view`` - AgreementView: the figures of ``core.agreement_report`` as tables
* ``adjudication_view`` - AdjudicationView, TakeVersionCommand, TakeItemCommand
* ``stats_view`` / ``charts`` - StatisticsView; bar charts and a timeline (PNG, SVG, CSV)
* ``proposals_view`` - SpeakerProposalsView: merge (undoable) or dismiss look-alike speakers
* ``install`` - ``install_team_actions(window, session)`` (the Team menu) and
  ``save_team_screenshots(outdir)`` (``python -m annotator.gui.team OUTDIR``)
"""

from annotator.gui.team.install import install_team_actions, save_team_screenshots

__all__ = ["install_team_actions", "save_team_screenshots"]
