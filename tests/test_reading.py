"""Tests for annotator.core.reading: text files, JSON Lines, folders and refusals."""

from __future__ import annotations

import codecs
import json
import os
import time
from pathlib import Path

import pytest

from annotator.core.reading import (
    MAX_ARTICLE_BYTES,
    InputError,
    SourceArticle,
    expand_paths,
    normalize_text,
    read_articles,
    read_jsonl,
    read_text_file,
)

ARTICLE = "Judul Berita\n\nJAKARTA - Menteri itu berkata, “Kami siap.”\nSelesai.\n"


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def one_line(error: pytest.ExceptionInfo[InputError]) -> str:
    message = str(error.value)
    assert "\n" not in message
    return message


# normalize_text ---------------------------------------------------------------------------


def test_normalize_text_line_ends_and_bom_only():
    assert normalize_text("\ufeffa\r\nb\rc\n\nd") == "a\nb\nc\n\nd"
    assert normalize_text("  spaced  \t\n") == "  spaced  \t\n"
    assert normalize_text("a\r\r\nb") == "a\n\nb"
    assert normalize_text("x\ufeffy") == "x\ufeffy"


# encodings --------------------------------------------------------------------------------


def test_utf8_plain(tmp_path):
    article = read_text_file(write(tmp_path / "a.txt", ARTICLE.encode("utf-8")))
    assert isinstance(article, SourceArticle)
    assert article.text == ARTICLE
    assert article.source == str(tmp_path / "a.txt")
    assert article.warnings == ()
    assert article.title is None and article.extra == {}


def test_utf8_with_bom(tmp_path):
    path = write(tmp_path / "a.txt", codecs.BOM_UTF8 + ARTICLE.encode("utf-8"))
    assert read_text_file(path).text == ARTICLE


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, encoding):
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    path = write(tmp_path / "a.txt", bom + ARTICLE.replace("\n", "\r\n").encode(encoding))
    article = read_text_file(path)
    assert article.text == ARTICLE
    assert article.warnings == ()


def test_utf16_python_codec_output(tmp_path):
    # Python's "utf-16" codec writes a BOM in native order; an emoji needs a surrogate pair.
    text = "Kata dia 😀 di Jakarta.\n"
    path = write(tmp_path / "a.txt", text.encode("utf-16"))
    assert read_text_file(path).text == text


def test_utf32_with_bom(tmp_path):
    path = write(tmp_path / "a.txt", ARTICLE.encode("utf-32"))
    assert read_text_file(path).text == ARTICLE


def test_crlf_and_lone_cr(tmp_path):
    path = write(tmp_path / "a.txt", b"Judul\r\n\r\nBaris satu.\rBaris dua.\r\n")
    assert read_text_file(path).text == "Judul\n\nBaris satu.\nBaris dua.\n"


def test_text_is_not_stripped_or_reflowed(tmp_path):
    raw = "\n\n  Judul  \n\tisi  dua  spasi.Glued\n\n\n"
    assert read_text_file(write(tmp_path / "a.txt", raw.encode())).text == raw


def test_invalid_utf8_refused_naming_offset(tmp_path):
    path = write(tmp_path / "a.txt", "Kata “dia”".encode("cp1252"))
    with pytest.raises(InputError) as error:
        read_text_file(path)
    message = one_line(error)
    assert message.startswith(f"{path}: not valid UTF-8")
    assert "0x93 at offset 5" in message
    assert "fallback" in message


def test_invalid_utf8_accepted_with_fallback_and_warning(tmp_path):
    path = write(tmp_path / "a.txt", "Kata “dia” café".encode("cp1252"))
    article = read_text_file(path, fallback_encoding="cp1252")
    assert article.text == "Kata “dia” café"
    assert len(article.warnings) == 1
    assert "cp1252" in article.warnings[0] and "offset 5" in article.warnings[0]


def test_fallback_unused_for_valid_utf8(tmp_path):
    path = write(tmp_path / "a.txt", "café".encode())
    assert read_text_file(path, fallback_encoding="latin-1").warnings == ()


def test_fallback_that_also_fails(tmp_path):
    path = write(tmp_path / "a.txt", b"abc \x81 def")  # 0x81 is undefined in cp1252
    with pytest.raises(InputError, match="nor cp1252"):
        read_text_file(path, fallback_encoding="cp1252")


def test_unknown_fallback_encoding(tmp_path):
    path = write(tmp_path / "a.txt", b"abc")
    with pytest.raises(InputError, match="unknown fallback encoding 'klingon'"):
        read_text_file(path, fallback_encoding="klingon")


def test_non_text_codec_as_fallback(tmp_path):
    path = write(tmp_path / "a.txt", b"abc \x93")
    with pytest.raises(InputError, match="not a text encoding"):
        read_text_file(path, fallback_encoding="base64")


def test_invalid_utf16_body(tmp_path):
    path = write(tmp_path / "a.txt", codecs.BOM_UTF16_LE + b"a\x00\x00\xd8")  # lone surrogate
    with pytest.raises(InputError, match="not valid UTF-16"):
        read_text_file(path)


