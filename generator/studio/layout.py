"""The slow half of the preview: the draft PDF and where its pages break.

Laying a booklet out takes a second or two, so it runs in a worker process while
the page is already showing the new words. The result is the PDF (served at
``/document.pdf``) and, for each "unit" of the page (a row or a heading, in
document order), the page it starts on, so the preview can draw the page breaks
exactly where the printer will.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import GeneratorError, Problem
from ..icons import load_catalogue
from ..load import guess_kind, parse_source
from ..parse import parse
from ..pipeline import check_document, draft_notes, render_roots
from ..presets import get_preset
from ..project import Project
from ..render import Target, render_html
from ..render import pdf as pdf_writer
from ..render.boxes import Box

# What the page and the layout both count as units: the browser finds them with
# this selector, the layout with ``is_unit``. Keep the two in step.
UNIT_SELECTOR = ".row, h1, h2, h3"
UNIT_TAGS = frozenset({"h1", "h2", "h3"})


@dataclass(frozen=True)
class Laid:
    """A finished background layout of one version of the file."""

    version: str
    pdf: bytes = b""
    pages: int = 0
    unit_pages: tuple[int, ...] = ()  # 1-based page of each unit, in document order
    problems: tuple[Problem, ...] = ()


def is_unit(box: Box) -> bool:
    """True for the box of a unit's element (a heading, a row...)."""
    return box.tag in UNIT_TAGS or "row" in (box.attr("class") or "").split()


def lay_out(path: str, shown: str, text: str, version: str, profile: str | None = None) -> Laid:
    """Render ``text`` (the file at ``path``) as a draft PDF; runs in a worker process."""
    source_path = Path(path)
    project = Project.for_path(source_path)
    try:
        document = parse(parse_source(text, shown, guess_kind(source_path)))
        document, report = check_document(document, project, profile)
        notes = draft_notes(document, report, project, profile)
        html = render_html(document, get_preset(document.kind), Target("pdf", project, load_catalogue(), notes))
        rendered = pdf_writer.layout(html, shown, render_roots(project), project.root)
        data = pdf_writer.pdf_bytes(rendered)
    except GeneratorError as exc:
        return Laid(version, problems=tuple(exc.problems))
    return Laid(version, data, rendered.page_count, tuple(_unit_pages(rendered)))


def _unit_pages(rendered: pdf_writer.Rendered) -> list[int]:
    seen: dict[int, int] = {}
    order: list[int] = []
    for page in range(rendered.page_count):
        for box in pdf_writer.boxes(rendered, page):
            if not box.element or box.element in seen or not is_unit(box):
                continue
            seen[box.element] = page + 1
            order.append(page + 1)
    return order
