"""Quote, speaker and claim suggestions on hand-written fixture text (Indonesian and English)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.segment import segment
from annotator.core.suggest import KnownSpeaker, suggest
from annotator.core.suggest.claims import categorize
from annotator.core.suggest.cues import load_lexicon, parse_cues
from annotator.core.suggest.names import SpeakerBook, edit_distance, names_match

ID_ARTICLE = (
    "WALI KOTA CIREMAI GELAR RAPAT PERSIAPAN PILKADA 2024\n\n"
    "KABARDESA.ID-CIREMAI: Pemerintah Kota Ciremai menggelar rapat persiapan Pilkada serentak "
    "di Aula Balai Kota, Senin (8/4/2024).\n\n"
    "Hadir dalam rapat tersebut Kepala Dinas Komunikasi dan Informatika Kota Ciremai "
    "Drs. Wiryo Sumantri, M.Si. serta Ketua KPU Kota Ciremai.\n\n"
    "Sekretaris Daerah Kota Ciremai Rahmat Hidayatullah dalam sambutannya menyampaikan, "
    "pemerintah kota akan menyiapkan anggaran sebesar Rp 12 miliar untuk pengamanan pilkada.\n\n"
    "“Anggaran itu sudah kami masukkan dalam APBD perubahan tahun ini,” katanya."
    "Dirinya juga mengingatkan, aparatur sipil negara wajib menjaga netralitas.\n\n"
    "“Kami tidak akan ragu memberi sanksi,” kata Rachmat. “ASN harus netral.”\n\n"
    "Kepala Dinas Komunikasi dan Informatika Kota Ciremai Wiryo Sumantri menambahkan, "
    "pihaknya telah membentuk tim pemantau hoaks sejak Januari.“Kami pantau media sosial "
    "setiap hari,” tuturnya.\n\n"
    "Menurut Sumantri, jumlah laporan hoaks naik 40 persen karena masa kampanye dimulai.\n\n"
    "Ketua KPU Kota Ciremai mengungkapkan bahwa logistik pemilu akan tiba dua pekan sebelum "
    "hari pemungutan suara.\n\n"
    "Baca juga: Wali Kota Ciremai Resmikan Pasar Baru\n"
)

EN_ARTICLE = (
    "Harbor town approves new ferry schedule\n\n"
    "PORTMERE (Local Wire) — The Portmere harbor board on Monday approved a new winter ferry "
    "schedule after months of complaints from island residents.\n\n"
    "Harbor board chair Margaret Ellison said the new timetable would add two crossings a day "
    "from December.\n\n"
    '"We listened to the islanders, and we heard them loud and clear," Ellison said. '
    '"Nobody should wait four hours for a boat."\n\n'
    "Board member Thomas Whitlock, who voted against the plan, told reporters that the extra "
    "crossings would cost the board about $300,000 a year.\n\n"
    "“I support the islanders, but this budget does not add up,” he said.\n\n"
    "Fuel prices will rise next year because the port lost its supplier, the board's treasurer "
    "said.\n\n"
    "According to Whitlock, the board has not published its 2023 accounts.\n"
)


def quotes(results: list[dict], kind: str | None = None) -> list[dict]:
    return [r for r in results if r["kind"] == "quote" and kind in (None, r["quote_type"])]


def claims(results: list[dict]) -> list[dict]:
    return [r for r in results if r["kind"] == "claim"]


def run(text: str, **kwargs: object) -> list[dict]:
    return suggest(text, segment(text), **kwargs)  # type: ignore[arg-type]


def span(text: str, item: dict) -> str:
    return text[item["start"] : item["end"]]


def cue(text: str, item: dict) -> str | None:
    return text[item["cue"]["start"] : item["cue"]["end"]] if item["cue"] else None


# ---------------------------------------------------------------- output shape


QUOTE_KEYS = {"kind", "start", "end", "quote_type", "speaker", "speaker_role", "cue", "confidence"}
CLAIM_KEYS = {"kind", "start", "end", "category", "speaker", "confidence"}


@pytest.mark.parametrize("text", [ID_ARTICLE, EN_ARTICLE])
def test_output_shapes_and_offsets(text: str) -> None:
    results = run(text)
    assert results
    assert [r["start"] for r in results] == sorted(r["start"] for r in results)
    for item in results:
        assert set(item) == (QUOTE_KEYS if item["kind"] == "quote" else CLAIM_KEYS)
        assert isinstance(item["start"], int) and isinstance(item["end"], int)
        assert 0 <= item["start"] < item["end"] <= len(text)
        assert span(text, item) == span(text, item).strip()
        assert isinstance(item["confidence"], float) and 0 < item["confidence"] <= 1
        assert item["speaker"] is None or isinstance(item["speaker"], str)
        if item["kind"] == "quote":
            assert item["quote_type"] in ("direct", "indirect")
            assert item["speaker_role"] is None or isinstance(item["speaker_role"], str)
            if item["cue"] is not None:
                assert set(item["cue"]) == {"start", "end"}
                assert 0 <= item["cue"]["start"] < item["cue"]["end"] <= len(text)
        else:
            assert item["category"] in {
                "quantity",
                "rules",
                "prediction",
                "correlation_causation",
                "personal_experience",
                "other",
            }


def test_empty_and_blank_text() -> None:
    assert suggest("", []) == []
    assert suggest("   \n\n ", []) == []


# ---------------------------------------------------------------- Indonesian article


def test_indonesian_direct_quotes_with_speakers_and_cues() -> None:
    results = run(ID_ARTICLE, language="id")
    direct = quotes(results, "direct")
    assert [span(ID_ARTICLE, q) for q in direct] == [
        "Anggaran itu sudah kami masukkan dalam APBD perubahan tahun ini,",
        "Kami tidak akan ragu memberi sanksi,",
        "ASN harus netral.",
        "Kami pantau media sosial setiap hari,",
    ]
    assert [q["speaker"] for q in direct] == [
        "Rahmat Hidayatullah",  # "katanya" resolved to the person the passage is about
        "Rahmat Hidayatullah",  # "Rachmat": a spelling variant merged by edit distance
        "Rahmat Hidayatullah",  # the second half of a quote split by its cue
        "Wiryo Sumantri",
    ]
    # the second half of a split quote shares the first half's cue
    assert [cue(ID_ARTICLE, q) for q in direct] == ["katanya", "kata", "kata", "tuturnya"]


def test_indonesian_indirect_quotes() -> None:
    results = run(ID_ARTICLE, language="id")
    indirect = {span(ID_ARTICLE, q): q for q in quotes(results, "indirect")}
    assert indirect[
        "pemerintah kota akan menyiapkan anggaran sebesar Rp 12 miliar untuk pengamanan pilkada"
    ]["speaker"] == ("Rahmat Hidayatullah")
    assert indirect["aparatur sipil negara wajib menjaga netralitas"]["speaker"] == (
        "Rahmat Hidayatullah"
    )
    added = indirect["pihaknya telah membentuk tim pemantau hoaks sejak Januari"]
    assert added["speaker"] == "Wiryo Sumantri"
    assert added["speaker_role"] == "Kepala Dinas Komunikasi dan Informatika Kota Ciremai"
    assert cue(ID_ARTICLE, added) == "menambahkan"
    # surname-only mention ("Menurut Sumantri") merged with the full name
    according = indirect["jumlah laporan hoaks naik 40 persen karena masa kampanye dimulai"]
    assert according["speaker"] == "Wiryo Sumantri"
    # an unnamed speaker is kept as the description; "bahwa" and the final stop are left out
    kpu = indirect["logistik pemilu akan tiba dua pekan sebelum hari pemungutan suara"]
    assert kpu["speaker"] == "Ketua KPU Kota Ciremai"


def test_indonesian_role_split_from_name() -> None:
    results = run(ID_ARTICLE, language="id")
    first = quotes(results, "indirect")[0]
    assert first["speaker"] == "Rahmat Hidayatullah"
    assert first["speaker_role"] == "Sekretaris Daerah Kota Ciremai"


def test_indonesian_claims_with_categories_and_speakers() -> None:
    results = run(ID_ARTICLE, language="id")
    found = {span(ID_ARTICLE, c): c for c in claims(results)}
    budget = found[
        "pemerintah kota akan menyiapkan anggaran sebesar Rp 12 miliar untuk pengamanan pilkada"
    ]
    assert budget["category"] == "prediction"
    assert budget["speaker"] == "Rahmat Hidayatullah"
    assert found["aparatur sipil negara wajib menjaga netralitas"]["category"] == "rules"
    hoax = found["jumlah laporan hoaks naik 40 persen karena masa kampanye dimulai"]
    assert hoax["category"] in {"quantity", "correlation_causation"}
    assert hoax["speaker"] == "Wiryo Sumantri"


def test_excluded_ranges_yield_nothing() -> None:
    text = ID_ARTICLE
    start = text.index("Sekretaris Daerah Kota Ciremai Rahmat")
    end = text.index("Kepala Dinas Komunikasi dan Informatika Kota Ciremai Wiryo")
    results = suggest(text, segment(text), [(start, end, "boilerplate")], language="id")
    assert results
    for item in results:
        assert item["end"] <= start or item["start"] >= end
        if item["kind"] == "quote" and item["cue"]:
            assert item["cue"]["end"] <= start or item["cue"]["start"] >= end
    related = text.index("Baca juga")
    assert all(r["start"] < related for r in run(text, language="id"))


# ---------------------------------------------------------------- English article


def test_english_direct_quotes_and_pronouns() -> None:
    results = run(EN_ARTICLE, language="en")
    direct = quotes(results, "direct")
    assert [(span(EN_ARTICLE, q), q["speaker"]) for q in direct] == [
        ("We listened to the islanders, and we heard them loud and clear,", "Margaret Ellison"),
        ("Nobody should wait four hours for a boat.", "Margaret Ellison"),
        ("I support the islanders, but this budget does not add up,", "Thomas Whitlock"),
    ]
    assert cue(EN_ARTICLE, direct[2]) == "said"


def test_english_indirect_quotes() -> None:
    results = run(EN_ARTICLE, language="en")
    indirect = {span(EN_ARTICLE, q): q for q in quotes(results, "indirect")}
    chair = indirect["the new timetable would add two crossings a day from December"]
    assert chair["speaker"] == "Margaret Ellison"
    assert chair["speaker_role"] == "Harbor board chair"
    told = indirect["the extra crossings would cost the board about $300,000 a year"]
    assert told["speaker"] == "Thomas Whitlock"
    assert cue(EN_ARTICLE, told) == "told"
    post = indirect["Fuel prices will rise next year because the port lost its supplier"]
    assert post["speaker"] == "board's treasurer"
    according = indirect["the board has not published its 2023 accounts"]
    assert according["speaker"] == "Thomas Whitlock"


def test_english_claims() -> None:
    results = run(EN_ARTICLE, language="en")
    found = {span(EN_ARTICLE, c): c["category"] for c in claims(results)}
    assert found["the extra crossings would cost the board about $300,000 a year"] in {
        "quantity",
        "prediction",
    }
    assert found["Fuel prices will rise next year because the port lost its supplier"] in {
        "prediction",
        "correlation_causation",
    }


# ---------------------------------------------------------------- quotation marks


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»"), ("„", "“")],
)
def test_every_quotation_mark_style(opening: str, closing: str) -> None:
    text = f"{opening}Harga beras akan turun bulan depan,{closing} kata Budi Santoso."
    direct = quotes(run(text, language="id"), "direct")
    assert len(direct) == 1
    assert span(text, direct[0]) == "Harga beras akan turun bulan depan,"
    assert direct[0]["speaker"] == "Budi Santoso"
    assert cue(text, direct[0]) == "kata"


def test_unbalanced_quote_ends_at_its_paragraph() -> None:
    text = (
        "Ketua RT Sutrisno Wibowo mengeluhkan banjir.\n\n"
        "“Setiap hujan deras air masuk ke rumah warga. Kami sudah lapor berkali-kali\n\n"
        "Paragraf berikutnya tidak termasuk kutipan."
    )
    direct = quotes(run(text, language="id"), "direct")
    assert [span(text, q) for q in direct] == [
        "Setiap hujan deras air masuk ke rumah warga. Kami sudah lapor berkali-kali"
    ]


def test_titles_terms_and_slogans_are_not_quotes() -> None:
    text = (
        "Warga menyebut program itu “serangan fajar”. Acara bertema “Bersama Membangun "
        "Desa Maju Sejahtera Mandiri” digelar di balai desa. Mereka menonton film "
        "'Laskar Pelangi' bersama."
    )
    assert quotes(run(text, language="id"), "direct") == []


def test_apostrophes_do_not_open_quotes() -> None:
    text = "Salat Jum'at digelar di masjid. The workers' union said wages had not risen in years."
    for item in quotes(run(text, language="en"), "direct"):
        pytest.fail(f"unexpected direct quote {span(text, item)!r}")


def test_quote_of_several_sentences() -> None:
    text = (
        "“Kami sudah siap. Logistik sudah di gudang. Tinggal menunggu jadwal distribusi,” "
        "ujar Kepala Gudang Logistik Ahmad Fauzan."
    )
    (quote,) = quotes(run(text, language="id"), "direct")
    assert span(text, quote).startswith("Kami sudah siap.")
    assert quote["speaker"] == "Ahmad Fauzan"
    assert quote["speaker_role"] == "Kepala Gudang Logistik"


def test_nested_quote_stays_inside() -> None:
    text = "“Jangan asal klik ‘suka’ pada unggahan kandidat,” kata Endang Wijaya."
    (quote,) = quotes(run(text, language="id"), "direct")
    assert span(text, quote) == "Jangan asal klik ‘suka’ pada unggahan kandidat,"


def test_cue_before_the_quote() -> None:
    text = 'Gubernur Jawa Tengah Bambang Sudarmo mengatakan: "Semua sekolah harus siap."'
    (quote,) = quotes(run(text, language="id"), "direct")
    assert quote["speaker"] == "Bambang Sudarmo"
    assert cue(text, quote) == "mengatakan"
    text = 'Asked about the delay, Johnson said: "We are doing everything we can."'
    (quote,) = quotes(run(text, language="en"), "direct")
    assert quote["speaker"] == "Johnson"


# ---------------------------------------------------------------- indirect forms


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "Menurut Andi Pratama, harga cabai naik dua kali lipat.",
            "harga cabai naik dua kali lipat",
            "Andi Pratama",
        ),
        (
            "Harga cabai naik dua kali lipat, kata Andi Pratama.",
            "Harga cabai naik dua kali lipat",
            "Andi Pratama",
        ),
        (
            "Andi Pratama menyampaikan bahwa harga cabai naik dua kali lipat.",
            "harga cabai naik dua kali lipat",
            "Andi Pratama",
        ),
        (
            "Andi Pratama mengatakan harga cabai naik dua kali lipat.",
            "harga cabai naik dua kali lipat",
            "Andi Pratama",
        ),
    ],
)
def test_indonesian_indirect_forms(text: str, content: str, speaker: str) -> None:
    (quote,) = quotes(run(text, language="id"), "indirect")
    assert span(text, quote) == content
    assert quote["speaker"] == speaker


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "Maria Lopez said that the clinic would close in March.",
            "the clinic would close in March",
            "Maria Lopez",
        ),
        (
            "The clinic would close in March, Maria Lopez said.",
            "The clinic would close in March",
            "Maria Lopez",
        ),
        (
            "According to Maria Lopez, the clinic would close in March.",
            "the clinic would close in March",
            "Maria Lopez",
        ),
        (
            "Maria Lopez told Reuters the clinic would close in March.",
            "the clinic would close in March",
            "Maria Lopez",
        ),
        (
            "Maria Lopez, 52, of Dayton, Ohio, said the clinic would close in March.",
            "the clinic would close in March",
            "Maria Lopez",
        ),
    ],
)
def test_english_indirect_forms(text: str, content: str, speaker: str) -> None:
    (quote,) = quotes(run(text, language="en"), "indirect")
    assert span(text, quote) == content
    assert quote["speaker"] == speaker


def test_plain_object_after_weak_verb_is_not_a_quote() -> None:
    text = "Bupati Sleman Kustini menyampaikan terima kasih kepada seluruh warga yang hadir."
    assert quotes(run(text, language="id")) == []


# ---------------------------------------------------------------- speakers


def test_known_speaker_aliases_and_registry_names() -> None:
    text = (
        "“Pemilu harus berjalan tepat waktu,” kata Jokowi di Istana.\n\n"
        "Presiden Joko Widodo juga mengatakan, anggaran pemilu sudah disiapkan sejak tahun lalu."
    )
    known = [KnownSpeaker("Joko Widodo", ("Jokowi",))]
    found = quotes(run(text, language="id", known_speakers=known))
    assert [q["speaker"] for q in found] == ["Joko Widodo", "Joko Widodo"]


def test_pronoun_follows_gender_when_titles_tell_it() -> None:
    text = (
        'Councilman Robert Vance said the plan was rushed. "We need more time," Vance said.\n\n'
        "Among the speakers was Mrs. Helen Carter, 80, a retired teacher.\n\n"
        '"My taxes doubled in ten years," she said.'
    )
    direct = quotes(run(text, language="en"), "direct")
    assert [q["speaker"] for q in direct] == ["Robert Vance", "Helen Carter"]


def test_speaker_book_merges_variants_surnames_and_registry() -> None:
    book = SpeakerBook(
        ["Bahtiar", "Bachtiar", "Harimurti Wicaksono", "Wicaksono", "Jokowi"],
        [KnownSpeaker("Joko Widodo", ("Jokowi",))],
        text="Bahtiar ... Bachtiar ... Harimurti Wicaksono ... Wicaksono",
    )
    assert book.canonical("Bachtiar") == "Bahtiar"
    assert book.canonical("Wicaksono") == "Harimurti Wicaksono"
    assert book.canonical("Jokowi") == "Joko Widodo"
    assert book.canonical("Someone Else") == "Someone Else"


def test_article_names_come_before_loose_registry_matches() -> None:
    known = [KnownSpeaker("Budi Santoso", ("Pak Budi",))]
    book = SpeakerBook(["Budi Hartono", "Budi", "Santoso"], known, text="Budi Hartono ... Budi")
    assert book.canonical("Budi") == "Budi Hartono"
    assert book.canonical("Budi Hartono") == "Budi Hartono"
    assert book.canonical("Santoso") == "Budi Santoso"
    assert book.canonical("Pak Budi") == "Budi Santoso"


def test_name_matching_helpers() -> None:
    assert edit_distance("bahtiar", "bachtiar") == 1
    assert names_match("wicaksono", "harimurti wicaksono")
    assert not names_match("budi", "harimurti wicaksono")


# ---------------------------------------------------------------- cue data


def test_cue_lists_are_data_with_known_tags() -> None:
    lex = load_lexicon("id")
    for form in ["kata", "katanya", "ujarnya", "menuturkan", "imbuhnya", "menurut"]:
        assert form in lex.cues
    assert lex.cues["katanya"].is_nya
    assert lex.cues["menurut"].is_prep
    assert "according to" in load_lexicon("en").cues
    with pytest.raises(ValueError, match="unknown cue tag"):
        parse_cues(["kata | sometimes"])


# ---------------------------------------------------------------- robustness and speed


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    for language in ("id", "en"):
        results = suggest(text, segment(text), language=language)
        for item in results:
            assert 0 <= item["start"] < item["end"] <= len(text)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "“",
                "”",
                '"',
                "'",
                "‘",
                "’",
                "«",
                "»",
                "„",
                " kata ",
                " said ",
                "Budi",
                ", ",
                ". ",
                "\n",
                "menurut ",
                "Dia ",
                "(",
                ")",
                "—",
                "Rp 5",
                "akan ",
            ]
        ),
        max_size=60,
    )
)
def test_quote_heavy_noise_never_crashes(parts: list[str]) -> None:
    text = "".join(parts)
    for item in suggest(text, segment(text)):
        assert 0 <= item["start"] < item["end"] <= len(text)


# ---------------------------------------------------------------- harder attributions


def test_name_set_off_by_commas_after_a_title() -> None:
    text = (
        "Menurut Kepala Badan Pusat Statistik Jawa Barat, Marsudijono, inflasi bulan ini "
        "didorong kenaikan harga beras."
    )
    (quote,) = quotes(run(text, language="id"), "indirect")
    assert quote["speaker"] == "Marsudijono"
    assert span(text, quote) == "inflasi bulan ini didorong kenaikan harga beras"


def test_appositives_degrees_and_ages_between_name_and_verb() -> None:
    text = (
        "Kepala Dinas Pertanian Kabupaten Sukamaju, Ir. Darsono Wibowo, M.Si., mengatakan "
        "stok pupuk cukup sampai musim tanam.\n\n"
        "Salah seorang petani, Karsiti (52), warga Desa Mekar, mengaku belum menerima pupuk."
    )
    found = quotes(run(text, language="id"), "indirect")
    assert [(span(text, q), q["speaker"]) for q in found] == [
        ("stok pupuk cukup sampai musim tanam", "Darsono Wibowo"),
        ("belum menerima pupuk", "Karsiti"),
    ]


def test_interposed_cue_keeps_the_whole_content() -> None:
    text = (
        "Wali Kota Sukamaju Hendra Gunawan meninjau pasar.\n\n"
        "Pemerintah kota, lanjutnya, akan menambah armada pengangkut sampah tahun depan."
    )
    (quote,) = quotes(run(text, language="id"), "indirect")
    assert span(text, quote) == (
        "Pemerintah kota, lanjutnya, akan menambah armada pengangkut sampah tahun depan"
    )
    assert cue(text, quote) == "lanjutnya"
    assert quote["speaker"] == "Hendra Gunawan"


def test_coordinated_and_participle_cues() -> None:
    text = (
        "The Weather Service warned that more rain was forecast on Thursday and urged residents "
        "to move their cars.\n\n"
        "A spokesperson for the mayor dismissed the criticism, saying the pumps had worked."
    )
    found = {span(text, q): q for q in quotes(run(text, language="en"), "indirect")}
    assert found["more rain was forecast on Thursday"]["speaker"] == "Weather Service"
    assert found["residents to move their cars"]["speaker"] == "Weather Service"
    assert found["the pumps had worked"]["speaker"] == "spokesperson for the mayor"


def test_unnamed_and_lowercase_speakers() -> None:
    text = (
        "The cyclist was taken to hospital with serious injuries, officials said.\n\n"
        '"Vote them all out," someone shouted from the back of the room.'
    )
    found = quotes(run(text, language="en"))
    assert [(q["quote_type"], q["speaker"]) for q in found] == [
        ("indirect", "officials"),
        ("direct", None),
    ]


def test_partial_quote_inside_reported_speech() -> None:
    text = (
        'Finance minister Ruth Adler said the figures showed "the worst is behind us", '
        "but warned that prices would stay high."
    )
    found = quotes(run(text, language="en"))
    direct = [q for q in found if q["quote_type"] == "direct"]
    indirect = [q for q in found if q["quote_type"] == "indirect"]
    assert [span(text, q) for q in direct] == ["the worst is behind us"]
    assert direct[0]["speaker"] == "Ruth Adler"
    assert span(text, indirect[0]).startswith('the figures showed "the worst is behind us"')


def test_dateline_is_not_part_of_content_or_speaker() -> None:
    text = (
        "MIAMI (Local Wire) - More than 200,000 homes lost power on Sunday as the storm "
        "crossed the state, the emergency management agency said."
    )
    (quote,) = quotes(run(text, language="en"), "indirect")
    assert span(text, quote).startswith("More than 200,000 homes")
    assert quote["speaker"] == "emergency management agency"


@pytest.mark.parametrize(
    "text",
    [
        "Bupati Garut Rudy Gunawan mengatakan harga naik 5 persen karena hujan " * 4000,
        "kata " * 60000,
        "“" * 100000,
        "“Harga naik,” kata Budi. " * 10000,
    ],
    ids=["no-stops", "cue-words", "open-marks", "many-quotes"],
)
def test_long_or_degenerate_text_stays_fast(text: str) -> None:
    import time

    began = time.perf_counter()
    suggest(text, segment(text), language="id")
    assert time.perf_counter() - began < 10


def test_cue_between_two_halves_and_epithets() -> None:
    text = (
        "Gubernur Jawa Barat Ridwan Kamil meninjau lokasi banjir di Desa Sukamaju.\n\n"
        "“Kita akan bangun tanggul permanen tahun ini,” ujar pria yang akrab disapa Kang Emil "
        "itu.\n\n"
        "“Kami,” kata dia, “tidak akan mundur sebelum warga aman.”"
    )
    direct = quotes(run(text, language="id"), "direct")
    assert [span(text, q) for q in direct] == [
        "Kita akan bangun tanggul permanen tahun ini,",
        "Kami,",
        "tidak akan mundur sebelum warga aman.",
    ]
    assert {q["speaker"] for q in direct} == {"Ridwan Kamil"}
    assert cue(text, direct[2]) == "kata dia"


def test_indirect_quote_hanging_off_a_direct_quotes_cue() -> None:
    text = (
        '"We are not there yet," Fed governor Raphael Bostic said on Thursday, adding that '
        "inflation remained too high."
    )
    found = quotes(run(text, language="en"))
    assert [(q["quote_type"], span(text, q), q["speaker"]) for q in found] == [
        ("direct", "We are not there yet,", "Raphael Bostic"),
        ("indirect", "inflation remained too high", "Raphael Bostic"),
    ]
    text = "“Stok aman,” kata Budi Santoso, seraya menegaskan bahwa harga akan turun pekan depan."
    found = quotes(run(text, language="id"))
    assert [(q["quote_type"], span(text, q)) for q in found] == [
        ("direct", "Stok aman,"),
        ("indirect", "harga akan turun pekan depan"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Warga menyebut jalan itu dengan nama Jalan Kenangan.",
        "Presiden meminta maaf kepada masyarakat atas gangguan listrik tersebut.",
        "Polisi memastikan keamanan selama perayaan tahun baru di pusat kota.",
        "Pemerintah menegaskan komitmennya untuk memberantas korupsi.",
        "Ia menambahkan informasi terbaru soal jadwal kereta api.",
        "Dia mengatakan hal itu saat ditemui di kantornya, Senin (3/1/2024).",
        "Menurut rencana, acara akan digelar di alun-alun kota pada pekan depan.",
        "Menurut data BPS, angka kemiskinan turun menjadi 9 persen.",
    ],
)
def test_reporting_verbs_with_a_plain_object_are_not_quotes(text: str) -> None:
    assert quotes(run(text, language="id")) == []


def test_reporting_verbs_with_a_clause_are_quotes() -> None:
    text = "Kapolda menegaskan pihaknya tidak akan ragu menindak tegas pelaku."
    (quote,) = quotes(run(text, language="id"))
    assert span(text, quote) == "pihaknya tidak akan ragu menindak tegas pelaku"
    assert quote["speaker"] == "Kapolda"


@pytest.mark.parametrize(
    "text",
    [
        "She claimed the title in 2019 after a long season.",
        "All told, the storm destroyed 40 homes.",
        "He told the story of his grandfather's escape many times.",
        "The report says nothing about wages.",
        "The company added 300 workers in March.",
    ],
)
def test_english_verbs_with_a_plain_object_are_not_quotes(text: str) -> None:
    assert quotes(run(text, language="en")) == []


def test_backward_attribution_names_the_quotes_before_it() -> None:
    text = (
        "Pemerintah Kabupaten Sukamaju menggelar rapat penanganan stunting, Rabu (6/3/2024).\n\n"
        "“Angka stunting kita turun dari 24 persen menjadi 18 persen,” katanya.\n\n"
        "“Kami targetkan tahun depan di bawah 14 persen,” imbuhnya.\n\n"
        "Hal tersebut disampaikan Bupati Sukamaju H. Ahmad Fauzi, S.Sos. saat membuka rapat."
    )
    direct = quotes(run(text, language="id"), "direct")
    assert [q["speaker"] for q in direct] == ["Ahmad Fauzi", "Ahmad Fauzi"]
    assert direct[0]["speaker_role"] == "Bupati Sukamaju"


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "“",
                "”",
                '"',
                "'",
                " kata ",
                " said ",
                "Budi ",
                ", ",
                ". ",
                "\n",
                "menurut ",
                "Dr. ",
                "M.Si. ",
                "(45) ",
                "katanya",
                "Ia ",
                "He ",
                "bahwa ",
                "😀",
                "akan ",
            ]
        ),
        max_size=60,
    ),
    st.lists(st.tuples(st.integers(0, 150), st.integers(0, 150)), max_size=3),
)
def test_random_excluded_ranges_are_respected(parts: list[str], ranges: list[tuple]) -> None:
    text = "".join(parts)
    excluded = [(min(a, b), max(a, b), "boilerplate") for a, b in ranges if a != b]
    for item in suggest(text, segment(text), excluded):
        assert text[item["start"] : item["end"]] == text[item["start"] : item["end"]].strip()
        for start, end, _ in excluded:
            assert item["end"] <= start or item["start"] >= end


def test_colon_intro_paragraph_and_demikian_cue() -> None:
    text = (
        "Wakil Bupati Sukamaju Yayat Hidayat hadir dalam acara tersebut.\n\n"
        "Dalam sambutannya, Bupati Sukamaju Ahmad Fauzi menyampaikan:\n\n"
        "“Kami berterima kasih kepada seluruh warga yang telah berpartisipasi.”\n\n"
        "“Pembangunan jalan desa akan kami lanjutkan.” Demikian kata Ahmad."
    )
    direct = quotes(run(text, language="id"), "direct")
    assert [q["speaker"] for q in direct] == ["Ahmad Fauzi", "Ahmad Fauzi"]
    assert cue(text, direct[1]) == "kata"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Kepala Puskesmas Melati dr. Rina Lestari, Sp.A(K), mengatakan, kasus campak di "
            "wilayahnya sudah turun sejak bulan lalu.",
            "Rina Lestari",
        ),
        (
            "Dokter spesialis anak konsultan Dr. dr. Rina Lestari, Sp.A(K) menjelaskan, gejala "
            "campak sering tidak dikenali orang tua.",
            "Rina Lestari",
        ),
        (
            "Direktur Rumah Sakit Sehat dr. Dodi Prasetyo, MPH mengatakan angka kunjungan pasien "
            "naik dua kali lipat tahun ini.",
            "Dodi Prasetyo",
        ),
        (
            "Dodi Prasetyo MPH said the clinic would close next month for lack of staff.",
            "Dodi Prasetyo",
        ),
        (
            "Principal Mara J. Quinn, Ed.D., told the board the school was facing a deficit.",
            "Mara J. Quinn",
        ),
        (
            "Chief executive Tom Baker, MBA, CPA, said the company had lost money for years.",
            "Tom Baker",
        ),
        (
            "Surgeon Tom Baker, FRCSI, said the hospital had lost money for three years.",
            "Tom Baker",
        ),
    ],
)
def test_degrees_and_credentials_after_a_name_are_not_the_name(text: str, speaker: str) -> None:
    found = quotes(run(text))
    assert [q["speaker"] for q in found] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "Ketua Koperasi Tani Makmur Desa Sidorejo, Karsono, mengaku selama ini petani "
            "mengandalkan pompa air.",
            "Karsono",
            "selama ini petani mengandalkan pompa air",
        ),
        (
            "Warga Desa Sukamaju, Tarno, mengaku sudah tiga hari tidak mendapat air bersih.",
            "Tarno",
            "sudah tiga hari tidak mendapat air bersih",
        ),
        (
            "Kanit Reskrim Iptu Dedi Kurnia menuturkan, modus menyelundupkan rokok lewat "
            "laut bukan hal baru.",
            "Dedi Kurnia",
            "modus menyelundupkan rokok lewat laut bukan hal baru",
        ),
        (
            "Bupati Rahmat berharap angka kemiskinan di daerahnya bisa turun tahun depan.",
            "Rahmat",
            "angka kemiskinan di daerahnya bisa turun tahun depan",
        ),
        (
            "Pelatih Dodi Susilo menilai timnya kehilangan konsentrasi di babak kedua.",
            "Dodi Susilo",
            "timnya kehilangan konsentrasi di babak kedua",
        ),
        (
            "Kuasa hukum terdakwa, Teguh Lubis, membantah kliennya menerima uang suap.",
            "Teguh Lubis",
            "kliennya menerima uang suap",
        ),
        (
            "Ekonom Sari Dewi memperkirakan inflasi akan naik menjadi 5 persen tahun depan.",
            "Sari Dewi",
            "inflasi akan naik menjadi 5 persen tahun depan",
        ),
        (
            "Andi mengatakan trofi tersebut ia persembahkan untuk ibunya.",
            "Andi",
            "trofi tersebut ia persembahkan untuk ibunya",
        ),
        (
            "Tersangka Joni ditangkap di pelabuhan dan mengaku tidak tahu isi koper itu.",
            "Joni",
            "tidak tahu isi koper itu",
        ),
        (
            "Kepada penyidik, tersangka RW (31) mengaku tidak tahu isi koper itu.",
            "RW",
            "tidak tahu isi koper itu",
        ),
        (
            "Police spokesman Ron Ortiz said at least two people were hurt in the crash.",
            "Ron Ortiz",
            "at least two people were hurt in the crash",
        ),
    ],
)
def test_more_reporting_verbs_and_appositive_names(text: str, speaker: str, content: str) -> None:
    found = quotes(run(text), "indirect")
    assert [(q["speaker"], text[q["start"] : q["end"]]) for q in found] == [(speaker, content)]


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "Campaigners say there is no train on Sundays.",
            "Campaigners",
            "there is no train on Sundays",
        ),
        (
            "Critics argue the timetable is far too slow.",
            "Critics",
            "the timetable is far too slow",
        ),
        (
            "Officials warned that some villages could be cut off until Friday.",
            "Officials",
            "some villages could be cut off until Friday",
        ),
    ],
)
def test_plural_group_subjects_report(text: str, speaker: str, content: str) -> None:
    found = quotes(run(text, language="en"), "indirect")
    assert [(q["speaker"], text[q["start"] : q["end"]]) for q in found] == [(speaker, content)]


def test_a_nominalised_adjective_after_a_complaint_verb_is_an_object() -> None:
    text = "Para nelayan mengeluhkan sulitnya mendapatkan solar bersubsidi menjelang musim barat."
    assert quotes(run(text)) == []


def test_a_shared_surname_goes_to_the_person_whose_role_or_recent_mention_fits() -> None:
    text = (
        "Acara dihadiri Bupati Lumajang Drs. H. Ahmad Wiratama, M.Si., dan Ketua TP PKK "
        "Hj. Rina Susanti Wiratama.\n"
        "Dalam sambutannya, Bupati Wiratama menyampaikan bahwa angka stunting di daerahnya "
        "masih tinggi.\n"
        "Sementara itu, Ketua TP PKK Hj. Rina Susanti Wiratama mengatakan, kader PKK akan "
        "dilibatkan untuk mendampingi keluarga.\n"
        "“Kami siap membantu,” kata Wiratama.\n"
    )
    found = quotes(run(text))
    assert [q["speaker"] for q in found] == [
        "Ahmad Wiratama",
        "Rina Susanti Wiratama",
        "Rina Susanti Wiratama",
    ]


def test_a_pronoun_goes_to_the_person_the_passage_turned_to() -> None:
    text = (
        "Jaksa menuntut mantan Kepala Dinas Pekerjaan Umum Budiman Santoso dengan pidana penjara "
        "delapan tahun.\n"
        "Kuasa hukum terdakwa, Andi Saputra, menilai tuntutan jaksa berlebihan. “Klien kami "
        "tidak bersalah,” ujar Andi.\n"
        "Budiman yang mengenakan kemeja putih tampak tenang. Saat ditanya wartawan, ia hanya "
        "mengatakan akan menyerahkan semuanya kepada pengacaranya.\n"
    )
    found = quotes(run(text))
    assert [q["speaker"] for q in found] == ["Andi Saputra", "Andi Saputra", "Budiman Santoso"]


def test_a_common_noun_source_is_not_a_capitalized_fragment_that_shares_its_word() -> None:
    text = (
        "Kapolsek Tanjung Kompol Rudi Hartawan mengatakan, pelaku sudah diincar sejak "
        "sebulan lalu.\n"
        "Gudang tersebut, menurut polisi, dijadikan tempat menyimpan motor curian sebelum "
        "dijual ke luar kota.\n"
        "Artikel ini telah tayang dengan judul Polisi Bongkar Gudang Motor Curian\n"
    )
    found = quotes(run(text))
    assert [q["speaker"] for q in found] == ["Rudi Hartawan", "polisi"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Union leader Ruth Okafor, who chairs the branch, described the offer as "
            '"a slap in the face" for nurses.',
            [("direct", "Ruth Okafor", "a slap in the face")],
        ),
        (
            "The regulator told the BBC it had fined three firms and would “not hesitate” to "
            "act again if rules were broken.",
            [
                (
                    "indirect",
                    "regulator",
                    "it had fined three firms and would “not hesitate” to act again if rules "
                    "were broken",
                ),
                ("direct", "regulator", "not hesitate"),
            ],
        ),
        (
            'But spokesperson Lena Fox said the damage was "the worst in a decade," with '
            "dozens of roads closed.",
            [
                (
                    "indirect",
                    "Lena Fox",
                    'the damage was "the worst in a decade," with dozens of roads closed',
                ),
                ("direct", "Lena Fox", "the worst in a decade,"),
            ],
        ),
    ],
)
def test_short_partial_quotes_take_the_reporting_speaker(text: str, expected: list) -> None:
    found = quotes(run(text, language="en"))
    got = [(q["quote_type"], q["speaker"], text[q["start"] : q["end"]]) for q in found]
    assert sorted(got) == sorted(expected)


def test_a_quoted_term_in_indonesian_reported_speech_is_not_a_quote() -> None:
    text = (
        'Rumah tersebut, menurut polisi, dijadikan "gudang transit" sebelum barang '
        "diedarkan ke Bekasi."
    )
    found = quotes(run(text, language="id"))
    assert [(q["quote_type"], q["speaker"]) for q in found] == [("indirect", "polisi")]


def test_organisations_keep_their_full_name_and_a_later_head_noun_points_back() -> None:
    text = (
        "Mill Road Family Practice in Upper Mill said it could no longer hire enough "
        "doctors to stay open.\n"
        "According to the practice, about 40% of its patients live more than five miles away.\n"
    )
    found = quotes(run(text, language="en"))
    assert [q["speaker"] for q in found] == ["Mill Road Family Practice"] * 2


def test_a_social_media_handle_writes() -> None:
    text = (
        'Di media sosial X, akun @warga_bandung menulis, "Tarif naik terus, tapi jalan '
        'tetap rusak."'
    )
    found = quotes(run(text, language="id"))
    assert [(q["quote_type"], q["speaker"]) for q in found] == [("direct", "@warga_bandung")]


@pytest.mark.parametrize(
    ("text", "language", "speaker", "content"),
    [
        (
            "Stok gula di gudang Bulog dan mitra distributor, kata Hendri, cukup untuk "
            "kebutuhan dua bulan ke depan.",
            "id",
            "Hendri",
            "Stok gula di gudang Bulog dan mitra distributor, kata Hendri, cukup untuk "
            "kebutuhan dua bulan ke depan",
        ),
        (
            "The reservoir levels in the north of the county, Smith said, were the lowest "
            "since records began.",
            "en",
            "Smith",
            "The reservoir levels in the north of the county, Smith said, were the lowest "
            "since records began",
        ),
    ],
)
def test_an_interposed_cue_does_not_cut_the_reported_clause(
    text: str, language: str, speaker: str, content: str
) -> None:
    found = quotes(run(text, language=language))
    assert [(q["speaker"], text[q["start"] : q["end"]]) for q in found] == [(speaker, content)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The nearest station is 9 miles away, and commuters say there is no train after 10pm.",
            [("commuters", "there is no train after 10pm")],
        ),
        (
            "Floods cut off dozens of villages across the valley on Monday night, and officials "
            "warned some roads could stay closed until the weekend.",
            [("officials", "some roads could stay closed until the weekend")],
        ),
        (
            "The county urged drivers to stay home until Friday, warning that bridges would "
            "freeze overnight.",
            [
                ("county", "drivers to stay home until Friday"),
                ("county", "bridges would freeze overnight"),
            ],
        ),
    ],
)
def test_group_subjects_after_and_and_participle_cues(text: str, expected: list) -> None:
    found = quotes(run(text, language="en"), "indirect")
    assert [(q["speaker"], text[q["start"] : q["end"]]) for q in found] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Wed 4 Jan 2023 07.30 GMT", None),
        ("Feb. 9, 2024 10:15 a.m.", None),
        ("Kami sudah membuka posko pengaduan di 12 kelurahan.", "quantity"),
        ("Semua sopir angkot harus memakai seragam saat bekerja.", "rules"),
        ("Vaksin di puskesmas diberikan gratis untuk semua balita.", "rules"),
        ("Anglers are permitted to fish only from the north bank of the lake.", "rules"),
        ("Peraturan itu disahkan DPRD Kota Batu pada Maret lalu.", "other"),
        ("There is no ferry on Sundays during the winter.", "other"),
        ("Tidak ada satu pun warga yang menerima bantuan itu.", "other"),
        ("Harga cabai bisa turun di bawah Rp 40 ribu pada akhir bulan.", "prediction"),
        ("Tersangka sudah tiga kali mengirim paket serupa ke Surabaya.", "quantity"),
        ("The council voted 6-3 on Monday to close the library.", "quantity"),
    ],
)
def test_claim_categories_follow_the_strongest_signal(sentence: str, expected: str | None) -> None:
    found = categorize(sentence)
    assert (found[0] if found else None) == expected


def test_first_person_experience_in_a_direct_quote() -> None:
    assert categorize("I don't drive any more.", in_direct_quote=True)[0] == (  # type: ignore[index]
        "personal_experience"
    )
    assert categorize("Kami sudah koordinasi dengan TNI dan Polri.", in_direct_quote=True) is None


def test_a_numbered_unit_inside_a_title_and_ages_routes_clock_times() -> None:
    text = (
        "Kanit 2 Satreskrim Iptu Rudi Hartawan menuturkan, modus menyimpan barang di gudang "
        "kosong bukan hal baru."
    )
    found = quotes(run(text, language="id"))
    assert [(q["speaker"], q["speaker_role"]) for q in found] == [
        ("Rudi Hartawan", "Kanit 2 Satreskrim Iptu")
    ]
    assert categorize("Pelatih itu juga memuji Andi yang baru berusia 18 tahun.") is None
    assert categorize("He worries about children crossing Route 9 to reach the school.") is None
    assert categorize("Try crossing that road at 7:45 in the morning in January.") is None


def test_city_outlet_double_dash_dateline_is_skipped() -> None:
    from annotator.core.suggest.text import skip_dateline

    text = "Bandung, Kabar Kota -- Polisi menangkap dua pengedar di Cicendo."
    assert text[skip_dateline(text, 0, len(text)) :] == "Polisi menangkap dua pengedar di Cicendo."


def test_a_surname_written_after_an_abbreviated_first_name_is_its_own_person() -> None:
    """"Moh." is part of the name (Mohammad), the title "Bupati" is not; Hj. Rina Susanti
    Wiratama is another person."""
    text = (
        "Acara dihadiri Bupati Lumajang Drs. H. Moh. Wiratama, M.Si., dan Ketua TP PKK Kab. "
        "Lumajang Hj. Rina Susanti Wiratama.\n"
        "Dalam sambutannya, Bupati Wiratama menyampaikan bahwa angka stunting di daerahnya "
        "masih tinggi.\n"
        "“Semua harus turun tangan,” tegasnya.\n"
        "Sementara itu, Ketua TP PKK Kab. Lumajang Hj. Rina Susanti Wiratama mengatakan, "
        "kader PKK akan dilibatkan untuk mendampingi keluarga.\n"
    )
    found = quotes(run(text, language="id"))
    assert [q["speaker"] for q in found] == [
        "Moh. Wiratama",
        "Moh. Wiratama",
        "Rina Susanti Wiratama",
    ]


def test_she_skips_a_man_who_spoke_last_for_the_woman_introduced_before() -> None:
    text = (
        "Mrs. Ann Clark, 71, has lived on the estate for 40 years.\n"
        "Councilman Tom Reed said the council would review the plan next month.\n"
        "“I have nowhere else to go,” she said.\n"
    )
    found = quotes(run(text, language="en"))
    assert [q["speaker"] for q in found] == ["Tom Reed", "Ann Clark"]


def test_pak_and_bu_do_not_decide_a_gender() -> None:
    from annotator.core.suggest.resolve import title_gender
    from annotator.core.suggest.speakers import Mention

    text = "Bu Sarni dan Pak Darto"
    assert title_gender(text, Mention(0, 8, name="Sarni")) is None
    assert title_gender(text, Mention(13, 22, name="Darto")) is None


def test_suspects_named_by_initials_speak_by_their_initials() -> None:
    text = (
        "Kedua tersangka masing-masing berinisial JK (34) dan TW alias Ucok (27).\n"
        "Berdasarkan pemeriksaan, JK mengaku sudah tiga kali mengantar paket. Sementara TW "
        "baru sekali terlibat dan mengaku tidak tahu isi paket yang dibawanya.\n"
    )
    found = quotes(run(text, language="id"))
    assert [q["speaker"] for q in found] == ["JK", "TW"]


def test_a_routine_in_a_direct_quote_is_personal_experience() -> None:
    found = categorize(
        "Biasanya sehari laku satu kuintal, sekarang 20 kilo saja susah", in_direct_quote=True
    )
    assert found is not None and found[0] == "personal_experience"
    assert categorize("Biasanya harga naik 10 persen menjelang Lebaran.") == ("quantity", 0.65)


def test_an_indirect_quote_ending_inside_a_quotation_keeps_the_closing_mark() -> None:
    text = 'Chief executive Ingrid Hale told reporters the recall was "a precaution, not a panic."'
    found = quotes(run(text, language="en"), "indirect")
    assert [text[q["start"] : q["end"]] for q in found] == [
        'the recall was "a precaution, not a panic."'
    ]


def test_act_is_a_law_only_as_a_name() -> None:
    assert categorize("This is not an act of God, it is an act of neglect.") is None
    assert categorize("The Clean Air Act limits emissions from power stations.")[0] == "rules"  # type: ignore[index]


def test_a_number_before_a_word_that_starts_like_a_month_is_a_quantity() -> None:
    found = categorize("Pelaku diduga mencuri 14 sepeda motor di wilayah Depok dan Mlati.")
    assert found is not None and found[0] == "quantity"
    assert categorize("Rapat digelar pada 14 September di balai desa.") is None


def test_the_company_is_the_organisation_that_spoke_of_itself_as_it() -> None:
    text = (
        "Norrland Foods said on Tuesday it was recalling about 20,000 jars of baby food.\n"
        "The company said no children had fallen ill so far.\n"
        "Chief executive Maria Berg said the recall was a precaution.\n"
    )
    found = quotes(run(text, language="en"))
    assert [q["speaker"] for q in found] == ["Norrland Foods", "Norrland Foods", "Maria Berg"]


def test_hal_senada_disampaikan_makes_the_next_person_the_one_ia_points_at() -> None:
    text = (
        "Ketua RT Desa Sukarame, Ujang Supriatna, mengatakan jalan itu sudah rusak sejak 2019.\n"
        "Hal senada disampaikan Iis Sumiati (45), warga setempat. Ia mengatakan ongkos ojek "
        "naik dari Rp 10 ribu menjadi Rp 20 ribu.\n"
    )
    found = quotes(run(text, language="id"))
    assert [q["speaker"] for q in found] == ["Ujang Supriatna", "Iis Sumiati"]


@pytest.mark.parametrize(
    ("text", "language", "speaker"),
    [
        (
            "Kapolres Garut AKBP Rohman Yonky mengatakan, pelaku ditangkap di rumahnya.\n"
            'Tersangka Budi Santoso ditangkap tanpa perlawanan. "Dia tidak melawan saat kami '
            'datang," katanya.\n',
            "id",
            "Rohman Yonky",
        ),
        (
            "Police Chief Ann Moss said officers found the van on Friday.\n"
            "Driver Carl Ortiz was arrested at the scene. “He did not resist,” she said.\n",
            "en",
            "Ann Moss",
        ),
    ],
)
def test_a_person_something_happens_to_does_not_take_the_pronoun(
    text: str, language: str, speaker: str
) -> None:
    found = quotes(run(text, language=language))
    assert found[-1]["speaker"] == speaker


def test_pointed_to_ends_the_reported_clause_and_a_quoted_predicate_is_partial() -> None:
    text = (
        "Sen. Ruth Kane said the scheme lacked oversight and pointed to a 2021 audit that "
        "found duplicate payments."
    )
    found = quotes(run(text, language="en"), "indirect")
    assert [text[q["start"] : q["end"]] for q in found] == ["the scheme lacked oversight"]
    text = "Councillor Dev Patel said the water was ‘ankle-deep’ inside his shop by 7am."
    found = quotes(run(text, language="en"), "direct")
    assert [(q["speaker"], text[q["start"] : q["end"]]) for q in found] == [
        ("Dev Patel", "ankle-deep")
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Pasien TBC harus minum obat setiap hari selama enam bulan.", "rules"),
        ("Semua pihak harus turun tangan mengatasi masalah ini.", None),
        ("Ini yang harus kita ubah bersama.", None),
    ],
)
def test_harus_is_a_rule_but_not_an_exhortation(sentence: str, expected: str | None) -> None:
    found = categorize(sentence)
    assert (found[0] if found else None) == expected


def test_the_writers_own_clause_before_a_reporting_clause_is_a_claim_unit() -> None:
    text = "The nearest pharmacy is 12 miles away, and residents say there is no bus on Sundays."
    found = {span(text, c): c["category"] for c in claims(run(text, language="en"))}
    assert found == {
        "The nearest pharmacy is 12 miles away": "quantity",
        "there is no bus on Sundays": "other",
    }


@pytest.mark.parametrize(
    ("text", "language", "speakers"),
    [
        (
            "Kepala Dinas Pertanian Kabupaten Garut Beni Yoga mengatakan, produksi kopi naik "
            "tahun ini.\n"
            "Di Desa Cikajang, Budi Hartono sudah tiga tahun menanam kopi arabika. "
            '"Harga sedang bagus, jadi petani semangat," ujarnya.\n'
            "Petani lain, Asep, juga merasakan hal yang sama. Ia mengaku penghasilannya naik "
            "dua kali lipat.\n",
            "id",
            ["Beni Yoga", "Budi Hartono", "Asep"],
        ),
        (
            "Mayor Jane Holt said the bridge would reopen in May.\n"
            "Local baker Tom Riggs has lost half his customers since the closure. "
            '"It\'s been brutal," he said.\n',
            "en",
            ["Jane Holt", "Tom Riggs"],
        ),
        (
            "Pelatih Nusa FC, Fernando Soler, mengatakan timnya bermain disiplin.\n"
            "Pelatih asal Spanyol itu juga memuji Rizky. Menurut dia, Rizky adalah pemain muda "
            "paling berbakat di timnya.\n",
            "id",
            ["Fernando Soler", "Fernando Soler"],
        ),
    ],
)
def test_a_person_a_sentence_opens_with_takes_the_next_pronoun(
    text: str, language: str, speakers: list[str]
) -> None:
    found = quotes(run(text, language=language))
    assert [q["speaker"] for q in found] == speakers


def test_a_numbered_neighbourhood_unit_stays_in_the_role() -> None:
    text = "Ketua RT 03 Desa Sukarame, Ujang Supriatna, mengatakan jalan itu rusak sejak 2019."
    found = quotes(run(text, language="id"))
    assert [(q["speaker"], q["speaker_role"]) for q in found] == [
        ("Ujang Supriatna", "Ketua RT 03 Desa Sukarame")
    ]


def test_they_is_the_group_opening_its_sentence_and_datelines_stay_out_of_content() -> None:
    text = (
        "Governor Ann Lee said the state would help.\n"
        "Forecasters expect winds to ease on Tuesday, but they warned that dry conditions "
        "would persist through the week.\n"
    )
    found = quotes(run(text, language="en"))
    assert [q["speaker"] for q in found] == ["Ann Lee", "forecasters"]
    text = (
        "DENVER (AP) — A wildfire forced about 3,000 residents from their homes on Sunday, "
        "according to the county sheriff's office.\n"
    )
    found = quotes(run(text, language="en"))
    assert [text[q["start"] : q["end"]] for q in found] == [
        "A wildfire forced about 3,000 residents from their homes on Sunday"
    ]


def test_a_few_quoted_words_inside_english_reported_speech_are_the_speakers() -> None:
    text = (
        'In a statement, Governor Mark Ross said the state would provide "every resource '
        'available" to fight the fire.'
    )
    found = quotes(run(text, language="en"), "direct")
    assert [(q["speaker"], text[q["start"] : q["end"]]) for q in found] == [
        ("Mark Ross", "every resource available")
    ]
    text = 'Mayor Ann Lee said the so-called "smart motorway" scheme would be paused.'
    assert quotes(run(text, language="en"), "direct") == []


def test_a_ter_verb_makes_the_reported_clause() -> None:
    text = "Wali Kota Bekasi Tri Adhianto memastikan kebutuhan logistik pengungsi tercukupi."
    found = quotes(run(text, language="id"))
    assert [text[q["start"] : q["end"]] for q in found] == [
        "kebutuhan logistik pengungsi tercukupi"
    ]


def test_called_the_thing_quoted_is_the_callers_words() -> None:
    text = 'Board chairman Paul Ortega called the strike "unnecessary and harmful to students."'
    found = quotes(run(text, language="en"), "direct")
    assert [(q["speaker"], text[q["start"] : q["end"]]) for q in found] == [
        ("Paul Ortega", "unnecessary and harmful to students.")
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Inflation stood at 2.4% in March, within the central bank's target range.", "quantity"),
        ("Angka itu jauh di atas target nasional sebesar 14 persen.", "quantity"),
        ("Targetnya, angka kemiskinan turun menjadi 7 persen.", "prediction"),
        ("About 50mm of rain fell, roughly what would normally fall in a month.", "quantity"),
    ],
)
def test_a_yardstick_or_a_habit_is_no_forecast(sentence: str, expected: str) -> None:
    found = categorize(sentence)
    assert found is not None and found[0] == expected


def test_a_capitalized_word_and_lower_case_nouns_before_a_name_are_its_role() -> None:
    text = "Local angler Peter Hughes, 66, said fish stocks had collapsed."
    found = quotes(run(text, language="en"))
    assert [(q["speaker"], q["speaker_role"]) for q in found] == [("Peter Hughes", "Local angler")]


def test_makin_makes_a_reported_clause() -> None:
    text = "Seorang pedagang sayur, Marni (48), berharap pembeli makin ramai."
    found = quotes(run(text, language="id"))
    assert [(q["speaker"], text[q["start"] : q["end"]]) for q in found] == [
        ("Marni", "pembeli makin ramai")
    ]


def test_adanya_content_and_a_common_noun_subject_with_juga() -> None:
    text = (
        '"Terdakwa terbukti bersalah," kata jaksa Rina Sari di ruang sidang.\n'
        "Dalam dakwaan, jaksa juga mengungkap adanya aliran dana Rp 2 miliar ke rekening "
        "keluarga terdakwa.\n"
    )
    found = quotes(run(text, language="id"))
    assert [(q["speaker"], text[q["start"] : q["end"]]) for q in found] == [
        ("Rina Sari", "Terdakwa terbukti bersalah,"),
        ("Rina Sari", "adanya aliran dana Rp 2 miliar ke rekening keluarga terdakwa"),
    ]


def test_it_said_is_the_organisation_and_it_is_said_is_nobody() -> None:
    text = (
        "Norrland Foods on Tuesday recalled 20,000 jars of baby food.\n"
        "It said no children had fallen ill so far.\n"
        "Chief executive Maria Berg said the recall was a precaution. It added that tests "
        "would continue.\n"
    )
    found = quotes(run(text, language="en"))
    assert [q["speaker"] for q in found] == ["Norrland Foods", "Maria Berg", "Norrland Foods"]
    assert quotes(run("It is said that the mayor will resign next week.", language="en")) == []


def test_more_post_cues_and_a_persons_own_obligation_is_no_rule() -> None:
    text = '"Kami minta hak kami," teriak Andi dari atas mobil komando.'
    found = quotes(run(text, language="id"))
    assert [(q["speaker"], text[q["cue"]["start"] : q["cue"]["end"]]) for q in found] == [
        ("Andi", "teriak")
    ]
    assert categorize("Ia harus mengajar di dua sekolah untuk mencukupi kebutuhan keluarga.") != (
        "rules",
        0.65,
    )


def test_a_place_opening_a_sentence_is_not_whom_nya_means() -> None:
    text = (
        "Kapolres Jakarta Barat Kombes Dimas Hariyanto mengatakan, kasus curanmor turun.\n"
        "Banjir juga melanda di Jakarta Barat. Jakarta Barat menjadi wilayah dengan genangan "
        'terbanyak. "Kami sudah kerahkan pompa," ujarnya.\n'
    )
    found = quotes(run(text, language="id"))
    assert [q["speaker"] for q in found] == ["Dimas Hariyanto", "Dimas Hariyanto"]


def test_judging_verb_subject_owns_the_partial_quote_and_names_stop_at_a_full_stop() -> None:
    text = 'Some residents called the rollout "a cash grab," but Kim said fees would not change.'
    found = quotes(run(text, language="en"))
    assert [(q["quote_type"], q["speaker"]) for q in found] == [
        ("direct", "residents"),
        ("indirect", "Kim"),
    ]
    text = (
        '"I just want to park," said commuter Sam Cole. Resident Tom Baker said the meters '
        "were confusing."
    )
    found = quotes(run(text, language="en"))
    assert [(q["speaker"], q["speaker_role"]) for q in found] == [
        ("Sam Cole", "commuter"),
        ("Tom Baker", "Resident"),
    ]


def test_a_complaint_names_its_object_as_reported_content() -> None:
    text = "Warga Desa Tanjung Pering, Rusdi (55), mengeluhkan asap yang makin pekat sejak Rabu."
    found = quotes(run(text, language="id"))
    assert [(q["speaker"], text[q["start"] : q["end"]]) for q in found] == [
        ("Rusdi", "asap yang makin pekat sejak Rabu")
    ]


# --- speed-ups that must not change what is found ------------------------------------------

_TRICKY = st.text(alphabet="AaBbSPdxe.@-’'_ ,(5é\n", max_size=30)


@settings(max_examples=200, deadline=None)
@given(_TRICKY)
def test_article_text_words_of_a_span_are_those_a_span_scan_finds(text: str) -> None:
    from annotator.core.suggest.text import ArticleText, make_word, words

    article = ArticleText(text)
    assert article == text
    assert words(text) == [make_word(w.start, w.end, text[w.start : w.end]) for w in words(text)]
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            assert words(article, start, end) == words(text, start, end), (start, end)


def test_article_text_words_of_degrees_handles_and_dotted_acronyms() -> None:
    from annotator.core.suggest.text import ArticleText, words

    text = "Dr.A.Budi S.Pd.,M.Kes said A.B.C5 and U.S. Army; @user.name ok. Sp.A(K) Jum’at"
    article = ArticleText(text)
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            assert words(article, start, end) == words(text, start, end), (start, end)


def test_marker_alternatives_split_at_the_top_level_only() -> None:
    from annotator.core.suggest.claims import _alternatives, _by_first_letter

    assert _alternatives(r"a|b(c|d)|[|]x|\|y|[]|]z") == ["a", "b(c|d)", "[|]x", r"\|y", "[]|]z"]
    grouped = _by_first_letter(
        ["abc", "abd", "x", "(?:y|z)w", "(?:q)?r", "(?-i:v)", "s?z", r"\d+%"]
    )
    assert grouped == r"a(?:bc|bd)|x(?:)|y(?:w)|z(?:w)|\d(?:\d*%)|(?:q)?r|(?-i:v)|s?z"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["yang akan", " ", *"harus Must wajib UU uu akan - x be is allowed 12 %".split()]
        ),
        max_size=8,
    )
)
def test_regrouped_markers_occur_where_the_plain_alternation_does(parts: list[str]) -> None:
    import re

    from annotator.core.suggest.claims import _any_marker, _markers

    sources = (r"harus|must|(?-i:UU)|(?:be|is) (?:allowed|able)", r"wajib|(?<!yang )akan|\d+ ?%")
    plain = re.compile(r"(?<![\w-])(?:" + "|".join(sources) + r")(?![\w-])", re.IGNORECASE)
    text = " ".join(parts)
    assert bool(_markers(*sources).search(text)) == bool(plain.search(text))
    combined = _any_marker(_markers(sources[0]), _markers(sources[1]))
    assert bool(combined.search(text)) == bool(plain.search(text))


def test_cue_pattern_matches_like_the_plain_alternation() -> None:
    import re

    for language, article in (("id", ID_ARTICLE), ("en", EN_ARTICLE)):
        lex = load_lexicon(language)
        forms = sorted(lex.cues, key=len, reverse=True)
        alternatives = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
        plain = re.compile("(?:" + alternatives + r")(?![\w’'-])", re.IGNORECASE)
        text = article + " " + " ".join(forms) + " " + " ".join(f.upper() for f in forms)
        for pos in range(len(text)):
            found, expected = lex.pattern.match(text, pos), plain.match(text, pos)
            assert (found and found.span()) == (expected and expected.span()), pos


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abcdeé ", max_size=9), st.text(alphabet="abcdeé ", max_size=9))
def test_one_edit_test_agrees_with_the_edit_distance(a: str, b: str) -> None:
    from annotator.core.suggest.names import _within_one_edit

    assert _within_one_edit(a, b) == (edit_distance(a, b, 1) <= 1)


def _names_match_by_edit_distance(short: str, full: str) -> bool:
    """names_match written plainly with edit distances (what its quick tests must agree with)."""
    if not short or not full:
        return False
    if short == full:
        return True
    allowed = 1 if len(full) < 12 else 2
    if min(len(short), len(full)) >= 5 and edit_distance(short, full, allowed) <= allowed:
        return True
    short_tokens, full_tokens = short.split(), full.split()
    if len(short_tokens) > len(full_tokens):
        return False
    return all(
        any(
            s == f or (min(len(s), len(f)) >= 5 and edit_distance(s, f, 1) <= 1)
            for f in full_tokens
        )
        for s in short_tokens
    )


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="abcde ", max_size=16), st.text(alphabet="abcde ", max_size=16))
def test_names_match_agrees_with_plain_edit_distances(short: str, full: str) -> None:
    assert names_match(short, full) == _names_match_by_edit_distance(short, full)
    assert names_match(full, short) == _names_match_by_edit_distance(full, short)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(["Moh", "M", "Much", "x", "_", ".", " ", "\n", "Sal", "é", "-"])),
    st.sampled_from(["Sal", "Sal.", "M", "é", "x-"]),
)
def test_abbreviated_first_name_is_found_like_the_plain_pattern(
    parts: list[str], name: str
) -> None:
    import re

    from annotator.core.suggest.names import _abbreviated_first_name

    text = "".join(parts)
    pattern = rf"\b(?:Moh|Muh|Mhd|Moch|Much|M)\.\s*{re.escape(name)}\b"
    assert _abbreviated_first_name(text, name) == (re.search(pattern, text) is not None)


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # a degree that runs on into where and when the speaker spoke
        (
            "Kepala Dinas Pertanian Kab. Sigi Ir. Budi Lasama, M.Si. di Sigi, Selasa, "
            "mengatakan harga jagung naik.",
            "Budi Lasama",
        ),
        # "Abd." (Abdul) inside a name, then two degrees
        (
            "Kepala Basarnas Kendari, Yusran Abd. Karim, S.E., M.Si. mengatakan kapal motor "
            "itu terbalik dihantam gelombang setinggi dua meter.",
            "Yusran Abd. Karim",
        ),
        # a surname that is also a title word (hakim: judge) closes the name
        ("Peneliti BRIN, Sofyan Hakim, mengatakan curah hujan tinggi.", "Sofyan Hakim"),
        # a one-letter initial after the honorific H. is part of the name
        (
            "Sekda Kab. Tapin, Drs. H. M. Rusli Anwar menyatakan status siaga banjir "
            "diperpanjang hingga akhir bulan.",
            "M. Rusli Anwar",
        ),
        # a degree whose last part is capitals ("M.AP.")
        (
            "Kalak BPBD Kab. Tapin, Rudi Hartawan, S.Sos., M.AP., menyebut air mulai surut.",
            "Rudi Hartawan",
        ),
    ],
)
def test_the_speakers_name_is_cut_where_the_name_is(sentence: str, speaker: str) -> None:
    found = quotes(run(sentence + "\n", language="id"))
    assert [q["speaker"] for q in found] == [speaker]


def test_a_name_after_an_honorific_is_a_name_though_a_street_bears_it() -> None:
    """ "Jl. Ahmad Yani" makes "Ahmad" read like a place; after "H." it is a first name."""
    text = (
        "Banjir merendam Jl. Ahmad Yani di Martapura, Senin.\n"
        "Camat Martapura, H. Ahmad Subarkah, mengatakan air mulai surut sejak pagi.\n"
    )
    found = quotes(run(text, language="id"))
    assert [q["speaker"] for q in found] == ["Ahmad Subarkah"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a role word before the name is the role, not part of the name
        (
            "Transport Undersecretary Maria L. Santos said on Monday that operators who "
            "had not joined a cooperative would lose their permits.",
            "Maria L. Santos",
        ),
        # an organisation named in full, its last word a kind of organisation
        (
            "According to a 2023 survey by the Upland Water Collaborative, a nonprofit, "
            "about a third of rural wells are contaminated.",
            "Upland Water Collaborative",
        ),
        # a description that reaches into a long proper name keeps the whole name
        (
            "A spokesperson for the Idaho Department of Natural Resources said in an email "
            "that the state expects to reopen the trail in June.",
            "spokesperson for the Idaho Department of Natural Resources",
        ),
    ],
)
def test_an_english_speaker_is_cut_where_the_name_or_description_ends(
    text: str, speaker: str
) -> None:
    found = quotes(run(text + "\n", language="en"))
    assert [q["speaker"] for q in found] == [speaker]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # a verb without a prefix carries the clause
        (
            "Penumpang selamat, Yosina Lekatompessy, menuturkan ombak besar datang tiba-tiba "
            "dari sisi kanan kapal.",
            "ombak besar datang tiba-tiba dari sisi kanan kapal",
        ),
        # "banyak" opens a quantity, not a topic like "sulitnya"
        (
            "Ketua forum guru, Rudi Santosa, mengungkapkan banyak guru di daerah yang sudah "
            "mengabdi lebih dari 15 tahun.",
            "banyak guru di daerah yang sudah mengabdi lebih dari 15 tahun",
        ),
        # a long subject before its predicate
        (
            "Kementerian Pertanian memastikan tambahan kuota pupuk sebanyak 20 ribu ton untuk "
            "musim tanam 2024 di tiga provinsi akan disalurkan bulan depan.",
            "tambahan kuota pupuk sebanyak 20 ribu ton untuk musim tanam 2024 di tiga provinsi "
            "akan disalurkan bulan depan",
        ),
        # "Kel." (kelurahan) does not end the sentence or the quote
        (
            "Polisi mengatakan tersangka ditangkap di rumah kos di Jl. Melati, Kel. Kambu, "
            "Kec. Poasia.",
            "tersangka ditangkap di rumah kos di Jl. Melati, Kel. Kambu, Kec. Poasia",
        ),
    ],
)
def test_an_indonesian_reported_clause_is_found_whole(text: str, content: str) -> None:
    found = quotes(run(text + "\n", language="id"), "indirect")
    assert [span(text + "\n", q) for q in found] == [content]


def test_a_speaker_introduced_with_bernama_or_named_is_the_name() -> None:
    text = "Pedagang bernama Siti Aminah mengatakan kenaikan terjadi sejak sepekan terakhir.\n"
    assert [q["speaker"] for q in quotes(run(text, language="id"))] == ["Siti Aminah"]
    text = "A farmer named Joe Banks said the river rose overnight.\n"
    assert [q["speaker"] for q in quotes(run(text, language="en"))] == ["Joe Banks"]


def test_the_headline_is_nobody_a_pronoun_cue_points_back_to() -> None:
    """Tester: 'katanya' in the body was given to "Jelang Ramadan", role "Harga Cabai
    Melonjak" (the headline read as a role and a name)."""
    text = (
        "Harga Cabai Melonjak Jelang Ramadan\n\n"
        "SURABAYA - Harga cabai rawit di Pasar Keputran melonjak hingga Rp80.000 per "
        'kilogram."Pasokan dari petani berkurang karena hujan," katanya kepada wartawan.\n'
    )
    assert [q["speaker"] for q in quotes(run(text, language="id"))] == [None]


