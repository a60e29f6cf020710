"""Tests for annotator.core.dates: finding and parsing Indonesian and English dates."""

from __future__ import annotations

from datetime import date

import pytest
from dateutil import parser as du_parser
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.dates import FoundDate, IndonesianParserInfo, find_dates, parse_date

JAN3 = date(2023, 1, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Selasa (3/1/2023)", JAN3),
        ("Jumat (3/1/20)", date(2020, 1, 3)),
        ("3 Januari 2023", JAN3),
        ("Selasa, 3 Januari 2023 17:42 WIB", JAN3),
        ("03 Jan 2023", JAN3),
        ("3 Jan 2023", JAN3),
        ("3 Agustus 2023", date(2023, 8, 3)),
        ("17 Agt 2023", date(2023, 8, 17)),
        ("5 Mei 2024", date(2024, 5, 5)),
        ("1 Okt. 2022", date(2022, 10, 1)),
        ("25 Desember 2022", date(2022, 12, 25)),
        ("9 Pebruari 2021", date(2021, 2, 9)),
        ("Jum'at, 7 Agustus 2020", date(2020, 8, 7)),
        ("3/1/2023", JAN3),
        ("03-01-2023", JAN3),
        ("03.01.2023", JAN3),
        ("13/3/2023", date(2023, 3, 13)),
        ("2023/01/03", JAN3),
        ("2023-01-03", JAN3),
        ("2023-01-03T10:00:00+07:00", JAN3),
        ("2023-01-03 23:30", JAN3),
        ("2023-01-03T23:30:00Z", JAN3),
    ],
)
def test_parse_indonesian(text, expected):
    assert parse_date(text) == expected
    assert parse_date(text, language="id") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jan. 3, 2023", JAN3),
        ("January 3, 2023", JAN3),
        ("January 3 2023", JAN3),
        ("Tuesday, January 3rd, 2023", JAN3),
        ("3 January 2023", JAN3),
        ("3rd of January 2023", JAN3),
        ("3 Jan 2023", JAN3),
        ("Sept. 5, 2022", date(2022, 9, 5)),
        ("Tue, 03 Jan 2023 10:00:00 GMT", JAN3),
        ("1/3/2023", JAN3),  # English numeric dates are month first
        ("12/25/2022", date(2022, 12, 25)),
        ("2023-01-03T10:00:00+07:00", JAN3),
    ],
)
def test_parse_english(text, expected):
    assert parse_date(text, language="en") == expected


def test_numeric_order_follows_language():
    assert parse_date("1/3/2023", language="id") == date(2023, 3, 1)
    assert parse_date("1/3/2023", language="en") == date(2023, 1, 3)


def test_trap_fuzzy_day_name_is_not_27_march():
    # dateutil 4.0.0: parse("Selasa, 3 Januari 2023", fuzzy=True) gives 27 March.
    assert parse_date("Selasa, 3 Januari 2023") == JAN3
    (found,) = find_dates("Jakarta, Selasa, 3 Januari 2023 - Acara dimulai.", "id")
    assert found.date == JAN3


def test_trap_iso_with_dayfirst_is_not_1_march():
    # dateutil 4.0.0: parse("2023-01-03T10:00:00+07:00", dayfirst=True) gives 1 March.
    assert parse_date("2023-01-03T10:00:00+07:00", language="id") == JAN3
    text = "Diterbitkan 2023-01-03T10:00:00+07:00 oleh redaksi."
    (found,) = find_dates(text, "id")
    assert found.date == JAN3
    assert text[found.start : found.end] == "2023-01-03T10:00:00+07:00"


def test_parserinfo_knows_indonesian_names():
    info = IndonesianParserInfo(dayfirst=True)
    assert du_parser.parse("3 Januari 2023", parserinfo=info).date() == JAN3
    assert du_parser.parse("Selasa 3 Januari 2023", parserinfo=info).date() == JAN3
    assert info.month("Desember") == 12 and info.month("Agt") == 8
    assert info.weekday("Jumat") == 4 and info.weekday("Minggu") == 6


@pytest.mark.parametrize(
    "text",
    [
        "",
        "tanpa tanggal sama sekali",
        "31/2/2023",  # impossible day
        "Rp1.500.000 untuk 3/4 warga",
        "pukul 10.00 WIB",
        "UU No 7 Tahun 2017",
        "periode 2019-2024",
        "telepon 021-555-1234",
        "skor 2-1",
        "versi 1.2.3",
        "Selasa (21/10)",  # year-less without a reference
        "Januari 2024",  # no day
    ],
)
def test_no_date(text):
    assert parse_date(text) is None


def test_year_less_takes_reference_year():
    assert parse_date("Selasa (21/10)", reference=date(2022, 10, 25)) == date(2022, 10, 21)
    # near a year boundary the closer year wins
    assert parse_date("Rabu (28/12)", reference=date(2023, 1, 3)) == date(2022, 12, 28)
    assert parse_date("Senin (2/1)", reference=date(2022, 12, 30)) == date(2023, 1, 2)
    assert parse_date("(29/2)", reference=date(2023, 3, 1)) is None


def test_find_dates_year_from_the_articles_own_full_date():
    text = "Jakarta - Rapat digelar Selasa (21/10). Laporan terbit 25 Oktober 2022 pukul 10.00."
    found = find_dates(text, "id")
    assert [f.date for f in found] == [date(2022, 10, 21), date(2022, 10, 25)]
    assert [text[f.start : f.end] for f in found] == ["21/10", "25 Oktober 2022"]


def test_find_dates_year_less_only():
    assert find_dates("Rapat digelar Selasa (21/10) di Bandung.", "id") == []


def test_find_dates_spans_and_order():
    text = (
        "Dirilis 2023-01-03T10:00:00+07:00.\n"
        "BANDUNG - Rapat Selasa (3/1/2023) membahas jadwal 14 Februari 2024 "
        "dan Jan. 5, 2024."
    )
    found = find_dates(text, "id")
    assert [text[f.start : f.end] for f in found] == [
        "2023-01-03T10:00:00+07:00",
        "3/1/2023",
        "14 Februari 2024",
        "Jan. 5, 2024",
    ]
    assert [f.date for f in found] == [JAN3, JAN3, date(2024, 2, 14), date(2024, 1, 5)]
    assert all(isinstance(f, FoundDate) for f in found)


def test_find_dates_english_month_first():
    text = "WASHINGTON (AP) - The vote on 1/3/2023 was delayed, officials said on Tuesday."
    (found,) = find_dates(text, "en")
    assert found.date == JAN3
    assert text[found.start : found.end] == "1/3/2023"


def test_two_digit_year():
    (found,) = find_dates("Hingga Jumat (3/1/20) siang.", "id")
    assert found.date == date(2020, 1, 3)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/-.:T+ ()JanuriDesMiOkt,\n")), max_size=60))
def test_never_raises_and_spans_are_sane(text):
    parse_date(text)
    parse_date(text, language="en", reference=date(2023, 6, 1))
    previous_end = 0
    for found in find_dates(text, "id"):
        assert previous_end <= found.start < found.end <= len(text)
        previous_end = found.end


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)))
def test_round_trip_written_forms(day):
    months = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ]
    assert parse_date(f"{day.day} {months[day.month - 1]} {day.year}") == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day
    assert parse_date(f"{day.month}/{day.day}/{day.year}", language="en") == day
    assert parse_date(day.isoformat()) == day
    # English month names written out: strftime("%B") would follow the process locale
    english = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ][day.month - 1]
    assert parse_date(f"{english} {day.day:02d}, {day.year}", language="en") == day
