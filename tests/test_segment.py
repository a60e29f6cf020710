"""Sentence segmentation: one test per convention, invariants, speed and the dev-set score."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.eval_segmentation import evaluate_segmentation, format_report
from annotator.core.segment import segment, sentence_boundaries, sentences


def split(text: str) -> list[str]:
    return sentences(text)


# --- paragraphs, headlines, boilerplate -------------------------------------------------------


def test_every_line_is_at_least_one_sentence():
    text = (
        "BUPATI RESMIKAN JEMBATAN BARU DI DESA SUKAMAJU\n\n"
        "Warga Sambut Gembira\n\n"
        "Jembatan itu dibangun sejak tahun lalu. Panjangnya 40 meter\n"
        "Baca juga: Harga Beras Naik Lagi\n\n"
        "LEAVE A REPLY\n\nPlease enter your comment!\nPlease enter your name here"
    )
    assert split(text) == [
        "BUPATI RESMIKAN JEMBATAN BARU DI DESA SUKAMAJU",
        "Warga Sambut Gembira",
        "Jembatan itu dibangun sejak tahun lalu.",
        "Panjangnya 40 meter",
        "Baca juga: Harga Beras Naik Lagi",
        "LEAVE A REPLY",
        "Please enter your comment!",
        "Please enter your name here",
    ]


def test_crlf_and_unicode_line_separators_are_paragraph_ends():
    assert split("Satu dua\r\nTiga empat\u2028Lima") == ["Satu dua", "Tiga empat", "Lima"]


# --- stops with and without a following space -------------------------------------------------


def test_boundary_after_stop_without_space_indonesian():
    text = "Rapat digelar tahun 2024.Rapat itu diikuti warga, katanya.Dirinya juga hadir."
    assert split(text) == [
        "Rapat digelar tahun 2024.",
        "Rapat itu diikuti warga, katanya.",
        "Dirinya juga hadir.",
    ]


def test_boundary_after_stop_without_space_english():
    assert split("The vote was in 2024.Turnout was high!Why?Nobody knows.") == [
        "The vote was in 2024.",
        "Turnout was high!",
        "Why?",
        "Nobody knows.",
    ]


def test_closing_quote_after_stop_stays_with_sentence_before():
    assert split("Ia bilang “jaga kondisi fisik.”Dalam rapat itu ia hadir.") == [
        "Ia bilang “jaga kondisi fisik.”",
        "Dalam rapat itu ia hadir.",
    ]
    assert split('He said "keep fit."Then he left (quietly.) Later he came back.') == [
        'He said "keep fit."',
        "Then he left (quietly.)",
        "Later he came back.",
    ]


def test_stop_glued_to_opening_quote_indonesian():
    text = "Aturannya ada di UU Pemilu No 7 Tahun 2017.“Kami mendukung penuh,” tambahnya."
    assert split(text) == [
        "Aturannya ada di UU Pemilu No 7 Tahun 2017.",
        "“Kami mendukung penuh,” tambahnya.",
    ]


def test_straight_quote_after_stop_opens_or_closes_by_parity():
    assert split('Ia sehat secara fisik."Dalam hal ini kami siap," katanya.') == [
        "Ia sehat secara fisik.",
        '"Dalam hal ini kami siap," katanya.',
    ]
    assert split('Ia berkata "kami siap."Semua mengangguk.') == [
        'Ia berkata "kami siap."',
        "Semua mengangguk.",
    ]


def test_ellipsis_character_is_a_stop():
    assert split("Kami menunggu\u2026 Lalu ia datang.") == [
        "Kami menunggu\u2026",
        "Lalu ia datang.",
    ]


# --- quotations and their attribution --------------------------------------------------------


def test_quote_with_comma_and_cue_is_one_sentence_indonesian():
    text = "“Kami siap mengawal pemilu tahun ini,” katanya. Ia lalu pergi."
    assert split(text) == ["“Kami siap mengawal pemilu tahun ini,” katanya.", "Ia lalu pergi."]


def test_quote_with_comma_and_cue_is_one_sentence_english():
    text = '"We are ready for the vote," he said. "It will be fine."'
    assert split(text) == ['"We are ready for the vote," he said.', '"It will be fine."']


def test_multi_sentence_quotation_is_split_at_inner_stops():
    assert split("“Kami siap. Semua sudah disiapkan,” kata Budi.") == [
        "“Kami siap.",
        "Semua sudah disiapkan,” kata Budi.",
    ]
    assert split('"We are ready. Everything is set," said Smith.') == [
        '"We are ready.',
        'Everything is set," said Smith.',
    ]


def test_question_or_exclamation_in_quote_before_lowercase_cue_is_one_sentence():
    assert split('"Why now?" he asked. Nobody answered.') == [
        '"Why now?" he asked.',
        "Nobody answered.",
    ]
    assert split("“Siap!” teriaknya. Semua tertawa.") == ["“Siap!” teriaknya.", "Semua tertawa."]
    assert split("“Kami sudah siap.” kata Budi.") == ["“Kami sudah siap.” kata Budi."]


def test_question_in_quote_before_name_and_reporting_verb_is_one_sentence():
    assert split('"Why now?" Smith asked. Nobody answered.') == [
        '"Why now?" Smith asked.',
        "Nobody answered.",
    ]
    assert split("“Siapa takut?” Budi menegaskan. Semua diam.") == [
        "“Siapa takut?” Budi menegaskan.",
        "Semua diam.",
    ]


def test_stop_and_closing_quote_before_name_and_reporting_verb_is_one_sentence():
    assert split("“Kami siap.” Kepala Dinas Budi menegaskan. Ya.") == [
        "“Kami siap.” Kepala Dinas Budi menegaskan.",
        "Ya.",
    ]
    assert split("“Kami siap.” Budi kemudian pergi.") == ["“Kami siap.”", "Budi kemudian pergi."]
    assert split("“Kami siap.” Kepala Dinas Budi mengatakan, pihaknya bekerja.") == [
        "“Kami siap.”",
        "Kepala Dinas Budi mengatakan, pihaknya bekerja.",
    ]


def test_opening_quote_glued_without_stop_starts_a_sentence():
    text = "Logistik dikirim sampai Tempat Pemungutan Suara (TPS)“Disini saya hadir,” imbuhnya."
    assert split(text) == [
        "Logistik dikirim sampai Tempat Pemungutan Suara (TPS)",
        "“Disini saya hadir,” imbuhnya.",
    ]
    assert split('The ballots reached every station"We are on time," she said.') == [
        "The ballots reached every station",
        '"We are on time," she said.',
    ]


def test_right_double_quote_misused_as_opening_mark():
    text = "Aturannya di UU No 7 Tahun 2017.”Bentuk dukungannya nyata,” tambahnya."
    assert split(text) == [
        "Aturannya di UU No 7 Tahun 2017.",
        "”Bentuk dukungannya nyata,” tambahnya.",
    ]
    assert split("Logistik sampai di (TPS)”Disini saya hadir,” imbuhnya.") == [
        "Logistik sampai di (TPS)",
        "”Disini saya hadir,” imbuhnya.",
    ]


def test_glued_scare_quote_is_not_a_boundary():
    assert split("Program“Indonesia Maju” berjalan baik.") == [
        "Program“Indonesia Maju” berjalan baik."
    ]


# --- abbreviations, titles, ranks, initials ---------------------------------------------------


def test_indonesian_titles_are_not_boundaries():
    text = (
        "Hadir Kepala Dinas Moh. Iskak, Dr. H. Endang Suparman, M.Si., Hj. Nurlaela, S.H., "
        "Ir. Dadang serta Prof. Dr. Budi, S.Pd. mewakili Kab. Majalengka di Kec. Cigasong."
    )
    assert split(text) == [text]


def test_indonesian_ranks_are_not_boundaries():
    text = (
        "Kapolres AKBP Budi dan Kombes Pol. Andi hadir bersama Irjen Pol. Teddy "
        "dan Letkol Inf. Dedi."
    )
    assert split(text) == [text]


def test_indonesian_address_and_number_abbreviations():
    text = (
        "Kantornya di Jl. KH. Abdul Halim No. 48, sesuai UU No. 7 Tahun 2017 dll. dan aturan lain."
    )
    assert split(text) == [text]


def test_english_titles_and_abbreviations_are_not_boundaries():
    text = (
        "Mr. Smith met Mrs. Jones, Dr. Brown, Gov. Newsom, Sen. Warren and Rep. Pelosi "
        "on Main St. yesterday."
    )
    assert split(text) == [text]
    assert split("On Jan. 5 and Feb. 12 the U.S. President spoke, e.g. on TV.") == [
        "On Jan. 5 and Feb. 12 the U.S. President spoke, e.g. on TV."
    ]


def test_title_glued_after_a_stop():
    assert split("They changed their habits.Mrs. Ann Lee, a teacher, agreed.") == [
        "They changed their habits.",
        "Mrs. Ann Lee, a teacher, agreed.",
    ]


def test_abbreviation_closing_a_bracket_is_not_a_boundary():
    assert split("Jenderal TNI (Purn.) Moeldoko hadir. Plt. Kepala Dinas juga.") == [
        "Jenderal TNI (Purn.) Moeldoko hadir.",
        "Plt. Kepala Dinas juga.",
    ]


def test_degree_after_a_name_ends_a_sentence_before_a_capital():
    assert split("Rapat dipimpin Budi, M.Si. Dalam sambutannya ia bicara.") == [
        "Rapat dipimpin Budi, M.Si.",
        "Dalam sambutannya ia bicara.",
    ]
    assert split("Budi, S.H. M.H. hadir. Budi, S.H., M.H. mengatakan hal itu.") == [
        "Budi, S.H. M.H. hadir.",
        "Budi, S.H., M.H. mengatakan hal itu.",
    ]
    assert split("Hadir Budi, S.H.M.H. dan Rina, M.Si.“Kami siap,” katanya.") == [
        "Hadir Budi, S.H.M.H. dan Rina, M.Si.",
        "“Kami siap,” katanya.",
    ]


def test_inline_numbered_list_items():
    assert split("Ada dua hal. 1. Pemilu jujur. 2. Pemilu adil.") == [
        "Ada dua hal.",
        "1. Pemilu jujur.",
        "2. Pemilu adil.",
    ]
    assert split("The bill expired on Sept. 30. Harga naik di Jl. Sudirman No. 7. Ia pergi.") == [
        "The bill expired on Sept. 30.",
        "Harga naik di Jl. Sudirman No. 7.",
        "Ia pergi.",
    ]


def test_title_after_a_question_glued():
    assert split("Apakah ini benar?Ms. Jones agreed.") == ["Apakah ini benar?", "Ms. Jones agreed."]


def test_dotted_abbreviation_ends_sentence_before_common_starter():
    assert split("He moved to the U.S. The family followed.") == [
        "He moved to the U.S.",
        "The family followed.",
    ]
    assert split("Apple Inc. The shares rose.") == ["Apple Inc.", "The shares rose."]


def test_initials_are_not_boundaries():
    assert split("Hadir H. M. Tauhid Hamdi. Author J. K. Rowling spoke.") == [
        "Hadir H. M. Tauhid Hamdi.",
        "Author J. K. Rowling spoke.",
    ]
    assert split("Ketua DPRD H. A. Rahman, S.H. dan anggota hadir.") == [
        "Ketua DPRD H. A. Rahman, S.H. dan anggota hadir."
    ]
    assert split("Kandidatnya Budi S. Ia lalu menang.") == [
        "Kandidatnya Budi S.",
        "Ia lalu menang.",
    ]
    assert split("Didampingi Rina Sari, M.T.Menurut Rina, harga turun.") == [
        "Didampingi Rina Sari, M.T.",
        "Menurut Rina, harga turun.",
    ]
    assert split("Hadir pula Dr.Ir.H.Budi Santoso.Kemudian acara dimulai.") == [
        "Hadir pula Dr.Ir.H.Budi Santoso.",
        "Kemudian acara dimulai.",
    ]


def test_list_enders_at_sentence_end_are_boundaries_before_capitals():
    assert split("Ada kursi, meja, dll. Selain itu ada lemari.") == [
        "Ada kursi, meja, dll.",
        "Selain itu ada lemari.",
    ]
    assert split("They sold apples, pears, etc. The market closed.") == [
        "They sold apples, pears, etc.",
        "The market closed.",
    ]


def test_list_enders_inside_sentence_are_not_boundaries():
    assert split("Budi dkk. mengatakan hal itu, dll. dan lainnya.") == [
        "Budi dkk. mengatakan hal itu, dll. dan lainnya."
    ]
    assert split("Penelitian Budi dkk. (2020) menunjukkan hal itu.") == [
        "Penelitian Budi dkk. (2020) menunjukkan hal itu."
    ]
    assert split("Smith et al. found apples, pears, etc., in the cellar.") == [
        "Smith et al. found apples, pears, etc., in the cellar."
    ]


# --- numbers, dates, domains, URLs, ellipses, datelines, credits ------------------------------


def test_numbers_are_not_boundaries():
    text = "Harganya Rp 75.000 dari Rp 1.000.000, naik 2,5 persen atau 3.5% pada pukul 10.30 WIB."
    assert split(text) == [text]


def test_dates_are_not_boundaries():
    assert split("Acara digelar Selasa (3/1/2023). Semua hadir.") == [
        "Acara digelar Selasa (3/1/2023).",
        "Semua hadir.",
    ]


def test_domains_and_urls_are_not_boundaries():
    text = (
        "Menurut detik.com dan sorana.co.id, lihat www.example.com/path atau "
        "https://Example.Com/A.Html saja."
    )
    assert split(text) == [text]


def test_long_urls_with_capitals_are_not_split():
    url = "https://www.example.com/berita/2024/01/05/bupati-resmikan-jembatan-baru/Index.Php"
    assert split(f"Lihat {url}?id=5 dan www.Example.Com/A.Berita ya.") == [
        f"Lihat {url}?id=5 dan www.Example.Com/A.Berita ya."
    ]


def test_uppercase_domain_in_dateline_is_not_a_boundary():
    text = "SORANA.CO.ID-INDRAMAYU JAWA BARAT: Bupati membuka rapat.Rapat berlangsung lancar."
    assert split(text) == [
        "SORANA.CO.ID-INDRAMAYU JAWA BARAT: Bupati membuka rapat.",
        "Rapat berlangsung lancar.",
    ]
    assert split("SPRINGFIELD, Ill. (AP) — The council voted. It was late.") == [
        "SPRINGFIELD, Ill. (AP) — The council voted.",
        "It was late.",
    ]
    assert split("Rapat di Jakarta.Info lebih lanjut di Kompas.Com saja.") == [
        "Rapat di Jakarta.",
        "Info lebih lanjut di Kompas.Com saja.",
    ]
    assert split("JAKARTA, KOMPAS.COM - Harga naik. Warga mengeluh.") == [
        "JAKARTA, KOMPAS.COM - Harga naik.",
        "Warga mengeluh.",
    ]


def test_ellipsis_before_lowercase_is_not_a_boundary():
    assert split("Dia bilang... entah apa. Lalu pergi... Kami menunggu.") == [
        "Dia bilang... entah apa.",
        "Lalu pergi...",
        "Kami menunggu.",
    ]
    assert split("He paused\u2026 and left.") == ["He paused\u2026 and left."]


def test_credit_line_glued_after_stop_is_its_own_sentence():
    text = "Rapat selesai sore hari, pungkasnya.Source Diskominfo-(sorana.co.id//ras/Ded/shb)"
    assert split(text) == [
        "Rapat selesai sore hari, pungkasnya.",
        "Source Diskominfo-(sorana.co.id//ras/Ded/shb)",
    ]
    assert split("Acaranya meriah.(ant/red)") == ["Acaranya meriah.", "(ant/red)"]
    assert split("Digelar tahun 2024.(foto/red)") == ["Digelar tahun 2024.", "(foto/red)"]


def test_line_initial_list_numbers_are_not_boundaries():
    assert split("1. Pemilu harus jujur.\n2. Pemilu harus adil.") == [
        "1. Pemilu harus jujur.",
        "2. Pemilu harus adil.",
    ]


def test_letter_after_a_number_is_a_unit_not_an_initial():
    assert split("Anggarannya Rp 2,5 M. Dana itu cair.") == [
        "Anggarannya Rp 2,5 M.",
        "Dana itu cair.",
    ]
    assert split("The library at 210 N. Main St. is open.") == [
        "The library at 210 N. Main St. is open."
    ]


def test_sentence_starting_with_a_number():
    assert split("Harga naik 5 persen. 10 orang ditangkap.") == [
        "Harga naik 5 persen.",
        "10 orang ditangkap.",
    ]


# --- API and invariants -----------------------------------------------------------------------


def test_zero_width_characters_between_sentences():
    assert split("Ia pergi.\u200bDia datang.") == ["Ia pergi.", "\u200bDia datang."]


def test_offsets_are_code_points_with_emoji():
    text = "Mantap 👍🏽 sekali. Lanjut 🇮🇩!"
    spans = segment(text)
    assert [text[a:b] for a, b in spans] == ["Mantap 👍🏽 sekali.", "Lanjut 🇮🇩!"]
    assert spans[1] == (text.index("Lanjut"), len(text))


def test_sentence_boundaries_are_ends_but_the_last():
    assert sentence_boundaries([(0, 5), (6, 10), (11, 20)]) == {5, 10}
    assert sentence_boundaries([]) == set()


def test_empty_and_whitespace_only():
    assert segment("") == []
    assert segment(" \n\t\u00a0\u2028 ") == []


def check_invariants(text: str) -> None:
    spans = segment(text)
    previous_end = 0
    covered = bytearray(len(text))
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert "\n" not in text[start:end]
        covered[start:end] = b"\x01" * (end - start)
        previous_end = end
    for index, char in enumerate(text):
        assert covered[index] or char.isspace(), (index, char)


_PIECES = st.sampled_from(
    [
        ".",
        "!",
        "?",
        "\u2026",
        "...",
        '"',
        "\u201c",
        "\u201d",
        "'",
        "\u2019",
        "(",
        ")",
        " ",
        "\n",
        "\r\n",
        "\u00a0",
        "\u2028",
        "Dr.",
        "Moh.",
        "dll.",
        "U.S.",
        "a.m.",
        "H.",
        "1.",
        "2024.",
        "Rp 75.000",
        "katanya",
        "Kami",
        "the",
        "The",
        "kompas.com",
        "KOMPAS.COM",
        "www.a.id/b",
        "👍🏽",
        "\u200b",
        "\t",
        ",",
        ":",
        "-",
        "ID",
        "Source",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_invariants_on_news_like_pieces(pieces):
    check_invariants("".join(pieces))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_invariants_on_arbitrary_unicode(text):
    check_invariants(text)


def test_fast_on_one_megabyte():
    paragraph = (
        "SORANA.CO.ID-JAKARTA: Kepala Dinas Moh. Iskak hadir pada 2024.Rapat itu dibuka "
        "oleh Dr. H. Budi, M.Si. di Jl. Sudirman No. 7.“Kami siap. Semua lancar,” katanya. "
        "Harga naik jadi Rp 75.000 (3.5%) menurut kompas.com... dan lainnya.\n\n"
    )
    text = (paragraph * (1_000_000 // len(paragraph) + 1))[:1_000_000]
    started = time.perf_counter()
    spans = segment(text)
    assert time.perf_counter() - started < 1.0
    assert len(spans) > 10_000
    for line in ("x" * 1_000_000, "kata " * 200_000, ". " * 500_000):
        started = time.perf_counter()
        segment(line)
        assert time.perf_counter() - started < 2.0


# --- whole made-up articles (written for these tests, not scraped) ---------------------------
# "¦" marks each expected boundary inside a line; every line end is one too.

_MADE_UP_ID = (
    "Home » Berita » Daerah\n"
    "Wabup Tinjau Pasar Murah, Harga Minyak Goreng Turun\n"
    "Oleh Redaksi - Senin, 12 Februari 2024 | 14:05 WIB\n"
    "CIREBON, kabarcirebon.com – Wakil Bupati Cirebon, Drs. H. Ahmad Fauzi, M.Si., "
    "meninjau pasar murah di Kec. Sumber, Senin (12/2/2024).¦ Dalam kunjungan itu ia "
    "didampingi Kadisperindag Ir. Rina Sari, M.T.¦Menurut Rina, harga minyak goreng turun "
    "dari Rp 17.500 menjadi Rp 15.000 per liter.\n"
    "“Stok aman hingga Lebaran.¦ Warga tidak perlu panik,” ujar Rina.¦Ia menambahkan, "
    "pasokan beras dll. juga mencukupi.\n"
    "Pantauan di lokasi, antrean warga mengular sejak pukul 07.00 WIB.¦ Sebagian warga "
    "datang dari Kab. Majalengka dan Kota Cirebon.\n"
    '"Alhamdulillah, harganya lebih murah...," kata Siti (45), warga Desa Sumber.\n'
    "Kapolresta Cirebon Kombes Pol. Sumarni, S.I.K., M.H. memastikan pengamanan berjalan "
    "lancar.¦ Ia menurunkan 120 personel gabungan TNI-Polri dkk. untuk berjaga.\n"
    "Baca Juga:\n"
    "Harga Cabai Rawit Tembus Rp 80 Ribu per Kg\n"
    "Program ini merupakan bagian dari Gerakan Pangan Murah (GPM) yg digelar serentak di "
    "40 kecamatan.¦Kegiatan serupa akan digelar kembali pada bulan Maret.¦(adv)\n"
    "Editor: Budi S.\n"
    "Tags: pasar murah cirebon minyak goreng\n"
    "Copyright © 2024 kabarcirebon.com.¦ All Rights Reserved.\n"
)

_MADE_UP_EN = (
    "Opinion | Why the U.S. needs a new farm bill — now\n"
    "Updated: Oct. 3, 2023, 6:15 a.m. ET\n"
    "By J.R. Smith and Mary-Ann O'Neil, Special to The Ledger\n"
    "NEW YORK, Oct 3 (Reuters) - Wheat futures on the Chicago Board of Trade fell 1.2% to "
    "$5.61 a bushel on Tuesday.¦ Corn was flat.\n"
    "\"It's a buyer's market,\" said Thomas Lee, an analyst at XYZ Capital Ltd. in "
    'Singapore.¦ "Nobody wants to hold inventory right now."\n'
    "The U.N. Food and Agriculture Organization (FAO) said its index fell for a third "
    "month.¦ Prices are down 24% from a peak in March 2022.\n"
    "Mr. Lee's comments came after the U.S. Department of Agriculture (USDA) raised its "
    "forecast.¦ U.S. farmers are expected to harvest 15.1 billion bushels of corn, the "
    "USDA said.\n"
    'Some traders were cautious.¦ "Who knows?" one said.¦ "The weather could change '
    'everything!"\n'
    "Sen. John Boozman, R-Ark., the ranking member of the Senate Agriculture Committee, "
    'said lawmakers would "get it done."¦ He did not give a date.\n'
    "Farmers in St. Louis, Mo., and Des Moines, Iowa, said costs (fuel, fertilizer, etc.) "
    "remain high.\n"
    "The bill — which covers everything from crop insurance to food stamps, i.e. SNAP — "
    "expired on Sept. 30.\n"
    "Read more:\n"
    "Farm groups push Congress on crop insurance\n"
    "(Reporting by Jane Doe in Chicago; Editing by Mark Porter)\n"
)


def check_marked_article(marked: str) -> None:
    text = marked.replace("¦", "")
    expected = [s.strip() for line in marked.split("\n") for s in line.split("¦") if s.strip()]
    assert split(text) == expected


def test_made_up_indonesian_article():
    check_marked_article(_MADE_UP_ID)


def test_made_up_english_article():
    check_marked_article(_MADE_UP_EN)


# --- made-up sentences glued together in every way ---------------------------------------------

_POOL = [
    "Kepala Dinas Moh. Iskak hadir di Jl. Sudirman No. 7.",
    "Harga naik jadi Rp 75.000 atau 3.5% dari tahun lalu.",
    "“Kami siap mengawal pemilu,” kata Dr. H. Budi, M.Si.",
    '"We are ready," said Mr. Smith of Acme Inc. on Jan. 5.',
    "Menurut kompas.com, stok beras dll. masih aman.",
    "Ia tiba pukul 10.00 WIB bersama Kombes Pol. Andi.",
    "The U.S. Department of Agriculture raised its forecast.",
    "Apakah ini benar?",
    "Luar biasa!",
    '"Why now?" Smith asked.',
    "Rapat digelar Selasa (3/1/2023).",
    "Budi dkk. mengatakan hal itu kepada wartawan.",
    "Hadir pula H. M. Tauhid Hamdi dan J. K. Rowling.",
    "Kunjungi www.example.com/path untuk info lengkap.",
    "SORANA.CO.ID-INDRAMAYU JAWA BARAT: Bupati membuka rapat.",
    "Dia menunggu... dan menunggu.",
    "“Siap!” teriaknya.",
    "Warga menyebut program itu “luar biasa.”",
    "Anggaran 2024 naik 2,5 persen.",
    "Acara ditutup oleh Sekda Kab. Majalengka.",
    "The bill expired on Sept. 30.",
    "Ms. Jones, a teacher from St. Louis, agreed.",
    "Sen. Warren, D-Mass., praised the deal.",
    "Ia lulusan S.H. dari Universitas Indonesia.",
]


@st.composite
def _joined(draw):
    chosen = draw(st.lists(st.sampled_from(_POOL), min_size=2, max_size=6))
    text = chosen[0]
    for previous, sentence in zip(chosen, chosen[1:], strict=False):
        # Glue without a space only where a reader still sees the boundary.
        glue_ok = not previous.endswith('"')
        text += draw(st.sampled_from([" ", "\n\n", ""] if glue_ok else [" ", "\n\n"]))
        text += sentence
    return text, chosen


@settings(max_examples=400, deadline=None)
@given(_joined())
def test_made_up_sentences_joined_by_space_newline_or_nothing(case):
    text, expected = case
    assert split(text) == expected


# --- development set --------------------------------------------------------------------------


def _gold_set():
    gold = pytest.importorskip("annotator.core.gold")
    articles = gold.load_gold_set()
    if not articles:
        pytest.skip("no gold articles in samples/gold yet")
    return articles


def test_development_set_f1_at_least_0_98():
    report = evaluate_segmentation(_gold_set())
    assert report.overall.all.f1 >= 0.98, format_report(report)
    for score in report.languages.values():
        assert score.all.f1 >= 0.98, format_report(report)


def test_evaluation_counts_missed_and_spurious():
    class Article:
        name = "made-up"
        language = "id"
        text = "Satu dua. Tiga empat. Lima."
        sentences = [(0, 9), (10, 21), (22, 27)]

    report = evaluate_segmentation([Article()], segmenter=lambda text: [(0, 21), (22, 27)])
    assert (report.overall.all.tp, report.overall.all.fp, report.overall.all.fn) == (1, 0, 1)
    assert [e.kind for e in report.errors] == ["missed"]
    assert "Satu dua.| Tiga" in report.errors[0].context
    assert "1 missed and 0 spurious" in format_report(report)
    assert "Satu dua.| Tiga" in format_report(report, show_errors=True)


def test_specialist_degree_and_hyphenated_abbreviation_are_not_boundaries():
    assert split(
        "Dokter anak dr. Rina Lestari, Sp.A(K) menjelaskan, gejala campak sering samar. Ini kedua."
    ) == [
        "Dokter anak dr. Rina Lestari, Sp.A(K) menjelaskan, gejala campak sering samar.",
        "Ini kedua.",
    ]
    assert split("Lomba diikuti guru se-Kab. Lumajang dan sekitarnya. Acara dibuka camat.") == [
        "Lomba diikuti guru se-Kab. Lumajang dan sekitarnya.",
        "Acara dibuka camat.",
    ]
    assert split("Dean Mara J. Quinn, Ed.D., told the panel the plan was late. It was.") == [
        "Dean Mara J. Quinn, Ed.D., told the panel the plan was late.",
        "It was.",
    ]
