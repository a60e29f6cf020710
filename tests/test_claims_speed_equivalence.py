"""The claim markers' fast searches answer exactly as the plain case-insensitive patterns."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.suggest import claims
from annotator.core.suggest.claims import _CASE_ODD, _Markers, categorize

MARKERS = {name: value for name, value in vars(claims).items() if isinstance(value, _Markers)}


def test_case_odd_characters_are_all_known() -> None:
    """Every character that a marker character (or class) matches case-insensitively although
    its lower case does not match the lower-cased one, or the other way round, or whose lower
    case is longer, is in _CASE_ODD (the texts holding one are searched case-insensitively)."""
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    lowered = "".join(c.lower() if len(c.lower()) == 1 else "\0" for c in everything)
    odd = {c for c in everything if len(c.lower()) != 1}
    literals = {c for m in MARKERS.values() for a in m.alternatives for c in a}
    atoms = [re.escape(c) for c in sorted(literals)]
    atoms += [r"\w", r"\d", r"\s", r"\S", r"[^.]", r"[^\w-]", r"[\w-]", r"[/\d.]", r"[\d.,]"]
    for atom in atoms:
        folded = {m.start() for m in re.finditer(atom, everything, re.IGNORECASE)}
        plain = {m.start() for m in re.finditer(claims._lower_case(atom), lowered)}
        odd |= {everything[i] for i in folded ^ plain}
    assert odd <= {c for c in everything if _CASE_ODD.match(c)}


WORDS = sorted(
    {
        word
        for m in MARKERS.values()
        for a in m.alternatives
        for word in re.findall(r"[A-Za-z']+", a)
    }
)
PIECES = [" ", "-", "yang ", "tidak ", "'", "’", ".", ",", "12", "2019", "%", "$", "Rp", "°C"]
PIECES += ["İ", "ı", "ſ", "K", "(", "/", "\n", "UU", "Act", "uu", "ACT", "akan"]


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(WORDS),
            st.sampled_from(WORDS).map(str.upper),
            st.sampled_from(WORDS).map(str.title),
            st.sampled_from(PIECES),
        ),
        max_size=10,
    ),
    st.booleans(),
)
def test_markers_occur_where_the_case_insensitive_pattern_does(
    parts: list[str], spaced: bool
) -> None:
    text = (" " if spaced else "").join(parts)
    for name, markers in MARKERS.items():
        plain = re.compile(
            claims._MARKER_OPEN + "|".join(markers.alternatives) + claims._MARKER_CLOSE,
            re.IGNORECASE,
        )
        assert markers.search(text) == bool(plain.search(text)), (name, text)


def test_categorize_with_odd_case_characters() -> None:
    for text in (
        "Pasien İbu Ani harus minum obat setiap hari.",
        "The new ACT took effect in 2019 for all tenants of the city.",
        "Harga beras naik 20 persen sejak bulan lalu, ſebut pedagang.",
        "We aren't able to buy the ıtems any more because of the price.",
    ):
        folded = text.replace("İ", "I").replace("ı", "i").replace("ſ", "s")
        assert categorize(text) == categorize(folded)


def test_look_behinds_and_optional_groups_before_the_first_character() -> None:
    from annotator.core.suggest.claims import _char_first, _markers

    assert _char_first("(?<!yang )(?<!tidak )akan") == ["a(?<=(?<!yang )(?<!tidak )a)kan"]
    assert _char_first(r"(?<![/\d.])(?!19)\d+") == [r"\d(?<=(?<![/\d.])(?!19)\d)\d*"]
    assert _char_first("(?:pada )?bulan") == ["(?:pada )bulan", "bulan"]
    markers = _markers(r"(?<!yang )(?<!tidak )akan|(?:pada )?bulan lalu|\$\s?\d|(?<!/)(?!19)\d+")
    for text, found in [
        ("akan", True),
        ("yang akan", False),
        ("Tidak akan", False),
        ("x-akan", False),
        ("itu Akan", True),
        ("pada bulan lalu", True),
        ("Bulan lalu", True),
        ("harga $ 5", True),
        ("harga $5", True),
        ("harga x$5", True),  # "5", a number after a symbol
        ("harga x$", False),
        ("pada 1945", False),
        ("pada 2045", True),
        ("1/2", True),
        ("/2", False),
    ]:
        plain = re.compile(
            claims._MARKER_OPEN + "|".join(markers.alternatives) + claims._MARKER_CLOSE, re.I
        )
        assert markers.search(text) is found is bool(plain.search(text)), text


def test_dateline_prefilter_matches_the_dateline_pattern() -> None:
    """find_claims calls skip_dateline only where a dash occurs within _DATELINE_DASH_WITHIN
    characters: that stands only as long as the dateline pattern is this one."""
    from annotator.core.suggest import text

    assert text._DATELINE.pattern == r"[^\n]{0,70}?\s(?:--|[-—–])\s+"
    assert claims._DATELINE_DASH_WITHIN == 70 + 2
    for size in range(60, 80):
        line = "A" * size + " - Harga beras naik lagi di pasar"
        dash = claims._DASH.search(line, 0, claims._DATELINE_DASH_WITHIN)
        assert (text.skip_dateline(line, 0, len(line)) > 0) == (size <= 70) == (dash is not None)


@settings(max_examples=800, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(WORDS), st.sampled_from(WORDS).map(str.title), st.sampled_from(PIECES)
        ),
        max_size=12,
    )
)
def test_category_markers_found_from_the_first_marker_as_from_the_start(parts: list[str]) -> None:
    from annotator.core.suggest.claims import _from_first_marker, _Unit

    unit = _Unit.of(" ".join(parts))
    gated = _from_first_marker(unit)
    assert (gated is not None) == claims._ANY_CATEGORY.search(unit.text)
    for name, markers in MARKERS.items():
        if gated is not None and markers.in_any:
            assert markers.found(gated) == markers.found(unit), (name, unit.text)
