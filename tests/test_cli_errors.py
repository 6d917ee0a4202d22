"""What ``cli.main`` does when a command does not end well, in this process.

The end-to-end versions (a real Ctrl+C, a real ``| head``, a real file-size limit)
run the CLI in a subprocess in test_hardening.py and test_label_sheets.py; here the
command is made to fail in each way, so every branch of the contract is checked
where coverage sees it: the exit code and the exact words.
"""

from __future__ import annotations

import errno
import io
import os
import tempfile

import pytest

from generator import commands
from generator.cli import main
from generator.render import fonts


def failing(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    def run_check(args, out, err) -> int:
        raise exc

    monkeypatch.setattr(commands, "run_check", run_check)


def run(argv: list[str], out: io.TextIOBase | None = None) -> tuple[int, str]:
    err = io.StringIO()
    return main(argv, out or io.StringIO(), err), err.getvalue()


def test_ctrl_c_stops_with_130(monkeypatch: pytest.MonkeyPatch) -> None:
    failing(monkeypatch, KeyboardInterrupt())
    assert run(["check", "content"]) == (130, "easyread: stopped\n")


def test_a_bug_is_an_internal_error_with_exit_1_and_a_traceback_only_with_v(monkeypatch: pytest.MonkeyPatch) -> None:
    failing(monkeypatch, RuntimeError("a list index went wrong"))
    assert run(["check", "content"]) == (1, "easyread: internal error: RuntimeError: a list index went wrong. Run again with -v and report it, please.\n")
    with pytest.raises(RuntimeError, match="a list index went wrong"):
        run(["-v", "check", "content"])


def test_a_full_disk_while_rendering_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    failing(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    code, err = run(["check", "content"])
    assert (code, err) == (2, f"{tempfile.gettempdir()}: error output: cannot write the temporary files made while rendering (fonts) in this folder: "
                              "the disk is full. Nothing was written and any previous output is unchanged; free some space or raise the limit, "
                              "or set TMPDIR to a folder on a disk with room\n")
    failing(monkeypatch, PermissionError(errno.EACCES, "Permission denied", "/srv/out/x.pdf"))
    code, err = run(["check", "content"])
    assert code == 2 and err.startswith("/srv/out/x.pdf: error output: cannot write this file: permission denied.")


def test_an_oserror_the_system_did_not_refuse_is_still_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    failing(monkeypatch, OSError(errno.EBADF, "Bad file descriptor"))
    assert run(["check", "content"])[0] == 1


def test_a_reader_that_went_away_ends_quietly_with_141(monkeypatch: pytest.MonkeyPatch) -> None:
    """``easyread check content | head -1``: head leaves, the next write breaks the pipe."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    out = os.fdopen(write_end, "w")
    try:
        failing(monkeypatch, BrokenPipeError(errno.EPIPE, "Broken pipe"))
        assert run(["check", "content"], out) == (141, "")
        out.write("more")  # standard output now goes to /dev/null: flushing at exit stays silent
        out.flush()
    finally:
        out.close()


def test_a_broken_pipe_that_is_not_our_readers_is_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    """A label worker's pipe broke, while our own reader is still there (a StringIO here)."""
    failing(monkeypatch, BrokenPipeError(errno.EPIPE, "Broken pipe"))
    code, err = run(["check", "content"])
    assert code == 1 and err.startswith("easyread: internal error: BrokenPipeError")


@pytest.fixture
def fresh_woff2():
    """``woff2`` also keeps its result for the process; start and end without it."""
    fonts.woff2.cache_clear()
    yield
    fonts.woff2.cache_clear()


def test_web_fonts_are_compressed_once_and_kept(tmp_path, monkeypatch: pytest.MonkeyPatch, fresh_woff2) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    face = fonts.faces()[0].path
    data = fonts.woff2(face)
    assert data[:4] == b"wOF2"
    (kept,) = (tmp_path / "cache" / "easyread" / "fonts").iterdir()
    assert kept.read_bytes() == data and kept.suffix == ".woff2"
    kept.write_bytes(b"wOF2 from the cache")  # the next process reads the cache, not the font
    fonts.woff2.cache_clear()
    assert fonts.woff2(face) == b"wOF2 from the cache"


def test_web_fonts_without_a_writable_cache_are_compressed_each_time(tmp_path, monkeypatch: pytest.MonkeyPatch, fresh_woff2) -> None:
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))  # the cache cannot be made
    face = fonts.faces()[0].path
    assert fonts.woff2(face)[:4] == b"wOF2"
    assert (tmp_path / "file").read_text() == "not a folder"
