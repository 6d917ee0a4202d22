"""Draw the planned pages, check them, and write the PDFs.

Every block the run's labels show is laid out and drawn once, in this process
(``blocks_for``): its type sizes are checked against their floors there, and
each block becomes a page of its own. The workers then make each part's pages
from copies of those blocks (``render.compose``), at the positions the planner
packed from measured heights; the fit of every label is checked again with the
drawn blocks' own sizes (a "2 of 3" header can wrap where "1 of 2" did not). A
label that still passes an edge fails its row: its cells are left blank (so
every other label stays in the slot the report gives). Text below its floor is a
fault in the stylesheet and stops the run. Each part is written only if
``easyread verify`` passes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from ..errors import Problem, RenderError
from ..render import pdf as pdf_writer
from ..render.boxes import MM_PER_PX
from ..render.compose import Cell, Placement, Sheet, compose
from ..render.labels import FLOORS, FOOTER_FIELDS, FOOTER_FLOOR, Placed, label_css, test_sheet_html
from ..render.measure import Drawn as DrawnBlocks
from ..render.measure import Laid, Size, below_floor, draw_blocks, lay_out
from ..render.verify import Overflow, label_overflows, text_below_floor, verify_floor
from ..verify import verify_pdf
from ..write import failed_name, write_atomic, write_checked
from .sheets import Part
from .stock import Layout, catalogue

TOLERANCE_PX = 0.5
PX_PER_MM = 1 / MM_PER_PX


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


@dataclass(frozen=True)
class Blocks:
    """Every block a run's labels show, drawn once: the PDF of pieces, and each block's piece and size."""

    mode: str
    drawn: DrawnBlocks
    sizes: tuple[Size, ...]  # by piece
    index: dict[str, int]  # block HTML -> its piece


def lay_out_blocks(mode: str, width: float, htmls: Sequence[str], roots: tuple[Path, ...], title: str) -> Laid:
    """Lay out a run's distinct blocks once, in this process: measured now, drawn later by ``blocks_for``."""
    return lay_out(mode, width, [Markup(html) for html in htmls], roots, title, label_css())  # our macros' HTML


def blocks_for(parts: Sequence[Part], mode: str, laid: Sequence[tuple[Laid, Sequence[str]]]) -> Blocks | None:
    """Draw every block the parts' labels show, once; stop if any text is under its floor.

    Blocks measured before packing (``laid``: each layout with the HTML of its blocks
    in order) are drawn from that same layout; the few only the drawing needs (a
    "2 of 3" header) are laid out now.
    """
    rows: dict[str, int] = {}
    for part in parts:
        for sheet in part.pages:
            for placed in sheet.labels:
                for _, html in (*placed.top, *placed.bottom):
                    rows.setdefault(html, placed.row)
    if not rows:
        return None
    part = parts[0]
    where = {html: (k, n) for k, (_, htmls) in enumerate(laid) for n, html in enumerate(htmls)}
    extra = [html for html in rows if html not in where]
    layouts = [source for source, _ in laid]
    if extra:
        layouts.append(lay_out_blocks(mode, part.layout.stock.content_width, extra, part.roots, part.title))
        where.update((html, (len(layouts) - 1, n)) for n, html in enumerate(extra))
    chosen: list[list[tuple[str, int]]] = [[] for _ in layouts]
    for html in rows:
        k, n = where[html]
        chosen[k].append((html, n))
    floors = (FLOORS[mode], FOOTER_FIELDS, FOOTER_FLOOR)
    low: list[tuple[int, str, float, float]] = []
    for source, wanted in zip(layouts, chosen):
        under = below_floor(source, mode, *floors)
        low += [(rows[html], *under[n]) for html, n in wanted if n in under]
    _floors(sorted(low), str(part.path))
    drawn = draw_blocks([(source, [n for _, n in wanted]) for source, wanted in zip(layouts, chosen)], f"labels-{mode}")
    order = [(html, source.sizes[n]) for source, wanted in zip(layouts, chosen) for html, n in wanted]
    return Blocks(mode, drawn, tuple(size for _, size in order), {html: i for i, (html, _) in enumerate(order)})


def draw(task: tuple[Part, frozenset[int], Blocks | None] | Document) -> Drawn:
    if isinstance(task, Document):
        return _document(task)
    part, blank, blocks = task
    pages = [[p for p in sheet.labels if p.row not in blank] for sheet in part.pages]
    if blocks is None or not any(pages):
        return Drawn(None, 0)
    overflows: dict[int, Overflow] = {}
    for page in pages:
        for placed in page:
            found = _fits(placed, part.layout, blocks)
            if found is not None:
                overflows.setdefault(placed.row, found)
    pages = [[p for p in page if p.row not in overflows] for page in pages]
    count = sum(len(page) for page in pages)
    if not count:
        return Drawn(None, 0, tuple(overflows.values()))
    sheets = [_sheet(page, part.layout, blocks) for page in pages]
    data = compose(blocks.drawn.data, blocks.drawn.pieces, sheets, str(part.path))
    _verified(part.path, data, f"labels-{blocks.mode}")
    return Drawn(part.path, count, tuple(overflows.values()), len(pages))


