"""Generated texts (emoji, accents, tabs, line breaks, U+2028) and spans survive every format
that can be imported again."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_team_helpers import layer_signature, without_notes

from annotator.core.formats.brat import export_brat, import_brat
from annotator.core.formats.doccano import export_doccano, import_doccano
from annotator.core.formats.jsonl import export_jsonl, import_jsonl
from annotator.core.formats.labelstudio import export_labelstudio, import_labelstudio
from annotator.core.store import Store

ALPHABET = 'ab ,."\n\t😀🇮🇩é\u2028'
FORMATS = {
    "jsonl": (export_jsonl, import_jsonl, "x.jsonl"),
    "brat": (export_brat, import_brat, "brat"),
    "doccano": (export_doccano, import_doccano, "x.doccano"),
    "labelstudio": (export_labelstudio, import_labelstudio, "x.json"),
}


@st.composite
def projects(draw):
    text = draw(st.text(alphabet=ALPHABET, min_size=2, max_size=40))
    pairs = st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text)))
    spans = draw(st.lists(pairs, min_size=1, max_size=6))
    spans = sorted({(min(s, e), max(s, e)) for s, e in spans if s != e})
    notes = draw(st.lists(st.text(alphabet="ab |:\n", max_size=8), min_size=len(spans)))
    return text, spans, notes


def build(store: Store, text: str, spans, notes) -> None:
    with store.transaction():
        article_id, _ = store.insert_article(text, metadata={}, sentences=[])
    quantity = store.category_by_key("quantity").id
    for (start, end), note in zip(spans, notes, strict=False):
        store.add_quote(article_id, start, end, speaker_id=None, annotator="ana", note=note or None)
        store.add_claim(article_id, start, end, category_id=quantity, annotator="budi")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(project=projects())
def test_generated_round_trips(tmp_path_factory, project):
    text, spans, notes = project
    if not spans:
        return
    for name, (export, load, target) in FORMATS.items():
        folder = tmp_path_factory.mktemp(name)
        with Store.memory() as first:
            build(first, text, spans, notes)
            export(first, folder / target)
            expected = layer_signature(first)
        with Store.memory() as second:
            load(second, folder / target)
            got = layer_signature(second)
        if name in ("jsonl", "brat"):
            # brat keeps notes on one line: whitespace runs become one space
            if name == "brat":
                expected = {
                    (*i[:-1], " ".join(i[-1].split()) or None if i[-1] else None) for i in expected
                }
            assert got == expected, name
        else:
            assert without_notes(got) == without_notes(expected), name
