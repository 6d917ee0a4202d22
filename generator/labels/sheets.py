"""From labels to sheets: measure the blocks, pack each medicine, give every label a slot.

Every distinct block is measured once (in the worker processes when there are
many), each medicine is packed onto the fewest labels (``flow.pack``), and the
labels take consecutive slots from ``--start``. The slot map is decided here,
before anything is drawn, so the report says exactly which slot each label is
in. The pages are then cut into parts (files) of whole sheets for the workers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ..render.labels import Block, Content, Placed, content, place
from ..render.measure import Size, measure
from .flow import EPSILON, MAX_PARTS, Item, Space, Unfit, pack
from .model import Label
from .pool import Workers
from .stock import Layout, Stock

Sizes = dict[tuple[str, float, str], Size]  # measured blocks, by (mode, text width, block html)

MEASURE_CHUNK = 400  # distinct blocks per measuring task


@dataclass(frozen=True)
class Plan:
    """One row on one label size: its blocks packed into labels, or why they do not fit."""

    content: Content
    labels: tuple[tuple[Block, ...], ...] = ()
    unfit: Unfit | None = None
    pt: float = 0.0  # the size of the field that did not fit
    legal: int = 0  # the label (from 0) that carries the legal footer

    def placed(self, cells: Sequence[int | None]) -> list[Placed]:
        return [place(self.content, k + 1, len(self.labels), blocks, cell, k == self.legal)
                for k, (blocks, cell) in enumerate(zip(self.labels, cells))]


def _measure_task(task: tuple[tuple[str, float, tuple[str, ...]], tuple[Path, ...]]) -> list[Size]:
    (mode, width, blocks), roots = task
    return measure([(mode, width, [Markup(html) for html in blocks])], roots)[0]  # our own macros' HTML


def sizes_of(wanted: Sequence[tuple[str, float, Sequence[Block]]], roots: tuple[Path, ...], workers: Workers) -> Sizes:
    """The size of every distinct block, measured once (in parallel when there are many)."""
    distinct: dict[tuple[str, float], dict[str, None]] = {}
    for mode, width, blocks in wanted:
        column = distinct.setdefault((mode, width), {})
        for block in blocks:
            column.setdefault(str(block.html))
    tasks = [((mode, width, tuple(htmls[i:i + MEASURE_CHUNK])), roots)
             for (mode, width), column in distinct.items() for htmls in [list(column)] for i in range(0, len(htmls), MEASURE_CHUNK)]
    sizes: Sizes = {}
    for index, found in workers.run(_measure_task, tasks):
        (mode, width, htmls), _ = tasks[index]
        sizes.update(((mode, width, html), size) for html, size in zip(htmls, found))
    return sizes


def contents(labels: Sequence[Label], mode: str, two_part: bool, level: int = 1) -> list[Content]:
    return [content(label, mode, two_part, level) for label in labels]


def one_label(c: Content, stock: Stock, sizes: Sizes) -> bool:
    """True when the row fits on one label: its "1 of 2" header is then never needed."""
    if c.whole:
        return True
    if any(b.break_before for b in c.body):
        return False
    width = stock.content_width
    total = sum(sizes[(c.mode, width, str(b.html))].height for b in (*c.head, *c.body, *c.foot_last))
    return total <= stock.content_height + EPSILON


def plan(c: Content, stock: Stock, sizes: Sizes) -> Plan:
    """Pack one row's blocks onto labels of ``stock``; text sizes never change."""
    width = stock.content_width

    def size(block: Block) -> Size:
        return sizes[(c.mode, width, str(block.html))]

    single = [*c.head, *c.body, *c.foot_each, *c.foot_last]
    for block in single if one_label(c, stock, sizes) else c.blocks():  # the "1 of 2" header is measured only when needed
        if size(block).wide_word:
            return Plan(c, unfit=Unfit(block.field, size(block).over_mm), pt=block.pt)
    if c.whole:  # standard mode: each part is one block that must fit as it is
        for block in c.body:
            over = size(block).height - stock.content_height
            if over > 0.01:
                return Plan(c, unfit=Unfit(block.field, round(over, 1)), pt=block.pt)
        return Plan(c, tuple((b,) for b in c.body))
    if one_label(c, stock, sizes):
        return Plan(c, (c.body,))
    space = Space(stock.content_height, sum(size(b).height for b in c.head), sum(size(b).height for b in c.head_parts),
                  sum(size(b).height for b in c.foot_each), sum(size(b).height for b in c.foot_last))
    items = [Item(b.field, size(b).height, b.group, b.break_before) for b in c.body]
    packed = pack(items, space, MAX_PARTS)
    if isinstance(packed, Unfit):
        named = next((b for b in c.blocks() if b.field == packed.field), None)
        return Plan(c, unfit=packed, pt=named.pt if named else 16.0)
    return Plan(c, tuple(tuple(c.body[i] for i in part) for part in packed.parts), legal=packed.legal)


def wide_word(c: Content, field: str, stock: Stock, sizes: Sizes) -> str:
    for block in c.blocks():
        found = sizes.get((c.mode, stock.content_width, str(block.html)))
        if block.field == field and found is not None and found.wide_word:
            return found.wide_word
    return ""


@dataclass(frozen=True)
class Sheet:
    """One page of a labels file: its labels, each in its cell (1-based)."""

    labels: tuple[Placed, ...]


@dataclass(frozen=True)
class Part:
    """One labels file for one worker: whole pages, in order, and where the run's pages start."""

    path: Path
    title: str
    layout: Layout
    pages: tuple[Sheet, ...]
    first_page: int  # the run's page number of this file's first page (from 1)
    roots: tuple[Path, ...]


def assign(plans: Sequence[Plan], layout: Layout, start: int) -> tuple[list[list[int]], list[Sheet]]:
    """Consecutive cells from ``start`` for every label; the cells of each plan, and the pages."""
    cell = start - 1
    cells: list[list[int]] = []
    pages: list[list[Placed]] = []
    for p in plans:
        mine = list(range(cell, cell + len(p.labels)))
        cell += len(p.labels)
        cells.append(mine)
        for placed, at in zip(p.placed([c % layout.per_page + 1 for c in mine]), mine):
            page = at // layout.per_page
            while len(pages) <= page:
                pages.append([])
            pages[page].append(placed)
    return cells, [Sheet(tuple(page)) for page in pages]


def cut(pages: Sequence[Sheet], pages_per_part: int, layout: Layout, path: Path, title: str, roots: tuple[Path, ...]) -> list[Part]:
    """Whole pages into parts: ``x.pdf``, or ``x.part-1-of-3.pdf`` ... when there are several."""
    chunks = [pages[i:i + pages_per_part] for i in range(0, len(pages), pages_per_part)]
    return [Part(numbered(path, index, len(chunks)), title, layout, tuple(chunk), index * pages_per_part + 1, roots)
            for index, chunk in enumerate(chunks)]


def numbered(path: Path, index: int, total: int) -> Path:
    if total <= 1:
        return path
    stem = path.name[: -len(".pdf")]
    return path.with_name(f"{stem}.part-{index + 1}-of-{total}.pdf")
