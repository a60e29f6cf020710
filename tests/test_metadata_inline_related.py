"""Related-article links glued inside a paragraph ("... kata dia.Baca juga: Judul Lain ...").

The articles here are made up in the style of scraped Indonesian and English online news.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.metadata import ExcludedRange, find_excluded, related_boundaries
from annotator.core.pipeline import analyze_text
from annotator.core.segment import segment


def _related(text: str) -> list[str]:
    return [text[r.start : r.end] for r in find_excluded(text) if r.reason == "related"]


def _article(paragraph: str) -> str:
    return (
        f"Judul Berita Contoh Hari Ini\n\nJAKARTA - Pembukaan berita ada di sini.\n\n{paragraph}\n"
    )


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # glued after the stop, the text resumes with "Sementara itu,"
        (
            "Stok aman hingga Maret, kata dia.Baca juga: Harga Beras Naik Jelang Lebaran "
            "Sementara itu, Bupati Garut meminta warga tidak panik.",
            "Baca juga: Harga Beras Naik Jelang Lebaran",
        ),
        # spaced after a date in brackets; "di" stays lower case in the Title Case headline
        (
            "Air naik pada Selasa (3/1/2023). Baca juga: Banjir Rendam 3 Desa di Kabupaten "
            "Bandung Menurutnya, air mulai surut sore hari.",
            "Baca juga: Banjir Rendam 3 Desa di Kabupaten Bandung",
        ),
        # upper-case label, pronoun opener
        (
            "Petugas berjaga sejak pagi. BACA JUGA: Polisi Amankan Dua Pelaku Curanmor "
            "Ia menambahkan, patroli digelar setiap malam.",
            "BACA JUGA: Polisi Amankan Dua Pelaku Curanmor",
        ),
        # the article resumes with a speaker's role and a reporting verb
        (
            "Warga mengungsi ke balai desa.Baca Juga: Bupati Tinjau Lokasi Longsor di Cianjur "
            "Kepala BPBD Cianjur Asep Hermawan mengatakan, 30 rumah rusak.",
            "Baca Juga: Bupati Tinjau Lokasi Longsor di Cianjur",
        ),
        # ... or with an upper-case rank
        (
            "Dua motor disita.Baca juga: Curanmor Marak di Perumahan Elit "
            "AKBP Rudi Santoso menjelaskan, pelaku beraksi malam hari.",
            "Baca juga: Curanmor Marak di Perumahan Elit",
        ),
        # ... or with a quotation in sentence case
        (
            "Pasar ramai sejak subuh. Simak juga: Harga Cabai Rawit Tembus Rp 80 Ribu "
            '"Kami terpaksa mengurangi stok," kata Sumarni, pedagang.',
            "Simak juga: Harga Cabai Rawit Tembus Rp 80 Ribu",
        ),
        # sentence-case headline (Kompas style) before an opener with a comma
        (
            "Rapat berlangsung tertutup. Baca juga: Harga gabah turun, petani di Karawang "
            "merugi Selain itu, dinas akan membuka posko pengaduan.",
            "Baca juga: Harga gabah turun, petani di Karawang merugi",
        ),
        # a headline with a question mark running to the end of the line
        (
            "Kebijakan berlaku bulan depan. Baca juga: Kenapa Tarif Parkir Naik? Ini Kata Dishub",
            "Baca juga: Kenapa Tarif Parkir Naik? Ini Kata Dishub",
        ),
        # English wire style
        (
            "The bridge reopened on Friday. Read also: Floods Hit Northern Towns Again "
            "The agency said water levels were falling.",
            "Read also: Floods Hit Northern Towns Again",
        ),
        # an abbreviation inside the headline is not a sentence end
        (
            "Tim SAR masih bersiaga. Baca juga: Jembatan di Kab. Garut Putus Diterjang Banjir "
            "Sebelumnya, jembatan itu sempat retak.",
            "Baca juga: Jembatan di Kab. Garut Putus Diterjang Banjir",
        ),
    ],
)
def test_glued_label_and_headline_are_related(paragraph: str, expected: str) -> None:
    text = _article(paragraph)
    assert _related(text) == [expected]
    (found,) = [r for r in find_excluded(text) if r.reason == "related"]
    # never cuts a word; the article text after it stays
    assert not text[found.end].isalnum() and not text[found.start - 1].isalnum()


def test_unsure_headline_end_excludes_the_label_only() -> None:
    # A Title Case headline runs straight into a name and a cue: where the headline ends is
    # not knowable, so only the label is left out and no article text is eaten.
    text = _article(
        "Pasokan dinilai cukup. Baca juga: Harga Beras Naik Jelang Lebaran Andi Suryadi "
        "mengatakan, harga naik 20 persen."
    )
    assert _related(text) == ["Baca juga:"]
    # a full stop inside what follows the label: article text, not a headline
    text = _article(
        "Pasokan dinilai cukup. Baca juga: Harga Naik. Warga mengeluh harga naik terus. "
        "Sementara itu, Bupati meninjau pasar."
    )
    assert _related(text) == ["Baca juga:"]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Warga diminta membaca juga aturan baru sebelum mendaftar.",
        "Pemohon disarankan baca juga: panduan teknis di laman resmi.",  # lower case
        "Ia meminta siswa Baca juga buku sejarah daerah.",  # no colon
        "Menurut dia, baca juga: itu saran lama.",
        "Panitia menulis Baca juga: di papan pengumuman.",  # not after a sentence end
        "Pengumuman itu berbunyi Related: tidak ada.",
    ],
)
def test_prose_is_never_excluded(paragraph: str) -> None:
    assert _related(_article(paragraph)) == []


def test_line_starting_with_the_label() -> None:
    # a whole line stays excluded as before
    text = _article("Baca juga: DKPP Berhentikan Ketua KPU Kabupaten karena Terima Gratifikasi")
    assert _related(text) == [
        "Baca juga: DKPP Berhentikan Ketua KPU Kabupaten karena Terima Gratifikasi"
    ]
    # a scrape that lost the line break after the headline keeps the article text
    text = _article(
        "Baca juga: Harga Beras Naik Jelang Lebaran Sementara itu, Bupati Garut meminta "
        "warga tetap tenang."
    )
    assert _related(text) == ["Baca juga: Harga Beras Naik Jelang Lebaran"]
    # the label alone on its line is a heading, as before
    text = "Judul\n\nIsi berita.\n\nBaca Juga:\n\nBanjir Rendam Desa\n\nIsi lagi.\n"
    assert _related(text) == ["Baca Juga:", "Banjir Rendam Desa"]


def test_two_labels_in_one_paragraph_and_a_glued_credit() -> None:
    text = _article(
        "Hujan turun deras.Baca juga: Longsor Tutup Jalan Provinsi Namun, arus lalu lintas "
        "kembali normal. Baca juga: Sekolah Diliburkan Tiga Hari Menurutnya, siswa belajar "
        "dari rumah.(ant/abc)"
    )
    assert [(text[r.start : r.end], r.reason) for r in find_excluded(text)] == [
        ("Baca juga: Longsor Tutup Jalan Provinsi", "related"),
        ("Baca juga: Sekolah Diliburkan Tiga Hari", "related"),
        ("(ant/abc)", "credit"),
    ]


def test_glued_link_at_the_end_of_a_line_joins_the_next_related_line() -> None:
    text = _article("Acara selesai pukul 12.00.Baca juga: Bazar UMKM Digelar di Alun-alun")
    text += "Baca juga: Jalan Sudirman Ditutup Sementara\n\nIsi berikutnya.\n"
    assert _related(text) == [
        "Baca juga: Bazar UMKM Digelar di Alun-alun\nBaca juga: Jalan Sudirman Ditutup Sementara"
    ]


def test_sentences_split_around_the_link() -> None:
    paragraph = (
        "Stok aman, kata dia.Baca juga: Harga Beras Naik Jelang Lebaran Sementara itu, "
        "Bupati Garut meminta warga tidak panik."
    )
    text = _article(paragraph)
    got = [text[a:b] for a, b in segment(text)][-3:]
    assert got == [
        "Stok aman, kata dia.",
        "Baca juga: Harga Beras Naik Jelang Lebaran",
        "Sementara itu, Bupati Garut meminta warga tidak panik.",
    ]
    related = [r for r in find_excluded(text) if r.reason == "related"]
    assert all((r.start, r.end) in segment(text) for r in related)
    # the label alone when unsure is a sentence of its own too
    text = _article(
        "Pasokan cukup. Baca juga: Harga Naik Jelang Lebaran Andi Suryadi mengatakan, aman."
    )
    assert "Baca juga:" in [text[a:b] for a, b in segment(text)]


def test_no_label_no_boundaries() -> None:
    assert related_boundaries("Harga naik. Pukul 10:00 WIB: rapat dimulai.") == []
    assert related_boundaries("Baca juga: Banjir Rendam Desa\nIsi berita.") == []


def test_suggestions_skip_the_linked_headline() -> None:
    text = (
        "Stok Beras Aman Jelang Lebaran\n\n"
        "GARUT - Kepala Dinas Perdagangan Garut Andi Suryadi mengatakan, stok beras di gudang "
        'mencapai 1.200 ton.Baca juga: Bupati: "Harga Beras Naik 30 Persen Bulan Ini" '
        "Sementara itu, harga beras medium naik 12 persen dibanding pekan lalu.\n"
    )
    analysis = analyze_text(text)
    (related,) = [(s, e) for s, e, reason in analysis.excluded if reason == "related"]
    assert (
        text[related[0] : related[1]] == 'Baca juga: Bupati: "Harga Beras Naik 30 Persen Bulan Ini"'
    )
    for suggestion in analysis.suggestions:
        assert suggestion["end"] <= related[0] or suggestion["start"] >= related[1], suggestion
    claims = [text[s["start"] : s["end"]] for s in analysis.suggestions if s["kind"] == "claim"]
    # the article sentence after the link still yields its claim
    assert any("naik 12 persen" in claim for claim in claims), claims


_PIECES = st.sampled_from(
    [
        "Baca juga: ",
        "BACA JUGA:",
        "Read also: ",
        "Related:",
        "baca juga: ",
        "kata dia.",
        ". ",
        "Harga ",
        "Beras ",
        "Naik ",
        "di ",
        "Sementara ",
        "itu, ",
        "Kepala ",
        "Dinas ",
        "mengatakan ",
        '"Kami ',
        'siap," ',
        "(ant)",
        "\n",
        "x",
        "?",
        " ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_ranges_are_whole_words_and_sentences(text: str) -> None:
    ranges = find_excluded(text)
    for previous, current in zip(ranges, ranges[1:], strict=False):
        assert previous.end <= current.start
    spans = segment(text)
    starts = {a for a, _ in spans}
    ends = {b for _, b in spans}
    for found in ranges:
        assert isinstance(found, ExcludedRange)
        assert 0 <= found.start < found.end <= len(text)
        piece = text[found.start : found.end]
        assert piece == piece.strip()
        if found.reason == "related" and re.match(r"\w", piece):
            assert found.start == 0 or not text[found.start - 1].isalnum()
            assert found.end == len(text) or not (
                text[found.end].isalnum() and text[found.end - 1].isalnum()
            )
            assert found.start in starts and found.end in ends


@pytest.mark.parametrize(
    ("paragraph", "kept"),
    [
        # no opener is known and the paragraph has no final stop: the rest of the line is not
        # taken for the headline (it holds the speaker's sentence)
        (
            "Stok dipastikan cukup, kata dia. Baca juga: Harga Beras Naik Helmi Budiman "
            "mengatakan stok aman (ant)",
            "Helmi Budiman mengatakan stok aman",
        ),
        (
            "Prices held, he said. Read also: Rice Prices Rise John Smith told reporters "
            "prices would fall",
            "John Smith told reporters prices would fall",
        ),
    ],
)
def test_a_line_that_reads_on_as_prose_keeps_its_text(paragraph: str, kept: str) -> None:
    text = _article(paragraph)
    for excluded in _related(text):
        assert kept not in excluded, excluded


def test_a_label_inside_a_straight_quotation_is_prose() -> None:
    text = _article(
        'Kepala dinas berkata: "Baca juga: aturan yang baru itu, semua warga wajib paham," '
        "katanya."
    )
    assert _related(text) == []
    assert not any(
        text[s:e] == "Baca juga:" for s, e in segment(text)
    ), "the quotation stays one sentence"
