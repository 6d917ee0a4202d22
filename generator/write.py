"""The only module that writes output files, always atomically.

A file is written to a temporary name beside its target and renamed into place,
so a crash, a failed render, a full disk or a file-size limit never leaves half a
PDF where a good one was. ``write_all`` stages every output of a document before
renaming any, so the PDF and its HTML twin are replaced together or not at all.
An output that failed verify is written as ``x.failed.pdf`` (``write_checked``).

When the system refuses (disk full, permission denied, a file-size limit such as
``ulimit -f``), the message names the file, says what happened in plain words and
that the previous file is unchanged. These are problems with where the output
goes, not with the content, so they are usage errors (exit 2) and stop the run:
every other file would fail the same way.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import ConfigError, Problem

PLAIN = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is bigger than this system lets a file be (a file-size limit such as 'ulimit -f')",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.EISDIR: "there is a folder with that name",
    errno.ENOTDIR: "part of the path is a file, not a folder",
}
FIXES = {
    errno.ENOSPC: "free some space, or choose another --out folder",
    errno.EDQUOT: "free some space, or choose another --out folder",
    errno.EFBIG: "raise the limit, or choose another --out folder",
}


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename."""
    return write_all([(path, data)])[0]


def write_all(outputs: Sequence[tuple[Path, bytes | str]]) -> list[Path]:
    """Write every ``(path, data)``; if any cannot be written, none is replaced."""
    staged: list[tuple[Path, str]] = []
    try:
        for path, data in outputs:
            staged.append((path, _stage(path, data)))
        for path, temp in staged:
            try:
                os.replace(temp, path)
            except OSError as exc:
                raise refused(path, exc) from None
    except BaseException:
        for _, temp in staged:
            Path(temp).unlink(missing_ok=True)
        raise
    return [path for path, _ in outputs]


def _stage(path: Path, data: bytes | str) -> str:
    """Write ``data`` to a temporary file beside ``path``; return its name."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise refused(path, exc) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.chmod(temp, 0o644)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise refused(path, exc) from None
        raise
    return temp


def failed_name(path: Path) -> Path:
    """``x.pdf`` -> ``x.failed.pdf``: where an output that failed verify is written."""
    return path.with_name(f"{path.stem}.failed{path.suffix}")


def write_checked(path: Path, data: bytes | str, passed: bool, keep_previous: bool = True) -> Path:
    """Write an output that verify has judged.

    A passing output goes to ``path`` and removes any ``.failed`` twin left by an
    earlier build. A failing one goes to ``x.failed.pdf`` so it is never taken for a
    good file; the good file from an earlier build stays where it was, unless
    ``keep_previous`` is false (label batches: yesterday's labels must never be
    printed as today's).
    """
    return write_all_checked([(path, data, passed)], keep_previous)[0]


def write_all_checked(outputs: Sequence[tuple[Path, bytes | str, bool]], keep_previous: bool = True) -> list[Path]:
    """``write_checked`` for every output of one document, replaced together or not at all."""
    if not keep_previous:
        for path, _, passed in outputs:
            if not passed:
                path.unlink(missing_ok=True)
    written = write_all([(path if passed else failed_name(path), data) for path, data, passed in outputs])
    for path, _, passed in outputs:
        if passed:
            failed_name(path).unlink(missing_ok=True)
    return written


def refused(path: Path | str, exc: OSError, thing: str = "this file") -> ConfigError:
    """A plain usage error for a file the system would not let us write."""
    what = PLAIN.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()
    fix = FIXES.get(exc.errno or 0, "choose another --out folder")
    if thing != "this file":
        fix = "free some space or raise the limit, or set TMPDIR to a folder on a disk with room"
    return ConfigError(
        Problem(str(path), 0, 0, "output", f"cannot write {thing}: {what}. Nothing was written and any previous output is unchanged; {fix}")
    )
