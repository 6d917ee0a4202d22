"""What the preview shows, rebuilt from the file every time it is saved.

A save is read, parsed, checked and rendered to HTML in one quick pass (tens of
milliseconds); the PDF, which takes seconds, follows in the background (see
``layout``). The page is the draft render of the document, so it looks as it will
print and carries every finding as a marked sentence and a numbered note. If the
file cannot be read (bad front matter, a half-saved edit) the last good view stays
up with the problem shown above it: an editor's save is never an error page.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from markupsafe import Markup

from ..errors import GeneratorError, Problem
from ..icons import load_catalogue
from ..load import display_path, guess_kind, parse_source
from ..model import Document
from ..parse import parse
from ..pipeline import check_document, draft_notes, rules_for
from ..presets import get_preset
from ..project import Project
from ..render import Target, render_html
from ..render.draft import DRAFT_COLUMN, Note
from ..render.poster import paper_scale, paper_size

_STYLE = re.compile(r"<style>\n?(.*?)</style>", re.S)
_BODY = re.compile(r'<body class="([^"]*)">\n?(.*)</body>', re.S)
_MAIN_OPEN = re.compile(r"<main\b([^>]*)>")
_MAIN_CLOSE = re.compile(r"</main>")


def version_of(data: bytes) -> str:
    """The version of a file's bytes: what the page was made from, for "changed since shown"."""
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass(frozen=True)
class View:
    """One rendering of the file for the preview page."""

    version: str
    text: str
    title: str = ""
    lang: str = "en-GB"
    kind: str = "booklet"
    body: Markup = Markup("")
    css: Markup = Markup("")
    body_class: str = ""
    paper_mm: tuple[float, float] = (210.0, 297.0)
    margins_mm: tuple[float, float, float, float] = (15.0, 16.0, 20.0, 16.0)  # top, right, bottom, left
    notes: tuple[Note, ...] = ()
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0  # wall time of the last refresh
    cpu_seconds: float = 0.0  # CPU time of the refresh's own thread (what load on the machine does not inflate)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


class Session:
    """One file being previewed: its latest view, rebuilt when the bytes change."""

    def __init__(self, path: Path, profile: str | None = None) -> None:
        self.path = path.resolve()
        self.shown = display_path(path)
        self.project = Project.for_path(path)
        self.profile = profile
        self.view: View | None = None

    def read(self) -> bytes:
        return self.path.read_bytes()

    def refresh(self) -> View | None:
        """Rebuild the view if the file changed; ``None`` when it has not."""
        started = time.perf_counter()
        cpu = time.thread_time()
        try:
            data = self.read()
        except OSError as exc:
            return self._keep(Problem(self.shown, 0, 0, "file", f"cannot read the file: {exc.strerror}; is it still there?"), "", started)
        version = version_of(data)
        if self.view is not None and self.view.version == version:
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            return self._keep(Problem(self.shown, 1, 1, "file", f"not UTF-8 text ({exc.reason}); save the file as UTF-8"), version, started)
        try:
            view = self.render(text, version)
        except GeneratorError as exc:
            return self._keep(exc.problems[0] if exc.problems else Problem(self.shown, 0, 0, "preview", str(exc)), version, started,
                              tuple(exc.problems))
        self.view = replace(view, seconds=time.perf_counter() - started, cpu_seconds=time.thread_time() - cpu)
        return self.view

    def render(self, text: str, version: str) -> View:
        """Parse, check and render ``text`` as a draft for the preview (no PDF)."""
        document = parse(parse_source(text, self.shown, guess_kind(self.path)))
        rules = rules_for(document, self.project, self.profile)  # once: the settings file is read once per save
        document, report = check_document(document, self.project, rules=rules)
        notes = draft_notes(document, report, self.project, rules=rules)
        html = render_html(document, get_preset(document.kind), Target("preview", self.project, load_catalogue(), notes))
        style = _STYLE.search(html)
        body = _BODY.search(html)
        counts = {level: report.count(level) for level in ("error", "warning", "suggestion")}
        # The preview page's own <main> holds the whole document, so the template's becomes a plain block.
        inner = _MAIN_CLOSE.sub("</div>", _MAIN_OPEN.sub(r"<div data-main\1>", body.group(2))) if body else ""
        return View(
            version=version, text=text, title=document.title, lang=document.lang, kind=document.kind,
            body=Markup(inner), css=Markup(style.group(1) if style else ""),
            body_class=body.group(1) if body else "", paper_mm=_paper(document, notes.column), margins_mm=_margins(document), notes=notes.notes, counts=counts,
        )

    def _keep(self, problem: Problem, version: str, started: float, problems: tuple[Problem, ...] = ()) -> View:
        """The last good view with this problem shown on top of it."""
        last = self.view or View(version="", text="", title=self.path.name)
        self.view = replace(last, version=version, problems=problems or (problem,), seconds=time.perf_counter() - started)
        return self.view


def _margins(document: Document) -> tuple[float, float, float, float]:
    """The page margins in mm (top, right, bottom, left), as the templates set them."""
    preset = get_preset(document.kind)
    if preset.name == "poster":
        name, _, _ = paper_size(document, preset)
        margin = float(preset.layout["margin_mm"]) * paper_scale(preset, name)
        return margin, margin, margin, margin
    top, right, bottom, left = preset.layout[str(document.meta.get("size", preset.default_paper))]["margin"]
    return float(top), float(right), float(bottom), float(left)


def _paper(document: Document, column: bool) -> tuple[float, float]:
    """The draft page's size in mm: the paper plus the notes column, if any."""
    preset = get_preset(document.kind)
    if preset.name == "poster":
        _, width, height = paper_size(document, preset)
    else:
        width, height = preset.papers[str(document.meta.get("size", preset.default_paper))]
    return width + (DRAFT_COLUMN if column else 0), height
