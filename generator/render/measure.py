"""How tall each label block is, read from the real layout engine, once per block.

Rows share most of their blocks (the same warnings, directions and pharmacy
footer), so a batch measures only the distinct ones: every distinct block is
stacked in a column as wide as the label's text, the column is laid out once,
and each block's height is read back. The labels are then packed in Python
(``labels.flow``) and drawn with the very same blocks and stylesheet, so the
heights hold; the fit is still checked again on the finished pages.
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
