"""Saddle-stitch imposition: a booklet's pages two to a sheet, in folding order.

``print: {fold: true}`` asks for this file beside the reading PDF. It is for the
printer, not for reading: print it double-sided, flipping on the short edge, fold
the stack in half and staple on the fold, and the pages come out in order. The
reading PDF stays the main output; this one carries no tags, because nobody reads
pages in folding order with a screen reader.

The page count is padded to a multiple of 4 with blank pages, put just before
the last page so the back page (contact details) stays on the outside. Pages are
placed whole (as form XObjects, with pikepdf), never redrawn or scaled: an A5
page lands at its real size on an A4 sheet, an A4 page on A3.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pikepdf

PT_PER_MM = 72 / 25.4

# Folding the sheet in half gives the page: the sheet is the next paper size up.
SHEETS_MM = {(148.0, 210.0): (297.0, 210.0), (210.0, 297.0): (420.0, 297.0)}


def padded_order(pages: int) -> list[int | None]:
    """Reading positions 0..n-1 padded to a multiple of 4; None is a blank page."""
    total = -(-pages // 4) * 4
    blanks = [None] * (total - pages)
    if pages < 2:
        return [*range(pages), *blanks]
    return [*range(pages - 1), *blanks, pages - 1]


def folding_order(pages: int) -> list[tuple[int | None, int | None]]:
    """Each printed side as (left page, right page), in the order the printer prints them.

    Sheet ``s`` carries on its front the pages ``n-1-2s`` (left) and ``2s`` (right),
    and on its back ``2s+1`` (left) and ``n-2-2s`` (right), counting from 0 in the
    padded order; for 8 pages that is 8|1, 2|7, 6|3, 4|5 (counting from 1).
    """
    order = padded_order(pages)
    total = len(order)
    sides: list[tuple[int | None, int | None]] = []
    for sheet in range(total // 4):
        sides.append((order[total - 1 - 2 * sheet], order[2 * sheet]))
        sides.append((order[2 * sheet + 1], order[total - 2 - 2 * sheet]))
    return sides


def sheet_for(page_mm: tuple[float, float]) -> tuple[float, float]:
    """The paper a page of this size is folded from (two pages side by side if unknown)."""
    rounded = (round(page_mm[0]), round(page_mm[1]))
    for (w, h), sheet in SHEETS_MM.items():
        if (round(w), round(h)) == rounded:
            return sheet
    return (page_mm[0] * 2, page_mm[1])


def impose(reading_pdf: bytes, title: str) -> bytes:
    """The saddle-stitch print file for a reading-order PDF."""
    with pikepdf.open(io.BytesIO(reading_pdf)) as source, pikepdf.new() as out:
        box = [float(v) for v in source.pages[0].mediabox]
        page_w, page_h = box[2] - box[0], box[3] - box[1]
        sheet_w, sheet_h = (v * PT_PER_MM for v in sheet_for((page_w / PT_PER_MM, page_h / PT_PER_MM)))
        left_x = sheet_w / 2 - page_w
        bottom = (sheet_h - page_h) / 2
        pages = list(source.pages)
        for side in folding_order(len(pages)):
            sheet = out.add_blank_page(page_size=(sheet_w, sheet_h))
            _place(sheet, pages, side, left_x, bottom, page_w, page_h)
        out.docinfo["/Title"] = f"{title} (for printing: pages in folding order)"
        out.docinfo["/Creator"] = "easyread"
        data = io.BytesIO()
        out.save(data, deterministic_id=True)
    return data.getvalue()


def _place(sheet: pikepdf.Page, pages: Sequence[pikepdf.Page], side: tuple[int | None, int | None],
           left_x: float, bottom: float, page_w: float, page_h: float) -> None:
    for offset, index in zip((left_x, left_x + page_w), side):
        if index is not None:
            rect = pikepdf.Rectangle(offset, bottom, offset + page_w, bottom + page_h)
            sheet.add_overlay(pages[index], rect, shrink=False, expand=False)  # type: ignore[call-arg]  # pikepdf's stub lacks them
