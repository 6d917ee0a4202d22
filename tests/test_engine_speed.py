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


@pytest.mark.slow
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


@pytest.mark.slow
def test_svg_pictures_drawn_quicker_are_the_bytes_weasyprint_writes(monkeypatch) -> None:
    """Pictures from every set, some drawn three times: paths drawn before are replayed and
    numbers read the quick way, and the file is byte-for-byte what WeasyPrint's own code writes."""
    from generator.project import ICONS, TEMPLATES
    from generator.render import patches, pdf

    icons = [icon for folder in sorted(p for p in ICONS.iterdir() if p.is_dir()) for icon in sorted(folder.glob("*.svg"))[:4]]
    assert len(icons) >= 12
    pictures = "".join(f'<p><img src="{icon.as_uri()}" alt="x" style="width: {size}mm"></p>'
                       for icon in icons for size in ((20, 20, 35) if icon in icons[:6] else (25,)))
    html = f'<html lang="en"><head><title>t</title></head><body><h1>Pictures</h1>{pictures}</body></html>'

    def written() -> bytes:
        return pdf.pdf_bytes(pdf.layout(html, "t.html", [ICONS, TEMPLATES], ICONS), "booklet")

    patches.PATHS.clear()
    quicker = written()
    kept = len(patches.PATHS)
    assert kept > 0  # every distinct path was kept once
    quicker_again = written()
    assert len(patches.PATHS) == kept
    assert patches.SVG_ORIGINALS
    for target, name, original in patches.SVG_ORIGINALS:  # WeasyPrint's own functions back
        if isinstance(target, dict):
            monkeypatch.setitem(target, name, original)
        else:
            monkeypatch.setattr(target, name, original)
    assert written() == quicker == quicker_again


def test_verifying_a_pdf_loads_no_html_checks() -> None:
    script = ("import sys\nfrom generator.verify import verify_pdf, verify_html\n"
              "found = verify_pdf(b'%PDF-1.7 cut short', 'x.pdf', 'poster')\n"
              "print(found[0].rule, 'generator.verify.webpage' in sys.modules)\n"
              "verify_html('<p>x</p>', 'x.html')\n"
              "print('generator.verify.webpage' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["unreadable", "False", "True"]
