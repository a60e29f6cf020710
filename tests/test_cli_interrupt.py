"""Ctrl-C and the other ways a command ends, in real subprocesses as a user meets them.

Ctrl-C during `annotator import` prints one line and exits with status 130 (what a shell
reports for a command it stopped); the file being imported leaves nothing behind (one
transaction per file) and the project stays sound. Click's own behaviour is kept: usage errors
print the usage and exit 2, --help and --version exit 0, the commands' errors and exit
statuses are theirs, and a prompt whose input ends says so on one line.
"""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import click
import pytest

from annotator.core.benchmarks import write_jsonl

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

SMALL = (
    "WARGA DESA GELAR MUSYAWARAH\n\n"
    "Pemerintah Desa Sukamaju menggelar musyawarah anggaran, Selasa (3/1/2023).\n\n"
    "“Anggaran desa tahun ini naik 12 persen,” kata Kepala Desa Ridwan Hakim.\n"
)


def annotator(*args: str) -> list[str]:
    return [sys.executable, "-m", "annotator", *args]


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONUTF8": "1", "ANNOTATOR_WORKERS": "2"}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        annotator(*args), capture_output=True, text=True, env=environment(), timeout=120
    )


def articles_in(db: Path) -> int | None:
    """Articles in the project, None while it has no table yet (read beside the writer)."""
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        return connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        connection.close()


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSONL file of 6,000 articles: analysing it takes seconds, an interrupt lands in it."""
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    write_jsonl(path, 6000, seed=31)
    return path


@pytest.mark.parametrize("whom", ["terminal", "process"])
def test_ctrl_c_during_an_import_is_one_line_status_130_and_leaves_that_file_out(
    tmp_path: Path, big: Path, whom: str
) -> None:
    """`terminal`: Ctrl-C as a terminal sends it, to the whole process group (the analysis
    workers too); `process`: SIGINT to the command alone (`kill -INT`)."""
    db = tmp_path / "project.db"
    small = tmp_path / "small.txt"
    small.write_text(SMALL, encoding="utf-8")
    process = subprocess.Popen(
        annotator("--db", str(db), "import", str(small), str(big)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
        start_new_session=True,  # its own process group, as a shell gives a job
    )
    try:
        # the small file is committed first: the big one is being read and analysed now
        deadline = time.monotonic() + 60
        while articles_in(db) != 1 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)
        assert process.poll() is None, "the import ended before it could be interrupted"
        if whom == "terminal":
            os.killpg(process.pid, signal.SIGINT)
        else:
            process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    assert process.returncode == 130, (out, err)
    assert err == "annotator: interrupted\n"
    assert out == ""
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        titles = [row[0] for row in connection.execute("SELECT text FROM articles")]
    finally:
        connection.close()
    assert len(titles) == 1 and titles[0].startswith("WARGA DESA"), "nothing of big.jsonl"
    # every worker process of the import is gone with it
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail("a process of the interrupted import is still running")

    check = run("--db", str(db), "check")  # integrity, foreign keys, every span's text
    assert check.returncode == 0 and check.stdout.startswith("ok: 1 article(s)"), check


def test_usage_errors_print_the_usage_and_exit_2(tmp_path: Path) -> None:
    db = str(tmp_path / "project.db")
    for args in (("--db", db, "--bogus"), ("--db", db, "import"), ("--db", db, "export", "-x")):
        result = run(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert "Usage: annotator" in result.stderr
        assert "Error: " in result.stderr and "Traceback" not in result.stderr
    assert not Path(db).exists()


def test_help_and_version_exit_0() -> None:
    for args in (("--help",), ("import", "--help"), ("-h",)):
        result = run(*args)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Usage: annotator") and result.stderr == ""
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("annotator, version ")


def test_the_commands_own_errors_and_statuses_are_kept(tmp_path: Path) -> None:
    db = tmp_path / "project.db"
    small = tmp_path / "small.txt"
    small.write_text(SMALL, encoding="utf-8")
    assert run("--db", str(db), "import", str(small)).returncode == 0
    # a UserError (a ClickException): its one line, its status
    missing = run("--db", str(db), "export", "--article", "999")
    assert missing.returncode == 2
    assert missing.stderr == "annotator: no article with id 999 in the project\n"
    # sys.exit(1) from the command: something refused
    refused = run("--db", str(db), "import", str(tmp_path / "nowhere.txt"))
    assert refused.returncode == 1 and "refused: " in refused.stderr
    # a command that succeeds: 0
    listing = run("--db", str(db), "articles")
    assert listing.returncode == 0 and "1 article(s)" in listing.stdout


@pytest.fixture
def prompting_command():
    """A command that asks for an answer, added to the real group for one test."""
    from annotator.cli import cli

    @cli.command("ask-test")
    def ask_test() -> None:
        name = click.prompt("Name")
        click.echo(f"hello {name}")

    yield
    del cli.commands["ask-test"]


def test_a_prompt_whose_input_ends_says_so_on_one_line(
    prompting_command, monkeypatch, capsys
) -> None:
    from annotator.cli import main

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(SystemExit) as exit_info:
        main(["ask-test"])
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert captured.err == "annotator: aborted: the input ended before an answer was given\n"

    monkeypatch.setattr(sys, "stdin", io.StringIO("Ana\n"))
    with pytest.raises(SystemExit) as exit_info:
        main(["ask-test"])
    assert exit_info.value.code == 0
    assert "hello Ana" in capsys.readouterr().out


def test_main_leaves_the_interrupt_handler_as_it_found_it(prompting_command, monkeypatch) -> None:
    from annotator.cli import main

    before = signal.getsignal(signal.SIGINT)
    monkeypatch.setattr(sys, "stdin", io.StringIO("Ana\n"))
    with pytest.raises(SystemExit):
        main(["ask-test"])
    assert signal.getsignal(signal.SIGINT) is before


def test_ctrl_c_at_a_prompt_is_one_line_and_status_130(prompting_command, monkeypatch, capsys):
    """Ctrl-C while a prompt waits for an answer (click would call it an aborted answer):
    our handler is in place while the command runs, the line is ours, the status 130."""
    from annotator.cli import main

    before = signal.getsignal(signal.SIGINT)
    assert before is signal.default_int_handler, "main() installs its handler over this one"
    read_end, write_end = os.pipe()  # an answer that never comes
    monkeypatch.setattr(sys, "stdin", os.fdopen(read_end, "r"))
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(SystemExit) as exit_info:
            main(["ask-test"])
    finally:
        timer.cancel()
        os.close(write_end)
    assert exit_info.value.code == 130
    assert capsys.readouterr().err.splitlines()[-1] == "annotator: interrupted"
    assert signal.getsignal(signal.SIGINT) is before
