"""The store: schema, integrity, every write and its inverse, transactions."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.core.store import Store, StoreError

TEXT = "Judul berita\n“Kami siap 😀 bekerja,” kata Bahtiar.Dia menambahkan, anggaran naik 5 persen."


@pytest.fixture
def store():
    with Store.memory() as project:
        yield project


def add(store: Store, text: str = TEXT) -> int:
    with store.transaction():
        article_id, _ = store.insert_article(
            text, metadata={"title": "Judul berita"}, sentences=[(0, 12), (13, len(text))]
        )
    assert article_id is not None
    return article_id


def test_new_project_has_default_taxonomy(store):
    keys = [c.key for c in store.categories()]
    assert keys[:5] == [
        "personal_experience",
        "quantity",
        "correlation_causation",
        "rules",
        "prediction",
    ]
    assert [c.shortcut for c in store.categories()][:3] == ["1", "2", "3"]


def test_quote_keeps_span_text_with_astral_characters(store):
    article_id = add(store)
    start = TEXT.index("Kami")
    end = TEXT.index("bekerja,") + len("bekerja,")
    speaker, _ = store.add_speaker("Bahtiar", aliases=["Bachtiar"])
    quote, change = store.add_quote(
        article_id,
        start,
        end,
        speaker_id=speaker.id,
        annotator="ana",
        cue=(TEXT.index("kata"), TEXT.index("kata") + 4),
    )
    assert quote.text == TEXT[start:end] == "Kami siap 😀 bekerja,"
    assert quote.speaker_name == "Bahtiar"
    assert quote.id in change.annotations
    assert store.get_article(article_id).status == "in_progress"
    assert store.find_speaker("bachtiar").id == speaker.id


def test_out_of_range_span_is_refused_and_nothing_written(store):
    article_id = add(store)
    with pytest.raises(StoreError, match="outside the article text"):
        store.add_quote(article_id, 5, len(TEXT) + 3, speaker_id=None, annotator="ana")
    assert store.annotations(article_id) == []


def test_database_checks_reject_inverted_spans(store):
    article_id = add(store)
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            'INSERT INTO annotations (article_id, kind, start, "end", text, created_at, '
            "updated_at) VALUES (?, 'quote', 5, 3, 'x', 'now', 'now')",
            [article_id],
        )


def test_delete_and_restore_annotation_keeps_id_and_claim_link(store):
    article_id = add(store)
    quote, _ = store.add_quote(article_id, 14, 35, speaker_id=None, annotator="ana")
    claim, _ = store.add_claim(
        article_id, 14, 20, category_id=store.categories()[1].id, quote_id=quote.id, annotator="ana"
    )
    row, change = store.delete_annotation(quote.id)
    assert claim.id in change.annotations
    assert store.get_annotation(claim.id).quote_id is None
    store.restore_annotation(row)
    assert store.get_annotation(quote.id).text == quote.text
    assert store.get_annotation(claim.id).quote_id == quote.id


def test_update_annotation_returns_old_values_for_undo(store):
    article_id = add(store)
    quote, _ = store.add_quote(article_id, 14, 35, speaker_id=None, annotator="ana")
    old, _ = store.update_annotation(quote.id, start=15, quote_type="indirect")
    assert store.get_annotation(quote.id).text == TEXT[15:35]
    store.update_annotation(quote.id, **old)
    assert store.get_annotation(quote.id).text == TEXT[14:35]
    assert store.get_annotation(quote.id).quote_type == "direct"


def test_suggestion_accept_creates_speaker_and_undo_removes_it(store):
    article_id = add(store)
    with store.transaction():
        (sid,) = store.insert_suggestions(
            article_id,
            [
                {
                    "kind": "quote",
                    "start": 14,
                    "end": 35,
                    "quote_type": "direct",
                    "speaker": "Bahtiar",
                    "speaker_role": None,
                    "cue": {"start": 37, "end": 41},
                    "confidence": 0.9,
                }
            ],
        )
    assert store.article_summaries([article_id])[0].suggestion_count == 1
    assert store.article_summaries([article_id])[0].quote_count == 0
    record, _ = store.accept_suggestion(sid, annotator="ana")
    accepted = store.get_annotation(sid)
    assert accepted.status == "accepted" and accepted.annotator == "ana"
    assert store.find_speaker("Bahtiar") is not None
    store.unaccept_suggestion(record)
    assert store.get_annotation(sid).status == "suggested"
    assert store.find_speaker("Bahtiar") is None


def test_rejected_suggestion_does_not_come_back(store):
    article_id = add(store)
    suggestion = {
        "kind": "claim",
        "start": 56,
        "end": len(TEXT) - 1,
        "category": "quantity",
        "speaker": None,
        "confidence": 0.7,
    }
    with store.transaction():
        (sid,) = store.insert_suggestions(article_id, [suggestion])
    assert store.get_annotation(sid).category_key == "quantity"
    store.reject_suggestion(sid)
    store.replace_suggestions(article_id, [suggestion])
    statuses = [
        a.status
        for a in store.annotations(article_id, statuses=("suggested", "rejected", "accepted"))
    ]
    assert statuses == ["rejected"]


def test_split_and_merge_sentences_are_inverse(store):
    article_id = add(store)
    before = store.sentences(article_id)
    cut = TEXT.index("Dia")
    store.split_sentence(article_id, cut)
    spans = [(s.start, s.end) for s in store.sentences(article_id)]
    assert (13, cut) in spans and (cut, len(TEXT)) in spans
    store.merge_sentences(article_id, cut)
    assert [(s.start, s.end) for s in store.sentences(article_id)] == [
        (s.start, s.end) for s in before
    ]


def test_merge_speakers_and_unmerge(store):
    article_id = add(store)
    keep, _ = store.add_speaker("Bahtiar")
    other, _ = store.add_speaker("Bachtiar", aliases=["Pak B"])
    quote, _ = store.add_quote(article_id, 14, 35, speaker_id=other.id, annotator="ana")
    record, _ = store.merge_speakers(keep.id, other.id)
    assert store.get_annotation(quote.id).speaker_id == keep.id
    assert set(store.get_speaker(keep.id).aliases) == {"Bachtiar", "Pak B"}
    store.unmerge_speakers(record)
    assert store.get_annotation(quote.id).speaker_id == other.id
    assert store.get_speaker(keep.id).aliases == ()
    assert store.get_speaker(other.id).aliases == ("Pak B",)


def test_duplicate_speaker_names_refused(store):
    store.add_speaker("Joko Widodo", aliases=["Jokowi"])
    with pytest.raises(StoreError, match="already exists"):
        store.add_speaker("jokowi")


def test_failed_transaction_leaves_database_as_it_was(store):
    with pytest.raises(StoreError), store.transaction():
        store.insert_article(TEXT, metadata={}, sentences=[(0, 12)])
        store.insert_article("Teks lain.", metadata={}, sentences=[(0, 99)])
    assert store.count_articles() == 0


def test_category_shortcut_moves_and_undo(store):
    quantity = store.category_by_key("quantity")
    rules = store.category_by_key("rules")
    old, change = store.update_category(rules.id, shortcut=quantity.shortcut)
    assert store.category_by_key("quantity").shortcut is None
    assert quantity.id in change.categories
    store.move_category(rules.id, 0)
    assert store.categories()[0].key == "rules"


def test_full_text_search(store):
    first = add(store)
    second = add(store, "Another article about the harbour budget.")
    assert store.article_ids(search="harbour") == [second]
    assert store.article_ids(search="bahtiar") == [first]
    assert store.article_ids(search='"unbalanced') == []


def test_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("just some notes")
    with pytest.raises(StoreError, match="not an annotator project"):
        Store.open(path)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "p.db"
    with Store.open(path) as project:
        project.db["_sqlite_migrations"].insert(
            {"migration_set": "annotator", "name": "9999_future", "applied_at": "x"}
        )
    with pytest.raises(StoreError, match="newer version"):
        Store.open(path)


def test_readonly_project_refuses_writes(tmp_path):
    path = tmp_path / "p.db"
    Store.open(path).close()
    with Store.open(path, readonly=True) as project, pytest.raises(StoreError, match="read-only"):
        project.add_speaker("X")


def test_reading_a_project_needs_no_sqlite_utils_and_writes_behave_the_same(tmp_path):
    """The plain connection is set up as sqlite-utils' Database would set it, and the
    Database is made on first use only; warming up a closed store does nothing."""
    Store.open(tmp_path / "p.db").close()  # created (the migrations use sqlite-utils)
    with Store.open(tmp_path / "p.db") as store:
        assert store._db is None  # opening and reading a current project did not need it
        store.article_ids()
        assert store._db is None
        assert store.conn.execute("PRAGMA recursive_triggers").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        store.warm_up()
        assert store._db is not None and store.db.conn is store.conn
    closed = Store.open(tmp_path / "p.db")
    closed.close()
    closed.warm_up()  # e.g. a window's delayed warm-up after its project was closed


def test_a_database_of_another_program_is_never_turned_into_a_project(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    for readonly in (True, False):
        with pytest.raises(StoreError, match="not an annotator project"):
            Store.open(other, readonly=readonly)
    conn = sqlite3.connect(other)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["customers"]
    conn.close()
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(StoreError, match="empty database"):
        Store.open(empty, readonly=True)  # a reading command creates nothing
    assert empty.stat().st_size == 0
    Store.open(empty).close()  # opened for writing, an empty file becomes a project


def test_update_article_refuses_a_date_not_on_the_calendar(store):
    article_id = add(store)
    before = store.get_article(article_id).published
    for bad, reason in (("2023-02-29", "February 2023 has 28 days"),
                        ("2024-13-45", "there is no month 13"),
                        ("3/1/2023", "YYYY-MM-DD"), ("2024-02-29T10:00", "YYYY-MM-DD")):
        with pytest.raises(StoreError, match=reason):
            store.update_article(article_id, published=bad)
        assert store.get_article(article_id).published == before
    store.update_article(article_id, published="2024-02-29")
    assert store.get_article(article_id).published == "2024-02-29"
    store.update_article(article_id, published=None)
    assert store.get_article(article_id).published is None