def _stacks(placed: Placed, layout: Layout, blocks: Blocks) -> tuple[float, float, list[tuple[str, int, float]], list[tuple[str, int, float]]]:
    """Where a label's content box starts (px), and its top and bottom blocks as (field, piece, y)."""
    stock = layout.stock
    cell = layout.cells[(placed.cell or 1) - 1]
    left, top = (cell.left + stock.padding) * PX_PER_MM, (cell.top + stock.padding) * PX_PER_MM
    pieces = blocks.drawn.pieces
    y, down = top, []
    for name, html in placed.top:
        n = blocks.index[html]
        down.append((name, n, y))
        y += pieces[n].height
    y = top + stock.content_height * PX_PER_MM - sum(pieces[blocks.index[html]].height for _, html in placed.bottom)
    up = []
    for name, html in placed.bottom:
        n = blocks.index[html]
        up.append((name, n, y))
        y += pieces[n].height
    return left, top, down, up


def _fits(placed: Placed, layout: Layout, blocks: Blocks) -> Overflow | None:
    """None if every block of the label lies inside its content box, as drawn; else the first that does not."""
    _, top, down, up = _stacks(placed, layout, blocks)
    pieces, sizes = blocks.drawn.pieces, blocks.sizes
    for name, n, _ in [*down, *up]:
        if sizes[n].wide_word:
            return Overflow(placed.row, placed.mode, name, 0.0, sizes[n].over_mm, sizes[n].wide_word, placed.part)
    limit = up[0][2] if up else top + layout.stock.content_height * PX_PER_MM
    for name, n, y in down:
        over = y + pieces[n].height - limit
        if over > TOLERANCE_PX:
            return Overflow(placed.row, placed.mode, name, 0.0, round(over * MM_PER_PX, 1), "", placed.part)
    if up and up[0][2] < top - TOLERANCE_PX:
        return Overflow(placed.row, placed.mode, up[0][0], 0.0, round((top - up[0][2]) * MM_PER_PX, 1), "", placed.part)
    return None


def _sheet(page: Sequence[Placed], layout: Layout, blocks: Blocks) -> Sheet:
    stock, palettes = layout.stock, catalogue().palettes
    cells = []
    for placed in page:
        left, _, down, up = _stacks(placed, layout, blocks)
        cell = layout.cells[(placed.cell or 1) - 1]
        cells.append(Cell(cell.left * PX_PER_MM, cell.top * PX_PER_MM, stock.width * PX_PER_MM, stock.height * PX_PER_MM,
                          _rgb(palettes.get(placed.palette, "#ffffff")), tuple(Placement(n, left, y) for _, n, y in [*down, *up])))
    return Sheet(layout.page_width * PX_PER_MM, layout.page_height * PX_PER_MM, tuple(cells))


def _rgb(colour: str) -> tuple[float, float, float]:
    """'#ffe94d' -> (1.0, 0.914, 0.302)."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return (int(digits[0:2], 16) / 255, int(digits[2:4], 16) / 255, int(digits[4:6], 16) / 255)


def _floors(low: Sequence[tuple[int, str, float, float]], path: str) -> None:
    if low:
        row, name, size, floor = low[0]
        raise RenderError(Problem(path, 1, 1, "text-too-small", f"row {row}, {name}: text is {size:g}pt, below its floor of {floor:g}pt"))


def _document(doc: Document) -> Drawn:
    rendered = pdf_writer.layout(doc.html, str(doc.path), doc.roots, doc.roots[0], css=label_css())
    if doc.kind == "compare":
        low = text_below_floor(rendered, FLOORS, FOOTER_FIELDS, FOOTER_FLOOR)
        if low:
            _floors(low, str(doc.path))
        overflows = label_overflows(rendered)
        if overflows:
            raise RenderError(Problem(str(doc.path), 1, 1, "overflow", f"row {overflows[0].row}: a label on the comparison page does not fit"))
    else:
        verify_floor(rendered, str(doc.path), FLOORS["easy-read"], "easy-read")
    _verified(doc.path, pdf_writer.pdf_bytes(rendered, doc.kind), doc.kind)
    return Drawn(doc.path, doc.count, (), rendered.page_count)


def _verified(path: Path, data: bytes, product: str) -> None:
    """Write the file if ``easyread verify`` passes it; otherwise write x.failed.pdf and fail.

    An older x.pdf is removed rather than kept: yesterday's labels must never be
    printed as today's.
    """
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
