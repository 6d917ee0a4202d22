"""Starting the PDF engine: WeasyPrint's C libraries are found from the loader's cache.

ctypes' own search runs ldconfig, gcc and ld for every spelling WeasyPrint tries
(about 50 processes on a cold start); ``render/libraries.py`` answers the same
questions from one ``ldconfig -p``.
"""

from __future__ import annotations

import ctypes.util
import subprocess
import sys

import pytest

from generator.render.libraries import find_in_loader_cache

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the quick search is for Linux's loader cache")


@pytest.mark.parametrize("name", ["gobject-2.0", "pango-1.0", "harfbuzz", "fontconfig", "c", "m", "libgobject-2.0-0", "no-such-library-at-all"])
def test_the_loader_cache_gives_ctypes_answer(name: str) -> None:
    assert find_in_loader_cache(name) == ctypes.util.find_library(name)


def test_the_engine_starts_with_one_process_not_fifty() -> None:
    script = (
        "import subprocess, sys\n"
        "started = []\n"
        "original = subprocess.Popen.__init__\n"
        "def counting(self, args, *rest, **named):\n"
        "    started.append(args)\n"
        "    original(self, args, *rest, **named)\n"
        "subprocess.Popen.__init__ = counting\n"
        "import generator.render.pdf as pdf\n"
        "pdf.harfbuzz_subset_missing()\n"
        "import ctypes.util\n"
        "assert ctypes.util.find_library.__module__ == 'ctypes.util', 'the quick search is put back after the import'\n"
        "print(len(started), started)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    count = int(done.stdout.split()[0])
    assert count == 1, done.stdout  # one ldconfig -p
