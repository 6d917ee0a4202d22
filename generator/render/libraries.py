"""Find WeasyPrint's C libraries without ctypes' slow search (Linux).

WeasyPrint opens pango, harfbuzz, fontconfig and friends through cffi, trying
several spellings of each name ('libgobject-2.0-0', 'gobject-2.0-0',
'gobject-2.0', ...). Every spelling the loader does not know goes to
``ctypes.util.find_library``, which on Linux runs ``ldconfig -p`` and, when that
has no answer, ``gcc`` and ``ld`` too: about 50 processes and a quarter of a CPU
second on every cold start, more than a poster's tag repair and verify together.

``quick_library_search`` answers those questions from one reading of the loader's
cache (``ldconfig -p``, the same table and pattern ``find_library`` uses first),
while WeasyPrint is imported. A spelling the cache does not know is not found,
which is what the slow search finds too on a normal system: the loader itself
opens the real file names WeasyPrint also tries. Should the import still fail (a
library only the linker's search path knows), it is tried again with the full
search, so nothing that worked before stops working.
"""

from __future__ import annotations

import ctypes.util
import importlib
import os
import re
import struct
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

# The ABI tag ldconfig prints beside each library (as ctypes.util reads it).
_ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}


@cache
def _loader_cache() -> tuple[tuple[str, str], ...]:
    """(file name, ABI) of every library the loader knows (``ldconfig -p``), read once per process."""
    try:
        listing = subprocess.run(["/sbin/ldconfig", "-p"], stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, env={"LC_ALL": "C", "LANG": "C"}, check=False).stdout
    except OSError:
        return ()
    # Lines read "\tlibgobject-2.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libgobject-2.0.so.0".
    return tuple((os.fsdecode(m.group(1)), os.fsdecode(m.group(2))) for m in re.finditer(rb"^\s+(\S+)\s+\(([^)]*)\)", listing, re.M))


def find_in_loader_cache(name: str) -> str | None:
    """``ctypes.util.find_library(name)`` as its first step answers it: the first library in the
    loader's cache named ``lib<name>.<anything>`` for this machine's ABI."""
    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    abi = _ABI.get(machine, "libc6")
    prefix = f"lib{name}."
    return next((file for file, kind in _loader_cache() if file.startswith(prefix) and kind.startswith(abi)), None)


@contextmanager
def quick_library_search() -> Iterator[None]:
    """While this runs, ``ctypes.util.find_library`` answers from the loader's cache (Linux only)."""
    if not sys.platform.startswith("linux"):
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = find_in_loader_cache
    try:
        yield
    finally:
        ctypes.util.find_library = original


def import_quickly(module: str) -> None:
    """Import ``module`` (WeasyPrint) with the quick library search; on failure, again with the full one."""
    if module in sys.modules:
        return
    try:
        with quick_library_search():
            importlib.import_module(module)
    except OSError:
        for name in [m for m in sys.modules if m == module or m.startswith(module + ".")]:
            del sys.modules[name]
        importlib.import_module(module)
