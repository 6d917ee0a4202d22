"""The preview's pages: the document with its findings, the picture chooser, and short messages.

Everything is rendered on the server, so the page works without JavaScript (screen
readers, simple tests); the small script in ``templates/studio/studio.js`` only
swaps in what changed when the file is saved.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from ..project import ICONS
from ..render.fonts import faces
from ..render.html import environment, render_template
from .layout import Laid
from .picking import CueText
from .pictures import Choice, find
from .session import View

# The start tag of a unit (see layout.UNIT_SELECTOR): a heading, or an element whose classes include "row".
_UNIT = re.compile(r'<h[123]\b[^>]*>|<[a-z]+\s+class="(?:[^"]*\s)?row(?:\s[^"]*)?"[^>]*>')
LEVEL_NAMES = {"error": ("must fix", "must fix"), "warning": ("to check", "to check"), "suggestion": ("idea", "ideas")}


def font_faces() -> Markup:
    rules = [
        f"@font-face {{ font-family: '{face.family}'; font-weight: {face.weight}; font-style: normal; src: url('/fonts/{quote(face.path.name)}'); }}"
        for face in faces()
    ]
    return Markup("\n".join(rules))


def with_pages(body: str, laid: Laid | None) -> Markup:
    """The body with a "Page N" break before each unit that starts a printed page."""
    if laid is None or not laid.unit_pages:
        return Markup(body)
    pages = laid.unit_pages
    index = -1

    def mark(match: re.Match[str]) -> str:
        nonlocal index
        index += 1
        if 0 < index < len(pages) and pages[index] != pages[index - 1]:
            return f'<p class="page-break" data-page="{pages[index]}"><span>Page {pages[index]}</span></p>' + match.group()
        return match.group()

    return Markup(_UNIT.sub(mark, body))


def summary(view: View) -> str:
    parts = []
    for level in ("error", "warning", "suggestion"):
        count = view.counts.get(level, 0)
        one, many = LEVEL_NAMES[level]
        parts.append(f"{count} {one if count == 1 else many}")
    return ", ".join(parts)


def pdf_status(view: View, laid: Laid | None) -> str:
    if laid is None:
        return "The PDF is being made."
    pages = f"{laid.pages} page{'s' if laid.pages != 1 else ''}"
    if laid.version != view.version:
        return f"The PDF ({pages}) is being updated."
    if laid.problems:
        return f"The PDF could not be made: {laid.problems[0].message}"
    return f"The PDF is ready: {pages}."


def _context(view: View, laid: Laid | None, token: str) -> dict[str, Any]:
    return {
        "view": view,
        "body": with_pages(str(view.body), laid),
        "summary": summary(view),
        "pdf_status": pdf_status(view, laid),
        "pdf_ready": laid is not None and bool(laid.pdf),
        "token": token,
        "font_faces": font_faces(),
        "paper_width": view.paper_mm[0],
    }


def preview(view: View, laid: Laid | None, token: str) -> str:
    context = _context(view, laid, token)
    return render_template("studio/preview.html.j2", {**context, "ctx": context})


def update(view: View, laid: Laid | None, token: str) -> dict[str, Any]:
    """What an open page needs to catch up with ``view``: the parts it swaps in, by element id."""
    parts: Any = environment().get_template("studio/_parts.html.j2").module  # its macros, by name
    context = _context(view, laid, token)
    return {
        "version": view.version,
        "title": view.title,
        "css": str(view.css),
        "seconds": round(view.seconds, 4),
        "cpu_seconds": round(view.cpu_seconds, 4),
        "parts": {
            "status": str(parts.status(context)),
            "problems": str(parts.problems(context)),
            "paper": str(parts.paper(context)),
            "findings": str(parts.findings(context)),
        },
    }


def icon_src(choice: Choice) -> str:
    return "/icons/" + quote(choice.path.relative_to(ICONS).as_posix())


def pick(view: View, place: CueText, suggested: list[Choice], query: str, found: list[Choice], token: str) -> str:
    return render_template("studio/pick.html.j2", {
        "view": view, "place": place, "suggested": suggested, "query": query, "found": found, "token": token,
        "current": find(place.cue.target), "src": icon_src, "font_faces": font_faces(),
    })


def message(view: View, heading: str, text: str) -> str:
    return render_template("studio/message.html.j2", {"view": view, "heading": heading, "text": text, "font_faces": font_faces()})
