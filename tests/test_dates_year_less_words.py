"""Year-less dates in words ("Selasa, 3 Januari", "17 Agustus lalu", "on March 3"): found
like the bracketed "(3/1)", and counted as the published date only when they name the day.

The snippets are made up in the style of Indonesian and English online news.
"""

from __future__ import annotations

from datetime import date

import pytest

from annotator.core.dates import FoundDate, find_dates, parse_date
from annotator.core.metadata import detect_metadata


def _found(text: str, language: str = "id") -> list[tuple[str, date, str | None]]:
    return [(text[f.start : f.end], f.date, f.year_less) for f in find_dates(text, language)]


def test_year_from_the_full_date_of_the_same_text() -> None:
    text = "Rapat digelar Selasa, 3 Januari. Notulen terbit 5 Januari 2023 pukul 10.00 WIB."
    assert _found(text) == [
        ("3 Januari", date(2023, 1, 3), "words"),
        ("5 Januari 2023", date(2023, 1, 5), None),
    ]
    # near the turn of the year the closer year wins, as for "(28/12)"
    text = "Banjir datang Kamis, 29 Desember. Laporan BPBD tertanggal 3/1/2023."
    assert _found(text)[0] == ("29 Desember", date(2022, 12, 29), "words")


def test_no_full_date_no_year_less_date() -> None:
    assert find_dates("Rapat digelar Selasa, 3 Januari, di balai desa.", "id") == []
    assert parse_date("Selasa, 3 Januari") is None
    assert parse_date("Selasa, 3 Januari", reference=date(2023, 1, 10)) == date(2023, 1, 3)
    assert parse_date("on March 3", language="en", reference=date(2023, 4, 1)) == date(2023, 3, 3)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Upacara pada 17 Agustus lalu. Rilis 1/9/2023.", "id", "17 Agustus"),
        ("The vote on March 3 was delayed. Filed Jan. 5, 2023.", "en", "March 3"),
        ("Ballots went out Jan. 3 by mail. Filed Jan. 5, 2023.", "en", "Jan. 3"),
        ("It opened on the 3rd of March. Filed Jan. 5, 2023.", "en", "3rd of March"),
        ("Flooding began 3 May in the valley. Filed 5 June 2023.", "en", "3 May"),
        ("Pasar dibuka 3 Jan. dan ramai. Rilis 5/1/2023.", "id", "3 Jan."),
        ("Sidang ditunda hingga 20 Mei. Rilis 5/5/2023.", "id", "20 Mei"),  # stop left out
    ],
)
def test_forms_found(text: str, language: str, expected: str) -> None:
    found = _found(text, language)
    assert found[0][0] == expected and found[0][2] == "words"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Pada Mei 3 orang tewas tertimbun longsor.", "id"),  # month first is not Indonesian
        ("Up to 3 may be hurt, police said.", "en"),  # lower-case "may"
        ("Kiriman 3 Jan tiba di gudang.", "id"),  # short name without its full stop
        ("Sales rose in March 10 percent on the year.", "en"),
        ("Arsip 3 Januari 20 hilang.", "id"),  # a number follows: not a year-less date
        ("Skor 4 Juniper menang.", "id"),  # not a month
        ("Pertandingan hari ke-3 Maret", "id"),  # an ordinal
    ],
)
def test_not_year_less_dates(text: str, language: str) -> None:
    text += " Rilis 5/5/2023."
    assert [f for f in find_dates(text, language) if f.year_less == "words"] == []


def test_full_dates_unchanged_and_not_marked() -> None:
    text = "Selasa, 3 Januari 2023 dan Jan. 3, 2023 serta (21/10)."
    found = find_dates(text, "id")
    assert [f.year_less for f in found] == [None, None, "numeric"]
    assert found[0] == FoundDate(date(2023, 1, 3), 8, 22)


def _published(text: str) -> tuple[date | None, str | None]:
    meta = detect_metadata(text)
    span = meta.date_span
    return meta.date, (text[span[0] : span[1]] if span else None)


def test_published_takes_a_year_less_date_that_names_its_day() -> None:
    text = (
        "Pemkot Gelar Rapat Banjir\n\n"
        "BANDUNG - Pemkot Bandung menggelar rapat penanganan banjir pada Selasa, 3 Januari, "
        "di Balai Kota. Notulen rapat diterbitkan 5 Januari 2023 oleh bagian humas.\n"
    )
    assert _published(text) == (date(2023, 1, 3), "3 Januari")


def test_published_passes_over_other_days() -> None:
    # a bare "3 Mei" about a past event does not override the full date
    text = (
        "Warga Kenang Banjir Besar\n\n"
        "GARUT - Warga Desa Sukamaju mengenang banjir 3 Mei yang merendam ratusan rumah. "
        "Doa bersama digelar Selasa (3/1/2023) di masjid desa.\n"
    )
    assert _published(text) == (date(2023, 1, 3), "3/1/2023")
    # "lalu" marks another day, even with a weekday
    text = (
        "Upacara di Alun-alun\n\n"
        "CIAMIS - Upacara yang digelar Kamis, 17 Agustus lalu, diikuti 2.000 pelajar. "
        "Evaluasi panitia dirilis Senin (4/9/2023).\n"
    )
    assert _published(text) == (date(2023, 9, 4), "4/9/2023")
    # a weekday that does not fit the year is a misreading: passed over
    text = (
        "Rapat Anggaran Ditunda\n\n"
        "SUMBAWA - Rapat anggaran yang dijadwalkan Rabu, 3 Januari, ditunda. "
        "Surat penundaan bertanggal 5 Januari 2023.\n"
    )
    assert _published(text) == (date(2023, 1, 5), "5 Januari 2023")


def test_header_full_date_still_wins() -> None:
    text = (
        "Harga Cabai Turun\n"
        "Kamis, 5 Januari 2023 10:15 WIB\n\n"
        "JAKARTA - Harga cabai rawit turun sejak Selasa, 3 Januari, menurut pedagang.\n"
    )
    assert _published(text) == (date(2023, 1, 5), "5 Januari 2023")


def test_no_full_date_no_published_date() -> None:
    text = (
        "Rapat Digelar\n\nJAKARTA - Rapat digelar Selasa, 3 Januari, di kantor wali kota "
        "untuk membahas banjir.\n"
    )
    assert _published(text) == (None, None)


def test_english_weekday_and_month_first() -> None:
    text = (
        "Council Approves Budget\n\n"
        "MILLBROOK, Pa. — The council met on Tuesday, Jan. 3, and approved the budget. "
        "A summary was posted Jan. 5, 2023.\n"
    )
    assert _published(text) == (date(2023, 1, 3), "Jan. 3")
    text = (
        "Council Approves Budget\n\n"
        "MILLBROOK, Pa. — The council, which first met on March 3, approved the budget. "
        "A summary was posted Jan. 5, 2023.\n"
    )
    assert _published(text) == (date(2023, 1, 5), "Jan. 5, 2023")