def test_mojibake_warns_but_keeps_text(tmp_path):
    text = "Dia berkata â€œsiapâ€\x9d hari ini."
    article = read_text_file(write(tmp_path / "a.txt", text.encode()))
    assert article.text == text
    assert any("double-encoded" in w for w in article.warnings)


# refusals ---------------------------------------------------------------------------------


def test_empty_file(tmp_path):
    path = write(tmp_path / "a.txt", b"")
    with pytest.raises(InputError) as error:
        read_text_file(path)
    assert one_line(error) == f"{path}: empty file"


def test_whitespace_only_file(tmp_path):
    path = write(tmp_path / "a.txt", b" \r\n\t\n  ")
    with pytest.raises(InputError, match="empty file"):
        read_text_file(path)


def test_bom_only_file_is_empty(tmp_path):
    path = write(tmp_path / "a.txt", codecs.BOM_UTF8)
    with pytest.raises(InputError, match="empty file"):
        read_text_file(path)


def test_nul_bytes_refused(tmp_path):
    path = write(tmp_path / "notes" / "a.txt", b"Judul\x00\x00isi")
    with pytest.raises(InputError) as error:
        read_text_file(path)
    assert one_line(error).startswith(f"{path}: not text (binary data")


def test_utf16_without_bom_gets_a_hint(tmp_path):
    path = write(tmp_path / "a.txt", ARTICLE.encode("utf-16-le"))
    with pytest.raises(InputError, match="byte-order mark"):
        read_text_file(path)


def test_binary_control_characters_refused(tmp_path):
    data = bytes(range(1, 32)) * 20 + b"some text"
    path = write(tmp_path / "a.txt", data)
    with pytest.raises(InputError) as error:
        read_text_file(path)
    assert one_line(error) == f"{path}: not text (binary data)"


def test_binary_formats_named(tmp_path):
    path = write(tmp_path / "a.txt", b"%PDF-1.7\n\xe2\xe3\xcf\xd3 stuff")
    with pytest.raises(InputError, match="not text \\(binary data: a PDF document\\)"):
        read_text_file(path)


def test_nul_in_utf16_text_refused(tmp_path):
    path = write(tmp_path / "a.txt", "ab\x00\x00cd".encode("utf-16"))
    with pytest.raises(InputError, match="binary"):
        read_text_file(path)


def test_a_few_form_feeds_are_fine(tmp_path):
    text = "Halaman satu.\n\f\nHalaman dua berisi teks panjang yang biasa saja.\n"
    assert read_text_file(write(tmp_path / "a.txt", text.encode())).text == text


