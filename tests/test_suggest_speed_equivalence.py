"""The suggester's faster forms find exactly what the plain forms they replace find."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.segment import segment
from annotator.core.suggest.cues import load_lexicon
from annotator.core.suggest.indirect import _BACKWARD
from annotator.core.suggest.names import SpeakerBook
from annotator.core.suggest.resolve import Resolver
from annotator.core.suggest.speakers import (
    Mention,
    article_words,
    iter_sentence_topics,
    sentence_topics,
)

# "Hal itu disampaikan oleh ...": the attribution pattern as first written (a group of words
# opening it), which re can only try at every character.
_PLAIN_BACKWARD = re.compile(
    r"(?:(?:Hal|Pernyataan|Penegasan|Penjelasan|Keterangan)\s+(?:itu|tersebut|ini)\s+"
    r"|Demikian\s+)(?:di(?:sampaikan|katakan|ungkapkan|jelaskan|tegaskan|paparkan|utarakan"
    r"|ungkap|kemukakan))\s+(?:oleh\s+)?"
)
_PIECES = st.sampled_from(
    ["Hal", "Pernyataan", "Penegasan", "Penjelasan", "Keterangan", "Demikian", "itu",
     "tersebut", "ini", "disampaikan", "dikatakan", "diungkap", "diungkapkan", "oleh", "Budi",
     " ", "  ", "\n", ".", "hal", "Hal itu ", "Demikian disampaikan "]
)  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(st.lists(_PIECES, max_size=30), st.sampled_from(["", " ", "\u00a0"]))
def test_backward_attribution_finds_what_the_plain_pattern_finds(
    pieces: list[str], glue: str
) -> None:
    text = glue.join(pieces)
    assert [m.span() for m in _BACKWARD.finditer(text)] == [
        m.span() for m in _PLAIN_BACKWARD.finditer(text)
    ]


def test_sentence_topics_are_found_only_as_far_as_a_quote_needs_them() -> None:
    """The resolver takes the article's sentence subjects up to the quote it resolves (and
    one beyond, to know it is past): the rest of the article is never searched for them."""
    text = "x" * 400
    taken: list[int] = []

    def topics():
        for start in (10, 50, 100, 200, 300):
            taken.append(start)
            yield Mention(start, start + 5, name=f"Name {start}")

    resolver = Resolver(text, [], [], SpeakerBook([], (), text), topics)
    assert [start for start, _, _ in resolver._topics_before(60)] == [10, 50]
    assert taken == [10, 50, 100]
    assert [start for start, _, _ in resolver._topics_before(20)] == [10]
    assert [start for start, _, _ in resolver._topics_before(1000)] == [10, 50, 100, 200, 300]
    assert taken == [10, 50, 100, 200, 300]


def test_the_lazy_topics_are_the_whole_list_in_text_order() -> None:
    text = (
        "Margaret Holt, 78, has lived here for decades. Local baker Tom Riggs opened at six. "
        "The council met on Monday. He said prices rose. Anna Berg, a nurse, agreed."
    )
    lex = load_lexicon("en")
    sentences = segment(text)
    vocab = article_words(text, lex)
    lazy = list(iter_sentence_topics(text, list(reversed(sentences)), lex, vocab))
    assert lazy == sentence_topics(text, sentences, lex, vocab)
    assert [t.start for t in lazy] == sorted(t.start for t in lazy) and len(lazy) >= 2
