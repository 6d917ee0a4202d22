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


def test_svg_paths_drawn_again_are_the_bytes_weasyprint_writes(monkeypatch) -> None:
    """A picture drawn three times, and two pictures sharing paths: the kept drawing of each path
    is replayed, and the file is byte-for-byte what WeasyPrint writes parsing every path."""
    from weasyprint import svg

    from generator.project import ICONS, TEMPLATES
    from generator.render import pdf

    icons = sorted((ICONS / "healthicons").glob("*.svg"))[:2]
    pictures = "".join(f'<p><img src="{icon.as_uri()}" alt="x" style="width: {size}mm"></p>' for icon in icons for size in (20, 20, 35))
    html = f'<html lang="en"><head><title>t</title></head><body><h1>Pictures</h1>{pictures}</body></html>'

    def written() -> bytes:
        return pdf.pdf_bytes(pdf.layout(html, "t.html", [ICONS, TEMPLATES], ICONS), "booklet")

    pdf._PATHS.clear()
    replayed = written()
    kept = len(pdf._PATHS)
    assert kept > 0  # every distinct path was kept once
    replayed_again = written()
    assert len(pdf._PATHS) == kept
    monkeypatch.setitem(svg.TAGS, "path", svg.TAGS["path"].drawn_afresh)
    assert written() == replayed == replayed_again
