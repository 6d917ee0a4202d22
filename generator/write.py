"""The only module that writes output files, always atomically.

A file is written to a temporary name beside its target and renamed into place,
so a crash or a failed render never leaves half a PDF where a good one was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import ConfigError, Problem


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ConfigError(Problem(str(path), 0, 0, "output", f"cannot write here: {exc.strerror}; choose another --out folder")) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


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
    if passed:
        written = write_atomic(path, data)
        failed_name(path).unlink(missing_ok=True)
        return written
    if not keep_previous:
        path.unlink(missing_ok=True)
    return write_atomic(failed_name(path), data)