def test_huge_file_refused_quickly(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: nothing is really written
    started = time.monotonic()
    with pytest.raises(InputError) as error:
        read_text_file(path)
    assert time.monotonic() - started < 1.0
    message = one_line(error)
    assert message.startswith(f"{path}: too large (50.0 MB")
    assert "5 MB" in message


def test_exactly_at_limit_is_not_too_large(tmp_path):
    path = tmp_path / "edge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_ARTICLE_BYTES)
    with pytest.raises(InputError, match="binary"):  # all NUL bytes, but not "too large"
        read_text_file(path)


def test_missing_file_and_folder_given_as_file(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        read_text_file(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_text_file(tmp_path)


# JSON Lines -------------------------------------------------------------------------------


def jsonl(tmp_path: Path, *lines: object, name: str = "a.jsonl") -> Path:
    rendered = [x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines]
    return write(tmp_path / name, ("\n".join(rendered) + "\n").encode())


def test_jsonl_good(tmp_path):
    path = jsonl(
        tmp_path,
        {
            "text": "Isi satu.\r\nBaris dua.",
            "title": "Judul",
            "url": "https://contoh.example/a",
            "published": "2023-01-03T10:00:00+07:00",
            "outlet": "contoh.example",
            "id": 7,
            "tags": ["a", "b"],
        },
        "",
        "   ",
        {"text": "Artikel kedua.", "title": None, "url": ""},
    )
    first, second = read_jsonl(path)
    assert first.text == "Isi satu.\nBaris dua."
    assert first.title == "Judul"
    assert first.url == "https://contoh.example/a"
    assert first.published == "2023-01-03T10:00:00+07:00"
    assert first.outlet == "contoh.example"
    assert first.extra == {"id": 7, "tags": ["a", "b"]}
    assert first.source == f"{path}:1"
    assert second.source == f"{path}:4"
    assert second.title is None and second.url is None and second.extra == {}
    assert read_articles(path) == [first, second]


def test_jsonl_with_bom_and_crlf(tmp_path):
    data = codecs.BOM_UTF8 + b'{"text": "satu"}\r\n{"text": "dua"}\r\n'
    path = write(tmp_path / "a.jsonl", data)
    assert [a.text for a in read_jsonl(path)] == ["satu", "dua"]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"text": "a",', "not valid JSON"),
        ('["text"]', "expected a JSON object, got a list"),
        ('{"title": "x"}', 'missing the required field "text"'),
        ('{"text": 5}', 'field "text" must be a string, got a number'),
        ('{"text": null}', 'field "text" must be a string, got null'),
        ('{"text": "  "}', 'field "text" is empty'),
        ('{"text": "a", "title": 3}', 'field "title" must be a string or null'),
        ('{"text": "a\\u0000b"}', "NUL"),
    ],
)
def test_jsonl_malformed_line_refuses_file(tmp_path, line, problem):
    path = jsonl(tmp_path, {"text": "baik"}, "", line, {"text": "juga baik"})
    with pytest.raises(InputError) as error:
        read_jsonl(path)
    message = one_line(error)
    assert message.startswith(f"{path} line 3: ")
    assert problem in message


def test_jsonl_invalid_utf8_line(tmp_path):
    path = write(tmp_path / "a.jsonl", b'{"text": "a"}\n{"text": "\x93b"}\n')
    with pytest.raises(InputError, match=r"a\.jsonl line 2: not valid UTF-8 \(byte 0x93"):
        read_jsonl(path)


def test_jsonl_empty(tmp_path):
    path = write(tmp_path / "a.jsonl", b"\n\n")
    with pytest.raises(InputError, match="no articles"):
        read_jsonl(path)


# folders and dispatch ---------------------------------------------------------------------


def test_expand_paths_recursive_sorted_hidden_skipped(tmp_path):
    root = tmp_path / "in"
    for name in [
        "b.txt",
        "a.TXT",
        "c.text",
        "d.jsonl",
        "e.json",
        "skip.md",
        ".hidden.txt",
        "sub/z.txt",
        "sub/deeper/y.jsonl",
        ".git/x.txt",
        "sub/.cache/w.txt",
    ]:
        write(root / name, b"x")
    got = [p.relative_to(root).as_posix() for p in expand_paths([root])]
    # a folder's own files (sorted) come before its subfolders (sorted)
    assert got == [
        "a.TXT",
        "b.txt",
        "c.text",
        "d.jsonl",
        "e.json",
        "sub/z.txt",
        "sub/deeper/y.jsonl",
    ]


def test_expand_paths_files_as_given_and_deduplicated(tmp_path):
    note = write(tmp_path / "notes.md", b"x")
    folder = tmp_path / "f"
    article = write(folder / "a.txt", b"x")
    assert expand_paths([note, folder, article, str(note)]) == [note, article]


def test_expand_paths_missing(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(InputError) as error:
        expand_paths([missing])
    assert one_line(error) == f"{missing}: no such file or folder"


def test_expand_paths_empty_folder(tmp_path):
    folder = tmp_path / "empty"
    write(folder / "readme.md", b"x")
    write(folder / ".hidden" / "a.txt", b"x")
    with pytest.raises(InputError) as error:
        expand_paths([folder])
    assert one_line(error).startswith(f"{folder}: no article files")


def test_read_articles_dispatch(tmp_path):
    text = write(tmp_path / "a.text", b"Isi artikel.")
    other = write(tmp_path / "b", b"Isi lain.")
    export = write(tmp_path / "c.json", b'{"whatever": true}')
    assert [a.text for a in read_articles(text)] == ["Isi artikel."]
    assert [a.text for a in read_articles(other)] == ["Isi lain."]
    assert read_articles(export) == []


def test_read_articles_passes_fallback(tmp_path):
    path = write(tmp_path / "a.txt", "café".encode("latin-1"))
    (article,) = read_articles(path, fallback_encoding="latin-1")
    assert article.text == "café" and article.warnings


def test_jsonl_unpaired_surrogate_refused(tmp_path):
    path = write(tmp_path / "a.jsonl", b'{"text": "a\\ud800b"}\n')
    with pytest.raises(InputError, match=r"a\.jsonl line 1: field \"text\" holds an unpaired"):
        read_jsonl(path)


def test_jsonl_record_over_limit(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"text": "ok"}\n{"text": "')
        handle.write(b"a" * (MAX_ARTICLE_BYTES + 10))
        handle.write(b'"}\n')
    with pytest.raises(InputError, match=r"big\.jsonl line 2: record too large"):
        read_jsonl(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_special_file_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_text_file(fifo)


def test_error_message_stays_one_line_for_odd_names(tmp_path):
    error = InputError(tmp_path / "a\nb.txt", "not text\n(binary data)")
    assert "\n" not in str(error)
    assert str(error).endswith("b.txt: not text (binary data)")


def test_input_error_with_a_ready_message():
    error = InputError("export.json: malformed JSON\n(line 3)")
    assert str(error) == "export.json: malformed JSON\\n(line 3)"
    assert "\n" not in str(error)


def test_a_control_character_inside_a_jsonl_string_is_named_once(tmp_path):
    path = tmp_path / "raw.jsonl"
    path.write_bytes(b'{"text": "Kata\x01dia."}\n')
    with pytest.raises(InputError) as error:
        read_articles(path)
    message = one_line(error)
    assert "Invalid control character at column" in message and " at at " not in message