def test_degrees_after_a_menurut_speaker_are_not_the_content() -> None:
    text = (
        "Menurut Kepala BPBD Kota Bandung, Drs. H. Asep Sumarna, M.Si., curah hujan tahun "
        "ini naik 30 persen dibanding tahun lalu.\n"
    )
    found = quotes(run(text, language="id"))
    assert [(span(text, q), q["speaker"]) for q in found] == [
        ("curah hujan tahun ini naik 30 persen dibanding tahun lalu", "Asep Sumarna")
    ]


def test_he_points_to_the_english_subject_of_the_sentence_before() -> None:
    """Tester: "disagreed" read as an Indonesian passive ("di-"), so Ahmed Khan was not the
    topic and "he said" went to the councillor quoted before him."""
    text = (
        "Councillor Mary Jones said the lanes would cut journey times.\n\n"
        '"We cannot keep putting drivers first," Jones told reporters. Shop owner Dr. Ahmed '
        'Khan disagreed. "Footfall dropped 15 per cent the last time," he said.\n'
    )
    found = quotes(run(text, language="en"), "direct")
    assert [q["speaker"] for q in found] == ["Mary Jones", "Ahmed Khan"]


@pytest.mark.parametrize(
    ("sentence", "in_quote", "category"),
    [
        ("Gaji bulanan saya Rp 350.000, dibayar per tiga bulan.", True, "personal_experience"),
        ("Servis saya dua kali nyangkut di net.", True, "personal_experience"),
        ("My rent went up 40 per cent this spring.", True, "personal_experience"),
        # the same figure outside a direct quote, or without a first person, is a quantity
        ("Gaji bulanan saya Rp 350.000, itu pun dibayar per tiga bulan.", False, "quantity"),
        ("Harga cabai di pasar naik 30 persen pekan ini.", True, "quantity"),
        # "kami" is an institution speaking, not a person's life
        ("Kami menyalurkan 500 ton beras ke pasar pekan ini.", True, "quantity"),
    ],
)
def test_a_figure_of_the_speakers_own_life_is_personal_experience(
    sentence: str, in_quote: bool, category: str
) -> None:
    found = categorize(sentence, in_direct_quote=in_quote)
    assert found is not None and found[0] == category


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # tester: "a move critics say will hurt small shops" gave the speaker "move critics"
        (
            "The council approved three new bus lanes, a move critics say will hurt small "
            "shops.",
            "critics",
        ),
        ("The union leaders said the strike would continue into next week.", "union leaders"),
        ("Some economists said prices would fall before the end of the year.", "economists"),
        (
            "Several officials told reporters that the bridge would close in May.",
            "officials",
        ),
    ],
)
def test_an_english_group_speaker_is_the_group(text: str, speaker: str) -> None:
    found = quotes(run(text + "\n", language="en"), "indirect")
    assert [q["speaker"] for q in found] == [speaker]
