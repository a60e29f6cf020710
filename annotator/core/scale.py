"""A synthetic corpus for scale tests and benchmarks: N news-like articles (Indonesian and
English), M annotations, a speaker registry, written straight into a project.

This is test tooling, not an import path: it bypasses the segmenter and the suggester and
writes rows in the store's format with bulk `executemany` on `store.db`, always inside
`store.transaction()` (one transaction per batch), so the triggers that keep the full-text
indexes up to date run as for any other write. Invariants of what it writes:

* every sentence and annotation satisfies ``articles.text[start:end] == span text`` and
  ``0 <= start < end <= len(text)``; sentences do not overlap;
* every article text is unique (its number is in its first line), so `text_hash` is unique;
* the same seed gives the same corpus.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from annotator.core.store import Store
from annotator.core.store.base import now

_ID_WORDS = (  # noqa: SIM905 - word lists read better as text
    "pemerintah daerah kabupaten kota provinsi warga masyarakat anggaran dana program "
    "kebijakan pembangunan jalan jembatan sekolah rumah sakit pasar harga beras minyak "
    "pupuk petani nelayan banjir longsor kekeringan pemilu partai calon pemilih suara "
    "kepala dinas bupati wali gubernur menteri presiden polisi tersangka kasus korupsi "
    "investasi bodong layanan kesehatan pendidikan guru siswa zonasi inflasi ekonomi "
    "pertumbuhan persen miliar juta rupiah tahun bulan minggu hari rapat musyawarah "
    "menurut mengatakan menjelaskan menegaskan bahwa akan sudah belum masih juga tidak "
    "dengan untuk dalam pada dari oleh kepada secara terkait sejumlah berbagai seluruh"
).split()
_EN_WORDS = (  # noqa: SIM905
    "government council district city province residents community budget funds program "
    "policy construction road bridge school hospital market price rice fuel fertiliser "
    "farmers fishermen flood landslide drought election party candidate voters votes "
    "minister president police suspect case corruption investment service health "
    "education teachers students inflation economy growth percent billion million year "
    "month week day meeting according said explained stressed that will has have not "
    "with for in on from by to under after before during about several various all"
).split()
_PLACES = (  # noqa: SIM905
    "Jakarta Bandung Surabaya Semarang Medan Makassar Cirebon Garut Kediri Sumbawa Indramayu "
    "Majalengka Palembang Pontianak Manado Kupang Ambon Jayapura Padang Pekanbaru Jambi "
    "Bengkulu Lampung Serang Bogor Depok Bekasi Tangerang Yogyakarta Solo Malang Denpasar"
).split()
_FIRST = "Ahmad Siti Budi Dewi Rudi Sri Agus Rina Hendra Wati Yusuf Maria Eko Lestari Joko".split()  # noqa: SIM905
_LAST = "Santoso Wijaya Pratama Hidayat Nugroho Saputra Kurniawan Lubis Siregar Harahap".split()  # noqa: SIM905
_OUTLETS = ("antaranews.com", "kompas.com", "detik.com", "tempo.co", "reuters.com", "apnews.com")
_ROLES = ("Kepala Dinas", "Bupati", "Wali Kota", "Menteri", "juru bicara", "spokesperson")


@dataclass(frozen=True)
class SyntheticArticle:
    """One generated article and its sentence spans (code points, end exclusive)."""

    text: str
    title: str
    outlet: str
    place: str
    published: str
    language: str
    sentences: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class CorpusStats:
    articles: int
    sentences: int
    annotations: int
    speakers: int


def speaker_names(count: int) -> list[str]:
    """`count` distinct speaker names (first and last name, numbered past the combinations)."""
    names = [f"{f} {s}" for s in _LAST for f in _FIRST]
    return [names[i] if i < len(names) else f"{names[i % len(names)]} {i}" for i in range(count)]


def _sentence(rng: random.Random, words: tuple[str, ...] | list[str], speaker: str) -> str:
    body = " ".join(rng.choice(words) for _ in range(rng.randint(8, 24)))
    roll = rng.random()
    if roll < 0.15:
        return f"“{body.capitalize()},” kata {speaker}."
    if roll < 0.25:
        return f"{speaker} said {body}."
    return body.capitalize() + "."


def article_texts(count: int, *, seed: int = 1, start: int = 0) -> Iterator[SyntheticArticle]:
    """Yield `count` synthetic articles (about 2,500 characters each, 3 sentences a paragraph,
    two thirds Indonesian), numbered from `start` (the number makes each text unique)."""
    rng = random.Random(seed * 1_000_003 + start)
    names = speaker_names(60)
    pools = {
        "id": [_sentence(rng, _ID_WORDS, rng.choice(names)) for _ in range(4000)],
        "en": [_sentence(rng, _EN_WORDS, rng.choice(names)) for _ in range(2000)],
    }
    for number in range(start, start + count):
        language = "id" if number % 3 else "en"
        place = rng.choice(_PLACES)
        outlet = rng.choice(_OUTLETS)
        published = f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        title = f"{rng.choice(pools[language])[:60].rstrip('.,“” ')} ({number})"
        parts = [title, "\n\n"]
        pos = len(title) + 2
        spans = []
        lead = f"{place.upper()} ({outlet}) - Laporan nomor {number} dari {place}."
        pool = pools[language]
        sentences = [lead] + [rng.choice(pool) for _ in range(rng.randint(14, 26))]
        for index, sentence in enumerate(sentences):
            spans.append((pos, pos + len(sentence)))
            sep = "\n\n" if index % 3 == 2 else " "
            parts.append(sentence)
            parts.append(sep)
            pos += len(sentence) + len(sep)
        yield SyntheticArticle(
            "".join(parts), title, outlet, place, published, language, tuple(spans)
        )


def _split(total: int, parts: int, index: int) -> int:
    return total // parts + (1 if index < total % parts else 0)


def generate_corpus(
    store: Store,
    articles: int,
    annotations: int,
    *,
    seed: int = 1,
    speakers: int = 300,
    batch: int = 2000,
    progress: Callable[[int, int], None] | None = None,
) -> CorpusStats:
    """Append `articles` synthetic articles with `annotations` annotations in total (spread
    evenly; 80% accepted, 15% suggested, 5% rejected; half quotes, half claims) and a registry
    of `speakers` speakers to `store`. Returns what was written."""
    rng = random.Random(seed)
    stamp = now()
    with store.transaction() as db:
        existing = {r["name"].lower() for r in store.query("SELECT name FROM speakers")}
        db.conn.executemany(
            "INSERT INTO speakers (name, role, created_at) VALUES (?, ?, ?)",
            [
                (name, rng.choice(_ROLES), stamp)
                for name in speaker_names(speakers)
                if name.lower() not in existing
            ],
        )
    speaker_ids = [r["id"] for r in store.query("SELECT id FROM speakers")]
    category_ids = [r["id"] for r in store.query("SELECT id FROM categories")] or [None]
    first_id = (store.query_one("SELECT max(id) AS m FROM articles") or {}).get("m") or 0
    written_sentences = written_annotations = 0
    generated = article_texts(articles, seed=seed, start=first_id)
    for batch_start in range(0, articles, batch):
        size = min(batch, articles - batch_start)
        article_rows, sentence_rows, annotation_rows = [], [], []
        for offset in range(size):
            index = batch_start + offset
            article = next(generated)
            article_id = first_id + index + 1
            article_rows.append(_article_row(article_id, article, stamp))
            sentence_rows.extend((article_id, s, e) for s, e in article.sentences)
            wanted = _split(annotations, articles, index)
            annotation_rows.extend(
                _annotation_rows(rng, article_id, article, wanted, speaker_ids, category_ids, stamp)
            )
        with store.transaction() as db:
            db.conn.executemany(
                "INSERT INTO articles (id, text, text_hash, title, outlet, place, published, "
                "url, source, language, status, extra, imported_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                article_rows,
            )
            db.conn.executemany(
                'INSERT INTO sentences (article_id, start, "end") VALUES (?, ?, ?)', sentence_rows
            )
            db.conn.executemany(
                'INSERT INTO annotations (article_id, kind, start, "end", text, speaker_id, '
                "speaker_role, category_id, quote_type, annotator, status, confidence, origin, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                annotation_rows,
            )
        written_sentences += len(sentence_rows)
        written_annotations += len(annotation_rows)
        if progress is not None:
            progress(batch_start + size, articles)
    return CorpusStats(articles, written_sentences, written_annotations, len(speaker_ids))


def _article_row(article_id: int, article: SyntheticArticle, stamp: str) -> tuple:
    digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    return (
        article_id,
        article.text,
        digest,
        article.title,
        article.outlet,
        article.place,
        article.published,
        None,
        f"synthetic:{article_id}",
        article.language,
        "in_progress",
        json.dumps({}),
        stamp,
        stamp,
    )


def _annotation_rows(
    rng: random.Random,
    article_id: int,
    article: SyntheticArticle,
    count: int,
    speaker_ids: list[int],
    category_ids: list[int | None],
    stamp: str,
) -> Iterator[tuple]:
    text = article.text
    for _ in range(count):
        start, end = rng.choice(article.sentences)
        if end - start > 20 and rng.random() < 0.5:  # part of a sentence, word-aligned-ish
            cut = rng.randint(start + 5, end - 5)
            start, end = (start, cut) if rng.random() < 0.5 else (cut, end)
        is_quote = rng.random() < 0.5
        roll = rng.random()
        status = "accepted" if roll < 0.8 else "suggested" if roll < 0.95 else "rejected"
        yield (
            article_id,
            "quote" if is_quote else "claim",
            start,
            end,
            text[start:end],
            rng.choice(speaker_ids) if speaker_ids and rng.random() < 0.9 else None,
            None,
            None if is_quote else rng.choice(category_ids),
            ("direct" if rng.random() < 0.6 else "indirect") if is_quote else None,
            "suggester" if status == "suggested" else rng.choice(("ana", "budi", "citra")),
            status,
            round(rng.random(), 3) if status != "accepted" else None,
            "suggestion" if status != "accepted" else "manual",
            stamp,
            stamp,
        )
