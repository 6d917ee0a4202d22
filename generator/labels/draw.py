"""Draw the planned pages, check them on the real layout, and write the PDFs.

This runs in the worker processes. The labels were packed from measured blocks,
so the checks here should find nothing; they are what makes that a fact. A label
that still passes an edge fails its row: its cells are left blank (so every
other label stays in the slot the report gives) and the part is drawn again.
Text below its floor is a fault in the stylesheet and stops the run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, RenderError
from ..render import pdf as pdf_writer
from ..render.labels import FLOORS, FOOTER_FIELDS, FOOTER_FLOOR, Placed, label_css, sheet_html, test_sheet_html
from ..render.verify import Overflow, label_overflows, text_below_floor, verify_floor
from ..verify import verify_pdf
from ..write import failed_name, write_atomic, write_checked
from .sheets import Part
from .stock import Layout


@dataclass(frozen=True)
class Drawn:
    """What a part became: its file (None if nothing was left to draw), labels drawn,
    and the labels that did not fit after all (their rows fail)."""

    path: Path | None
    count: int
    overflows: tuple[Overflow, ...] = field(default=())
    pages: int = 0


@dataclass(frozen=True)
class Document:
    """A comparison or companion document: HTML already made, checked as it flows."""

    kind: str  # "compare" or "companion"
    path: Path
    html: str
    roots: tuple[Path, ...]
    count: int


def draw(task: tuple[Part, frozenset[int]] | Document) -> Drawn:
    if isinstance(task, Document):
        return _document(task)
    part, blank = task
    pages = [[p for p in sheet.labels if p.row not in blank] for sheet in part.pages]
    overflows: list[Overflow] = []
    while True:
        rendered = pdf_writer.layout(sheet_html(pages, part.layout, part.title), str(part.path), part.roots, part.roots[0], css=label_css())
        _floors(rendered, str(part.path))  # first: text under its floor is a stylesheet fault, whatever else is wrong
        found = label_overflows(rendered)
        if not found:
            break
        rows = {o.row for o in found}
        overflows += found
        pages = [[p for p in page if p.row not in rows] for page in pages]
    if rendered.page_count != len(pages):  # a page that grew would go unchecked
        raise RenderError(Problem(str(part.path), 1, 1, "overflow", f"{len(pages)} pages of labels came out as {rendered.page_count}; a label did not stay on its page"))
    count = sum(len(page) for page in pages)
    if not count:
        return Drawn(None, 0, tuple(overflows))
    mode = next(p.mode for page in pages for p in page)
    _verified(part.path, rendered, f"labels-{mode}")
    return Drawn(part.path, count, tuple(overflows), rendered.page_count)


def _floors(rendered: pdf_writer.Rendered, path: str) -> None:
    low = text_below_floor(rendered, FLOORS, FOOTER_FIELDS, FOOTER_FLOOR)
    if low:
        row, name, size, floor = low[0]
        raise RenderError(Problem(path, 1, 1, "text-too-small", f"row {row}, {name}: text is {size:g}pt, below its floor of {floor:g}pt"))


def _document(doc: Document) -> Drawn:
    rendered = pdf_writer.layout(doc.html, str(doc.path), doc.roots, doc.roots[0], css=label_css())
    if doc.kind == "compare":
        _floors(rendered, str(doc.path))
        overflows = label_overflows(rendered)
        if overflows:
            raise RenderError(Problem(str(doc.path), 1, 1, "overflow", f"row {overflows[0].row}: a label on the comparison page does not fit"))
    else:
        verify_floor(rendered, str(doc.path), FLOORS["easy-read"], "easy-read")
    _verified(doc.path, rendered, doc.kind)
    return Drawn(doc.path, doc.count, (), rendered.page_count)


def _verified(path: Path, rendered: pdf_writer.Rendered, product: str) -> None:
    """Write the file if ``easyread verify`` passes it; otherwise write x.failed.pdf and fail.

    An older x.pdf is removed rather than kept: yesterday's labels must never be
    printed as today's.
    """
    data = pdf_writer.pdf_bytes(rendered, product)
    found = verify_pdf(data, str(path), product)
    write_checked(path, data, passed=not found, keep_previous=False)
    if found:
        problems = [Problem(f"{f.file}" + (f": page {f.page}" if f.page else ""), 0, 0, f"verify-{f.rule}", f"{f.element}: {f.message}") for f in found]
        problems.append(Problem(str(path), 0, 0, "verify", f"written as {failed_name(path).name} because verify failed; no older {path.name} is left to be printed by mistake"))
        raise RenderError(problems)


def blanks(parts: Sequence[Part], drawn: Sequence[Drawn]) -> list[tuple[int, frozenset[int]]]:
    """Parts to draw again because a row failed in another part: (part index, rows to leave blank)."""
    failed = frozenset(o.row for d in drawn for o in d.overflows)
    again = []
    for index, (part, done) in enumerate(zip(parts, drawn)):
        here = {p.row for sheet in part.pages for p in sheet.labels}
        missing = (failed & here) - {o.row for o in done.overflows}
        if missing:
            again.append((index, frozenset(failed & here)))
    return again


__all__ = ["Document", "Drawn", "Placed", "blanks", "draw", "test_sheet"]


def test_sheet(layout: Layout, out_dir: Path, roots: tuple[Path, ...]) -> Path:
    """One page at true size with every slot outlined and numbered, and a 100 mm ruler."""
    path = out_dir / "labels" / f"test-sheet.{layout.name}.pdf"
    rendered = pdf_writer.layout(test_sheet_html(layout), str(path), roots, roots[0], css=label_css())
    if rendered.page_count != 1:
        raise RenderError(Problem(str(path), 1, 1, "overflow", f"the test sheet for {layout.name} came out as {rendered.page_count} pages"))
    return write_atomic(path, pdf_writer.pdf_bytes(rendered))
