"""How tall each label block is, read from the real layout engine, once per block;
and every block a run prints, laid out and drawn once (``draw_blocks``).

Rows share most of their blocks (the same warnings, directions and pharmacy
footer), so a batch measures only the distinct ones: every distinct block is
stacked in a column as wide as the label's text, the column is laid out once,
and each block's height is read back. The labels are then packed in Python
(``labels.flow``) and drawn with the very same blocks and stylesheet, so the
heights hold. ``draw_blocks`` lays out the blocks the planned labels show (with
their "2 of 3" headers) and writes each on a page of its own, which
``render.compose`` copies onto the label pages; its sizes are the ones the pages
are checked with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ..errors import Problem, RenderError
from . import pdf
from .boxes import DRAWN, MM_PER_PX, Box
from .labels import label_css, measure_html

TOLERANCE_PX = 0.5


@dataclass(frozen=True)
class Size:
    """A block's height (mm), and a word too wide for the label if there is one."""

    height: float
    wide_word: str = ""
    over_mm: float = 0.0


Group = tuple[str, float, Sequence[Markup]]  # mode, text width in mm, blocks


def measure(groups: Sequence[Group], roots: Sequence[Path]) -> list[list[Size]]:
    """The size of every block in every group, in the order given."""
    if not any(blocks for _, _, blocks in groups):
        return [[] for _ in groups]
    rendered = pdf.layout(measure_html(groups), "label sizes", roots, roots[0], css=label_css())
    return _sizes(rendered, groups)


def _sizes(rendered: pdf.Rendered, groups: Sequence[Group]) -> list[list[Size]]:
    found: list[list[Size]] = [[] for _ in groups]
    for page in range(rendered.page_count):
        for column in _columns(rendered, page):
            index = int(column.attr("data-group") or 0)
            right = column.content_x + column.width
            found[index].extend(_size(block, right) for block in column.children)
    for (mode, width, blocks), sizes in zip(groups, found):
        if len(sizes) != len(blocks):
            raise RenderError(Problem("label sizes", 1, 1, "render", f"measured {len(sizes)} of {len(blocks)} {mode} blocks at {width} mm"))
    return found


def _columns(rendered: pdf.Rendered, page: int) -> list[Box]:
    return [box for box in pdf.boxes(rendered, page) if box.attr("data-group") is not None and box.kind == "block"]


def _size(block: Box, right: float) -> Size:
    wide, over = "", 0.0
    stack = list(block.children)
    while stack:
        box = stack.pop()
        if box.kind in DRAWN:
            past = box.x + box.width - right
            if past > TOLERANCE_PX and past > over:
                text = box.text.split()
                wide, over = (text[-1] if text else "a picture"), past
        stack.extend(box.children)
    return Size(block.margin_height * MM_PER_PX, wide, round(over * MM_PER_PX, 1))


@dataclass(frozen=True)
class Laid:
    """One column of blocks laid out in this process, kept so the same boxes can be drawn later."""

    rendered: pdf.Rendered
    sizes: tuple[Size, ...]


def lay_out(mode: str, width: float, blocks: Sequence[Markup], roots: Sequence[Path], title: str, css: str) -> Laid:
    """Lay out ``blocks`` at ``width`` mm in one column, and read their sizes back."""
    rendered = pdf.layout(measure_html([(mode, width, blocks)], title), title, roots, roots[0], css=css)
    return Laid(rendered, tuple(_sizes(rendered, [(mode, width, blocks)])[0]))


@dataclass(frozen=True)
class Drawn:
    """Blocks written one to a page (``pdf.pieces_pdf``), in the order they were asked for."""

    data: bytes
    pieces: tuple[pdf.Piece, ...]


def draw_blocks(sources: Sequence[tuple[Laid, Sequence[int]]], product: str) -> Drawn:
    """Draw the chosen blocks of each laid-out column, each on its own page: one PDF, one set of fonts."""
    pieces, data = pdf.pieces_pdf([(laid.rendered, [(0, n) for n in chosen]) for laid, chosen in sources], product)
    return Drawn(data, tuple(pieces))


def below_floor(laid: Laid, mode: str, floor: float, footer_fields: frozenset[str], footer_floor: float) -> dict[int, tuple[str, float, float]]:
    """Each block's first text under its floor: block index -> (field, size in pt, floor)."""
    found: dict[int, tuple[str, float, float]] = {}
    index = 0
    for page in range(laid.rendered.page_count):
        for column in _columns(laid.rendered, page):
            for block in column.children:
                stack: list[tuple[Box, str]] = [(block, "")]
                while stack:
                    box, field = stack.pop()
                    field = box.attr("data-field") or field
                    limit = footer_floor if field in footer_fields and mode != "standard" else floor
                    if box.kind == "text" and box.text.strip() and box.font_pt < limit - 0.05:
                        found[index] = (field, round(box.font_pt, 1), limit)
                        break
                    stack.extend((child, field) for child in reversed(box.children))
                index += 1
    return found
