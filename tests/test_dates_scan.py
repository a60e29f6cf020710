"""dates._matches finds with three scans exactly what the six patterns' finditer find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import dates
from annotator.core.gold import load_gold_set
from annotator.paths import samples_dir


def _by_finditer(text: str) -> list[tuple[int, tuple[int, int], tuple]]:
    return sorted(
        (index, match.span(), tuple(sorted(match.groupdict().items())))
        for index, (_, pattern) in enumerate(dates._patterns())
        for match in pattern.finditer(text)
    )


def _by_scanners(text: str) -> list[tuple[int, tuple[int, int], tuple]]:
    # the digit-first alternation also carries its branch markers: leave them out
    return sorted(
        (
            index,
            match.span(),
            tuple(
                sorted(
                    (name, value)
                    for name, value in match.groupdict().items()
                    if not name.startswith("_k") and name in dates._patterns()[index][1].groupindex
                )
            ),
        )
        for index, match in dates._matches(text)
    )


_PIECES = st.sampled_from(
    [
        *"0123456789",
        "2023",
        "12",
        "31",
        "1st",
        "3rd",
        "th",
        " ",
        "  ",
        "\n",
        "/",
        "-",
        ".",
        ",",
        ":",
        "+",
        "(",
        ")",
        "T",
        "Z",
        "x",
        "of ",
        "Januari",
        "Jan",
        "Jan.",
        "januari",
        "March",
        "march",
        "May",
        "may",
        "Mei",
        "Sept.",
        "Sep",
        "Des",
        "Agt",
        " percent",
        "%",
        "persen",
        "ke-",
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_scanners_find_what_finditer_finds(text: str) -> None:
    assert _by_scanners(text) == _by_finditer(text)


def test_scanners_on_the_sample_articles() -> None:
    texts = [article.text for article in load_gold_set()]
    for folder in ("heldout", "heldout2"):
        texts += [p.read_text(encoding="utf-8") for p in (samples_dir() / folder).glob("*/*.txt")]
    assert texts
    for text in texts:
        assert _by_scanners(text) == _by_finditer(text)
