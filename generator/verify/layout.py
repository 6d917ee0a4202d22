"""Easy-read layout rules, measured on the finished PDF.

Text floor, picture sizes in millimetres, pictures left of their words, sentences
kept whole (one paragraph tag, one page) and pages per document. The numbers per
product are in ``thresholds.yaml``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from .findings import Finding
from .pdfua import _label, _page, trusted_box
from .reading import PdfFile
from .structure import Element
from .thresholds import Thresholds

MM_PER_PT = 25.4 / 72
QR_CODE = re.compile(r"QR code\b", re.I)  # sized for scanning, not reading (templates write "QR code for ...")
SENTENCE_END = re.compile(r"[.!?:;…\"'”’)\]]\s*$")
BLOCKS = frozenset({"P", "Div", "LI", "LBody", "Sect", "Part", "Art", "TD", "TH", "Caption", "BlockQuote", "NonStruct", "Document"})


def check_text_floor(pdf: PdfFile, limits: Thresholds) -> Iterator[Finding]:
    floor = limits.text_floor_pt
    for content in pdf.pages:
        small = [run for run in content.runs if run.size < floor - 0.05]
        if not small:
            continue
        smallest = min(small, key=lambda run: run.size)
        words = next((run.text.strip() for run in sorted(small, key=lambda r: r.size) if run.text.strip()), "")
        sample = f' "{words[:40]}"' if words else ""
        yield Finding(pdf.name, content.index + 1, f"text{sample}", "text-floor",
                      f"{len(small)} text run{'s are' if len(small) > 1 else ' is'} below {floor:g}pt, the {limits.product} floor "
                      f"(smallest {smallest.size:.1f}pt); text is never shrunk to fit: make it bigger, or shorten it")


def check_pictures(pdf: PdfFile, limits: Thresholds) -> Iterator[Finding]:
    if pdf.tree is None:
        return
    for element in pdf.tree.elements:
        box = trusted_box(pdf, element) if element.kind == "Figure" else None
        if box is None:
            continue  # not a picture, or its box is wrong (figure-bbox says so): nothing true to measure
        width = (box[2] - box[0]) * MM_PER_PT
        height = (box[3] - box[1]) * MM_PER_PT
        if limits.picture_min_mm and min(width, height) < limits.picture_min_mm - 0.5 and not QR_CODE.match(element.alt or ""):
            yield Finding(pdf.name, _page(element), _label(pdf, element), "picture-size",
                          f"the picture is {width:.0f} x {height:.0f} mm; {limits.product} pictures are at least {limits.picture_min_mm:g} mm")
        if limits.picture_left:
            problem = _beside(pdf, element, box)
            if problem:
                yield Finding(pdf.name, _page(element), _label(pdf, element), "picture-left", problem)


def _beside(pdf: PdfFile, figure: Element, box: list[float]) -> str:
    """'' when the words that share the picture's row are on its right."""
    assert pdf.tree is not None
    row = next((a for a in pdf.tree.ancestors(figure) if a.kind in BLOCKS), None)
    if row is None or any(e.heading_level is not None for e in pdf.tree.descendants(row)):
        return ""  # a picture with a heading (the cover) is not a row
    if _in_picture_grid(pdf, figure, row, box):
        return ""
    mine = set(pdf.tree.content(row)) - set(figure.mcids)
    runs = [run for run in pdf.pages[figure.page].runs  # type: ignore[index]
            if run.mcid is not None and (figure.page, run.mcid) in mine and run.text.strip() and not run.artifact]
    if not runs:
        return ""
    _x0, y0, x1, y1 = box
    beside = [run for run in runs if y0 - 1 <= run.y <= y1 + 1]
    if not beside:
        return "its words are above or below it; easy read puts the picture on the left and the words on its right"
    left = [run for run in beside if run.x < x1 - 1]
    if left:
        return f'the words "{left[0].text.strip()[:30]}" start at {left[0].x * MM_PER_PT:.0f} mm, left of the picture\'s edge at {x1 * MM_PER_PT:.0f} mm'
    return ""


def _in_picture_grid(pdf: PdfFile, figure: Element, row: Element, box: list[float]) -> bool:
    """A list of pictures side by side, each with its word under it (the easy-read
    day on a label: morning, midday, evening, bedtime) is read across like a table
    row, so its words sit under their pictures by design."""
    assert pdf.tree is not None
    if row.kind not in ("LI", "LBody"):
        return False
    listed = next((a for a in pdf.tree.ancestors(figure) if a.kind == "L"), None)
    if listed is None:
        return False
    others = [trusted_box(pdf, e) for e in pdf.tree.descendants(listed) if e.kind == "Figure" and e is not figure and e.page == figure.page]
    return any(other is not None and other[1] < box[3] and box[1] < other[3] and (other[0] >= box[2] or other[2] <= box[0]) for other in others)


def check_sentences(pdf: PdfFile) -> Iterator[Finding]:
    """A sentence tagged as two paragraphs, or running over a page break."""
    if pdf.tree is None:
        return
    blocks = [e for e in pdf.tree.elements if e.kind == "P" or e.heading_level is not None]
    for first, second in itertools.pairwise(blocks):
        if first.kind != "P" or second.kind != "P":
            continue
        before = pdf.text(first)
        if not before or SENTENCE_END.search(before):
            continue
        after = pdf.text(second)
        if not after or not after[0].islower():
            continue
        if first.parent == second.parent and first.page == second.page:
            yield Finding(pdf.name, _page(first), _label(pdf, first), "split-sentence",
                          f'the sentence goes on in the next P tag ("{after[:30]}"); one sentence is one paragraph: do not make a p inline or split it')
        elif first.page is not None and second.page == first.page + 1:
            yield Finding(pdf.name, _page(first), _label(pdf, first), "split-sentence",
                          f'the sentence runs over the page break onto page {second.page + 1} ("{after[:30]}"); a row must not split')


def check_pages(pdf: PdfFile, limits: Thresholds) -> Iterator[Finding]:
    if limits.max_pages is not None and len(pdf.pages) > limits.max_pages:
        yield Finding(pdf.name, None, "document", "page-count",
                      f"{len(pdf.pages)} pages; a {limits.product} has at most {limits.max_pages}: cut words, or split it in two")
