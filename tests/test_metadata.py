"""Tests for annotator.core.metadata: headline, dateline, date and excluded ranges."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.metadata import (
    EXCLUSION_REASONS,
    ExcludedRange,
    Metadata,
    detect_metadata,
    find_dateline,
    find_excluded,
)
from annotator.paths import samples_dir

JAN3 = date(2023, 1, 3)

BODY_ID = (
    " Pemerintah daerah menggelar rapat koordinasi dengan para camat untuk membahas "
    "persiapan pemilu yang akan digelar tahun depan, Selasa (3/1/2023)."
)
BODY_EN = (
    " The city council voted on Tuesday to delay the new bus fares, saying that the "
    "budget for this year was not ready."
)


def article(first_body_line: str, *, title: str = "Pemkab Gelar Rapat Persiapan Pemilu") -> str:
    return f"{title}\n\n{first_body_line}\n\nParagraf kedua yang biasa saja.\n"


# datelines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dateline", "outlet", "place"),
    [
        ("SORANA.CO.ID-INDRAMAYU JAWA BARAT:", "sorana.co.id", "Indramayu, Jawa Barat"),
        ("Jakarta, Kominfo -", "Kominfo", "Jakarta"),
        ("JAKARTA (ANTARA) -", "ANTARA", "Jakarta"),
        ("Jakarta (Antara) -", "ANTARA", "Jakarta"),
        ("BANDUNG, KOMPAS.com -", "kompas.com", "Bandung"),
        ("Liputan6.com, Jakarta -", "liputan6.com", "Jakarta"),
        ("TEMPO.CO, Jakarta -", "tempo.co", "Jakarta"),
        ("REPUBLIKA.CO.ID, JAKARTA --", "republika.co.id", "Jakarta"),
        ("JAKARTA, investor.id –", "investor.id", "Jakarta"),
        ("Jakarta, CNN Indonesia --", "CNN Indonesia", "Jakarta"),
        ("SUMBAWA BESAR, NusraWarta -", "NusraWarta", "Sumbawa Besar"),
        ("DKI JAKARTA (ANTARA) -", "ANTARA", "DKI Jakarta"),
        ("KOTA JAMBI (ANTARA) -", "ANTARA", "Kota Jambi"),
        ("MANOKWARI PAPUA BARAT (ANTARA) -", "ANTARA", "Manokwari, Papua Barat"),
        ("Suara.com -", "suara.com", None),
        ("Cirebon -", None, "Cirebon"),
        ("Jakarta, Selasa (3/1/2023) -", None, "Jakarta"),
        ("Jakarta, Senin (3/1) -", None, "Jakarta"),
        ("JAKARTA, (ANTARA) -", "ANTARA", "Jakarta"),
        ("Jakarta, 3 Januari 2023 (ANTARA) -", "ANTARA", "Jakarta"),
        ("JAKARTA, Kabar24 -", "Kabar24", "Jakarta"),
    ],
)
def test_indonesian_datelines(dateline, outlet, place):
    text = article(dateline + BODY_ID)
    metadata = detect_metadata(text)
    assert (metadata.outlet, metadata.place) == (outlet, place)
    found = find_dateline(text)
    assert found is not None
    assert text[found.start : found.end] == dateline


@pytest.mark.parametrize(
    ("dateline", "outlet", "place"),
    [
        ("LONDON (Reuters) -", "Reuters", "London"),
        ("WASHINGTON (AP) —", "AP", "Washington"),
        ("NEW YORK, Jan 3 (Reuters) -", "Reuters", "New York"),
        ("BEIJING (AFP) -", "AFP", "Beijing"),
        ("BOSTON (HealthWire) --", "HealthWire", "Boston"),
        ("KYIV, Ukraine (AP) —", "AP", "Kyiv, Ukraine"),
        ("SAN JUAN, PUERTO RICO (AP) —", "AP", "San Juan, Puerto Rico"),
        ("WASHINGTON, D.C. (AP) —", "AP", "Washington, D.C."),
        ("MILLBROOK, Pa. —", None, "Millbrook, Pa."),
        ("RENO, Nevada —", None, "Reno, Nevada"),
        ("ALBUQUERQUE, N.M. -", None, "Albuquerque, N.M."),
    ],
)
def test_english_datelines(dateline, outlet, place):
    metadata = detect_metadata(article(dateline + BODY_EN, title="Council Delays Bus Fares"))
    assert (metadata.outlet, metadata.place) == (outlet, place)
    assert metadata.language == "en"


def test_no_dateline():
    text = (
        "Judul Berita\n\nPemerintah daerah menggelar rapat koordinasi dengan para camat hari ini."
    )
    metadata = detect_metadata(text)
    assert metadata.outlet is None and metadata.place is None
    assert find_dateline(text) is None


def test_dateline_needs_body_after_it():
    # a short subtitle with a dash is not a dateline
    text = "Judul Berita\n\nJokowi - Prabowo Bertemu\n\nJAKARTA (ANTARA) -" + BODY_ID
    metadata = detect_metadata(text)
    assert (metadata.outlet, metadata.place) == ("ANTARA", "Jakarta")


def test_headline_with_dash_is_not_the_dateline():
    text = "Jakarta - Bandung Makin Dekat\n\nBANDUNG, KOMPAS.com -" + BODY_ID
    metadata = detect_metadata(text)
    assert metadata.title == "Jakarta - Bandung Makin Dekat"
    assert metadata.place == "Bandung"


def test_outlet_from_byline_and_header_lines():
    text = "Judul Berita Hari Ini\n\nIman Firmansyah - detakJabar\nJumat, 03 Jan 2020\n\n"
    text += "Cirebon -" + BODY_ID
    metadata = detect_metadata(text)
    assert (metadata.outlet, metadata.place) == ("detakJabar", "Cirebon")
    byline = text.index("Iman")
    assert ExcludedRange(byline, byline + len("Iman Firmansyah - detakJabar"), "credit") in (
        metadata.excluded
    )
    text = "Judul Berita\n\nKompas.com - 12/12/2023, 16:05 WIB\n\nBandung -" + BODY_ID
    assert detect_metadata(text).outlet == "kompas.com"


# headline ---------------------------------------------------------------------------------


def test_headline_first_line():
    text = "DIRJEN POLITIK GELAR WEBINAR JELANG PEMILU 2024\n\nJAKARTA (ANTARA) -" + BODY_ID
    assert detect_metadata(text).title == "DIRJEN POLITIK GELAR WEBINAR JELANG PEMILU 2024"


def test_hyphenated_headline_is_not_a_dateline():
    text = "Night-shift nurses face higher diabetes risk, 12-year study finds\n\nBOSTON -" + BODY_EN
    metadata = detect_metadata(text)
    assert metadata.title == "Night-shift nurses face higher diabetes risk, 12-year study finds"
    assert metadata.place == "Boston"


def test_headline_with_leading_blank_lines_and_spaces():
    text = "\n\n   Polda Bongkar Investasi Bodong, Kerugian Capai Rp 12,7 Miliar  \n\nIsi berita."
    assert (
        detect_metadata(text).title
        == "Polda Bongkar Investasi Bodong, Kerugian Capai Rp 12,7 Miliar"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Pemerintah daerah menggelar rapat koordinasi.\n\nParagraf kedua.",
        "JAKARTA (ANTARA) -" + BODY_ID + "\n\nParagraf kedua.",
        "Judul tanpa isi",
        "",
        "   \n\n  ",
        ("Kalimat yang sangat panjang tanpa titik " * 10) + "\n\nParagraf kedua.",
    ],
)
def test_no_headline(text):
    assert detect_metadata(text).title is None


def test_headline_skips_leading_boilerplate():
    text = "ADVERTISEMENT\n\nKPU Pastikan Logistik Tiba Tepat Waktu\n\nJAKARTA (ANTARA) -" + BODY_ID
    assert detect_metadata(text).title == "KPU Pastikan Logistik Tiba Tepat Waktu"


# dates ------------------------------------------------------------------------------------


def test_article_date_is_first_date_with_span():
    text = (
        "Judul\n\nSelasa, 24 Oktober 2023 17:42 WIB\n\n"
        "JAKARTA (ANTARA) - Logistik tiba 14 Februari 2024."
    )
    metadata = detect_metadata(text)
    assert metadata.date == date(2023, 10, 24)
    assert metadata.date_span is not None
    start, end = metadata.date_span
    assert text[start:end] == "24 Oktober 2023"


def test_year_less_date_takes_year_from_article():
    text = "Judul Rapat\n\nBANDUNG - Rapat digelar Selasa (21/10) di gedung sate bersama camat.\n\n"
    text += "Diperbarui 25 Oktober 2022."
    metadata = detect_metadata(text)
    assert metadata.date == date(2022, 10, 21)
    start, end = metadata.date_span
    assert text[start:end] == "21/10"


def test_year_less_date_alone_gives_none():
    text = (
        "Judul Rapat\n\nBANDUNG - Rapat digelar Selasa (21/10) di gedung sate bersama para camat."
    )
    metadata = detect_metadata(text)
    assert metadata.date is None and metadata.date_span is None


def test_english_numeric_date_is_month_first():
    text = (
        "Council Delays Fares\n\nLONDON (Reuters) - The council said on 1/3/2023 that the fares "
        "would not change, and the mayor said it was the right call for the city."
    )
    metadata = detect_metadata(text)
    assert metadata.language == "en"
    assert metadata.date == date(2023, 1, 3)


def test_date_introduced_by_since_gives_way_to_a_later_one():
    text = (
        "Banjir Terjang Garut\n\nGARUT - Hujan deras mengguyur sejak Senin (8/1/2024) sore. "
        "Air surut pada Selasa (9/1/2024), kata petugas."
    )
    assert detect_metadata(text).date == date(2024, 1, 9)
    only = "Judul\n\nGARUT - Hujan deras mengguyur kawasan itu sejak Senin (8/1/2024) sore."
    assert detect_metadata(only).date == date(2024, 1, 8)


def test_date_in_headline_gives_way_to_the_body_date():
    text = (
        "Pemilu 14 Februari 2024, KPU Siap\n\nJAKARTA (ANTARA) - KPU rapat Selasa (3/1/2023) lalu."
    )
    assert detect_metadata(text).date == JAN3
    only = "Pemilu 14 Februari 2024, KPU Siap\n\nJAKARTA (ANTARA) - KPU menggelar rapat lagi."
    assert detect_metadata(only).date == date(2024, 2, 14)


def test_dates_in_excluded_lines_are_skipped():
    text = (
        "Judul Rapat\n\nBaca juga: Rapat Serupa Digelar 3 Januari 2020\n\n"
        "BANDUNG - Rapat digelar Selasa (7/3/2023) di gedung sate bersama para camat."
    )
    assert detect_metadata(text).date == date(2023, 3, 7)


# excluded ranges --------------------------------------------------------------------------


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[r.start : r.end], r.reason) for r in find_excluded(text)]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("LEAVE A REPLY", "boilerplate"),
        ("Please enter your comment!", "boilerplate"),
        ("Please enter your name here", "boilerplate"),
        ("SCROLL TO CONTINUE WITH CONTENT", "boilerplate"),
        ("ADVERTISEMENT", "boilerplate"),
        ("Share this article", "boilerplate"),
        ("Follow us on Google News", "boilerplate"),
        ("[Gambas:Video 20detik]", "boilerplate"),
        ("COPYRIGHT © ANTARA 2023", "boilerplate"),
        ("Copyright 2023 The Associated Press. All rights reserved.", "boilerplate"),
        ("Hak Cipta © 2023 Contoh Media", "boilerplate"),
        ("Tags: inflasi, beras", "boilerplate"),
        ("Baca juga: Bawaslu Temukan Pemilih Ganda", "related"),
        ("Baca Juga:", "related"),
        ("BACA JUGA: Harga Beras Naik", "related"),
        ("Simak juga Video: Uji Coba Bus Listrik", "related"),
        ("Read more: Council delays fares", "related"),
        ("Editor: Siti Rahmawati", "credit"),
        ("Reporter: Agus Herdiansyah", "credit"),
        ("Pewarta: Fajar Nugroho", "credit"),
        ("(ant/abc)", "credit"),
        ("(rls/xyz)", "credit"),
        ("(hm.ys)", "credit"),
        ("(Reporting by Jane Doe; Editing by John Smith)", "credit"),
        ("Reporting by Jane Doe in London; Editing by John Smith", "credit"),
        ("Sumber: https://aptika.kominfo.go.id", "credit"),
        ("___", "boilerplate"),
        ("Have a news tip? Email newsroom@example.com.", "boilerplate"),
        ("Sign up to our daily newsletter", "boilerplate"),
        (
            "This story was produced with support from the Example Fund. "
            "Example Wire is solely responsible for all content.",
            "credit",
        ),
        ("* * *", "boilerplate"),
        ("Our Standards: The Thomson Reuters Trust Principles.", "boilerplate"),
        ("Associated Press writer Jane Roe contributed to this report from Reno, Nev.", "credit"),
        ("By JANE DOE Associated Press", "credit"),
        ("Simak breaking news dan berita pilihan kami langsung di ponselmu.", "boilerplate"),
        (
            "Pilih saluran andalanmu akses berita Contoh.com WhatsApp Channel : "
            "https://www.whatsapp.com/channel/0029",
            "boilerplate",
        ),
    ],
)
def test_excluded_lines(line, reason):
    text = f"Judul\n\nIsi berita pertama.\n\n  {line}  \n\nIsi lain."
    assert spans(text) == [(line, reason)]
    assert reason in EXCLUSION_REASONS


def test_glued_credit_after_last_sentence():
    text = (
        "Judul\n\nIsi berita.\n\n“Kami siap,” pungkasnya."
        "Source Diskominfo-(sorana.co.id//ras/Ded/shb)"
        "\n\nLEAVE A REPLY\n\nPlease enter your comment!\nPlease enter your name here\n"
    )
    result = find_excluded(text)
    assert [(text[r.start : r.end], r.reason) for r in result] == [
        ("Source Diskominfo-(sorana.co.id//ras/Ded/shb)", "credit"),
        ("LEAVE A REPLY", "boilerplate"),
        ("Please enter your comment!\nPlease enter your name here", "boilerplate"),
    ]
    assert result[0].start == text.index("Source")


@pytest.mark.parametrize(
    "tail",
    [
        "Sumber: Diskominfo Majalengka-(panturanews.id/ags/red)",
        "(ant/abc)",
        "(nw/ab)",
        "(ekn)",
        "(Reporting by Jane Doe; Editing by John Smith)",
    ],
)
def test_glued_credit_forms(tail):
    text = f"Judul\n\nParagraf terakhir berita ini.{tail}\n"
    assert spans(text) == [(tail, "credit")]
    spaced = f"Judul\n\nParagraf terakhir berita ini. {tail}\n"
    assert spans(spaced) == [(tail, "credit")]


@pytest.mark.parametrize(
    "line",
    [
        "Menurut sumber, rapat itu berlangsung lama.",
        "Rapat dihadiri KPU (KPU/Bawaslu) dan warga.",
        "Baca juga buku panduan pemilu yang dibagikan, katanya.",
        "Harga naik (3/1/2023) menurut BPS.",
        "Sekda: ASN Jangan Ikut Berkampanye",
        "Dia berkata bahwa iklan itu menyesatkan.",
        "Warga (red) berkumpul di balai desa pagi ini.",
        "By then the council had voted.",
        "Copyright law changes were debated by the committee on Tuesday.",
        "Hak cipta lagu itu kini dipegang oleh label rekaman tersebut.",
    ],
)
def test_body_lines_are_not_excluded(line):
    assert spans(f"Judul\n\n{line}\n\nIsi lain.") == []


def test_staff_lines_join_into_one_credit():
    text = (
        "Judul\n\nIsi.\n\n(ant/rds)\n\n"
        "Pewarta: Fajar Nugroho\nEditor: Siti Rahmawati\nCOPYRIGHT © ANTARA 2023"
    )
    assert spans(text) == [
        ("(ant/rds)", "credit"),
        ("Pewarta: Fajar Nugroho\nEditor: Siti Rahmawati", "credit"),
        ("COPYRIGHT © ANTARA 2023", "boilerplate"),
    ]


def test_related_list_after_heading():
    text = (
        "Judul\n\nParagraf terakhir.(nw/ab)\n\nBERITA TERKAIT\n\n"
        "Pemkab Bangun 12 Embung Baru\n\nHarga Gabah Turun Jadi Rp 5.900 per Kilogram\n\n"
        "Ini paragraf biasa yang diakhiri titik.\n"
    )
    assert spans(text) == [
        ("(nw/ab)", "credit"),
        ("BERITA TERKAIT", "related"),
        ("Pemkab Bangun 12 Embung Baru", "related"),
        ("Harga Gabah Turun Jadi Rp 5.900 per Kilogram", "related"),
    ]


def test_crlf_free_offsets_with_astral_characters():
    # offsets are code points: an emoji before the range must count as one
    text = "Judul 😀\n\nIsi 😀😀 berita.\n\nBaca juga: Artikel Lain 😀\n"
    (excluded,) = find_excluded(text)
    assert text[excluded.start : excluded.end] == "Baca juga: Artikel Lain 😀"


def test_text_is_never_modified_and_ranges_sorted():
    text = "ADVERTISEMENT\nJudul\n\nIsi.(ant/abc)\nBaca juga: X\nLEAVE A REPLY\nEditor: Y\n"
    result = detect_metadata(text)
    assert isinstance(result, Metadata)
    starts = [(r.start, r.end) for r in result.excluded]
    assert starts == sorted(starts)
    assert all(a[1] <= b[0] for a, b in zip(starts, starts[1:], strict=False))


# robustness -------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list("abcJAKRT -–—:,.()/\n\r\t0123456789")
            + ["Baca juga: ", "(ant/", "Januari", "BERITA TERKAIT", "Editor: ", "😀", ".com"]
        ),
        max_size=120,
    ).map("".join)
)
def test_never_raises(text):
    metadata = detect_metadata(text)
    for excluded in metadata.excluded:
        assert 0 <= excluded.start < excluded.end <= len(text)
        assert excluded.reason in EXCLUSION_REASONS
    if metadata.date_span is not None:
        start, end = metadata.date_span
        assert 0 <= start < end <= len(text)
    assert metadata.language in {"id", "en"}


# development set --------------------------------------------------------------------------


def _gold_articles() -> list[tuple[str, str, dict]]:
    gold_dir = samples_dir() / "gold"
    rows = []
    for path in sorted(gold_dir.glob("*.json")) if gold_dir.is_dir() else []:
        gold = json.loads(path.read_text(encoding="utf-8"))
        text_path = samples_dir() / gold["file"]
        text = text_path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
        rows.append((path.name, text, gold))
    return rows


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").casefold() == (b or "").casefold()


def test_metadata_accuracy_on_samples(capsys):
    """Measures the detector against samples/gold and reports the figures (pytest -s).

    Outlets compare case-insensitively (the gold writes some domains as the outlet spells
    them, e.g. "KOMPAS.com"). Places count strictly and leniently: this detector keeps the
    province the dateline gives ("Majalengka, Jawa Barat"); lenient accepts the city alone.
    """
    rows = _gold_articles()
    if not rows:
        pytest.skip("no gold samples yet")
    counts = {"date": 0, "outlet": 0, "place": 0, "place_lenient": 0, "title": 0, "excluded": 0}
    misses = []
    for name, text, gold in rows:
        expected = gold.get("metadata", {})
        got = detect_metadata(text)
        checks = {
            "date": (got.date.isoformat() if got.date else None) == expected.get("date"),
            "outlet": _same(got.outlet, expected.get("outlet")),
            "place": _same(got.place, expected.get("place")),
            "place_lenient": _same(got.place, expected.get("place"))
            or _same((got.place or "").split(",")[0], expected.get("place")),
            "title": got.title == expected.get("title"),
            "excluded": [(text[r.start : r.end], r.reason) for r in got.excluded]
            == [(e["text"], e["reason"]) for e in gold.get("excluded", [])],
        }
        for key, ok in checks.items():
            counts[key] += ok
            if not ok:
                misses.append(f"{name}: {key}")
    total = len(rows)
    with capsys.disabled():
        figures = ", ".join(f"{key} {value}/{total}" for key, value in counts.items())
        print(f"\nmetadata on {total} gold samples: {figures}")
        for miss in misses:
            print(f"  miss {miss}")
    assert counts["date"] >= 0.7 * total
    assert counts["outlet"] >= 0.7 * total
    assert counts["place_lenient"] >= 0.7 * total


# --- speed-ups that must not change what is found ------------------------------------------

_LINE_PARTS = st.lists(
    st.sampled_from(
        [
            "Harga naik.",
            " ",
            "(ant)",
            "(rls)",
            "Sumber: Kompas.com",
            "Editor: Budi",
            '"',
            "”",
            ")",
            "]",
            "?",
            "(red/abc)",
            "(Reporting by Jane Doe; Editing by X)",
            "This story was produced by X.",
            "Baca juga: Banjir",
            "advertisement",
            "x",
        ]
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=400, deadline=None)
@given(_LINE_PARTS)
def test_excluded_line_is_what_searching_every_pattern_finds(parts: list[str]) -> None:
    from annotator.core.metadata import _credit_patterns, _excluded_in_line, _line_patterns

    line = "".join(parts).strip()
    expected = None
    for reason, pattern in _line_patterns():
        if pattern.fullmatch(line):
            expected = ExcludedRange(7, 7 + len(line), reason)
            break
    else:
        for pattern in _credit_patterns():
            match = pattern.search(line)
            if match:
                expected = ExcludedRange(7 + match.start("credit"), 7 + len(line), "credit")
                break
    assert _excluded_in_line(line, 7) == expected


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from([" ", *"2023 12 3 / - . , ( ) T10:00 Jan Mei x 1st".split()]),
        max_size=10,
    )
)
def test_digit_first_date_patterns_match_like_their_look_behind_forms(parts: list[str]) -> None:
    from annotator.core.dates import _patterns

    text = "".join(parts)
    for kind, pattern in _patterns():
        plain = re.sub(
            r"^\\d\(\?<!\[([^\]]*)\]\\d\)(\\d\{3\}|\\d\?)", _undo_digit_first, pattern.pattern
        )
        reference = re.compile(plain, pattern.flags)
        got = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
        assert got == [(m.span(), m.groupdict()) for m in reference.finditer(text)], kind


def _undo_digit_first(match: re.Match[str]) -> str:
    """``\\d(?<![C]\\d)\\d{3}`` -> ``(?<![C])\\d{4}``; ``\\d(?<![C]\\d)\\d?`` -> ``...\\d{1,2}``."""
    count = "{4}" if match.group(2) == r"\d{3}" else "{1,2}"
    return rf"(?<![{match.group(1)}])\d{count}"
