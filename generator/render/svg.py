"""Cleaning SVG pictures: nothing that can run or fetch gets into a PDF or a web page.

Content is untrusted, and an SVG is a program as much as a picture. Both ways a
picture leaves the tool go through ``sanitise_svg``: the PDF renderer's fetcher
(``render/fetcher.py``) and the standalone HTML page, which embeds pictures as
``data:`` URIs (``render/html.py``). This module imports no layout engine, so an
HTML-only build never loads WeasyPrint.
"""

from __future__ import annotations

import re


class UnsafeSvg(ValueError):
    """An SVG the tool refuses to use at all (not just cleans)."""


_SCRIPT = re.compile(r"<\s*(script|foreignObject|iframe|object|embed)\b.*?(</\s*\1\s*>|/>)", re.I | re.S)
_EVENTS = re.compile(r"\s+on[a-z]+\s*=\s*(\"[^\"]*\"|'[^']*')", re.I)
_EXTERNAL_HREF = re.compile(r"\s+(xlink:)?href\s*=\s*(\"(?!#|data:image/)[^\"]*\"|'(?!#|data:image/)[^']*')", re.I)
_ENTITY = re.compile(r"<!ENTITY", re.I)


def sanitise_svg(data: bytes) -> bytes:
    """Strip what can run or fetch from an SVG; refuse entity declarations outright."""
    text = data.decode("utf-8", errors="replace")
    if _ENTITY.search(text):
        raise UnsafeSvg("SVG with <!ENTITY> declarations is refused (it can expand without limit)")
    text = _SCRIPT.sub("", text)
    text = _EVENTS.sub("", text)
    text = _EXTERNAL_HREF.sub("", text)
    return text.encode("utf-8")
