"""Repairs to WeasyPrint's tagged PDF, made once with pikepdf right after it is written.

WeasyPrint 70 tags a PDF from the HTML structure, and most of it is right. What
comes out wrong, and what this module does about it:

- Figure ``/BBox`` is written in CSS pixels from the top-left of the page, but PDF
  user space is points from the bottom-left, so assistive tools point at blank
  paper. We convert each box (see docs/accessibility.md for a reproduction).
- Every box inside a link gets its own ``Link`` tag, so a link holding a span or a
  ``::after`` (our contents lines) is tagged Link-in-Link. ``pdf.py`` already drops
  the duplicate annotations; here the inner tags become ``Span``.
- A block inside a paragraph (``<span style="display: block">`` in a ``<p>``)
  becomes a ``P`` inside a ``P``; the inner one is a ``Span`` of the same paragraph.
- Text in page margin boxes (page numbers, running footers) is marked as tagged
  content but hung nowhere in the tree, so it is unreachable. It becomes a
  pagination artifact, as PDF/UA expects for running headers and footers.
- Link annotations are described by their fragment ("section-1"); they get the
  words of the link ("Section 1. What is co-production?").

The product (booklet, poster, labels...) is written into the document information
so that ``easyread verify`` knows which thresholds a file is held to.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Protocol

import pikepdf
from pikepdf import Array, Dictionary, Name

PX_TO_PT = 0.75  # WeasyPrint draws CSS pixels at 96 per inch; PDF points are 72 per inch
PRODUCT_KEY = "/EasyreadProduct"
MARKED = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


class LinkHint(Protocol):
    """One link annotation as the layout knew it (``pdf.LinkHint``): where it goes and its words."""

    target: str
    words: str


def page_height(page: pikepdf.Page | Dictionary) -> float:
    """The height of the page box in points (the TrimBox when there is bleed)."""
    obj = page.obj if isinstance(page, pikepdf.Page) else page
    box = obj.get("/TrimBox", obj.MediaBox)
    return float(box[3])


def repair(data: bytes, links: Sequence[Sequence[LinkHint]], product: str = "") -> bytes:
    """Return ``data`` with the structure tree and annotations repaired (see module doc)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is not None:
            heights = {page.objgen: page_height(page) for page in pdf.pages}
            reachable = _fix_tree(root, heights)
            _artifact_orphans(pdf, root, reachable)
        _describe_links(pdf, links)
        if product:
            pdf.docinfo[Name(PRODUCT_KEY)] = pikepdf.String(product)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def _kids(element: Dictionary) -> list[object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _fix_tree(root: Dictionary, heights: dict[tuple[int, int], float]) -> set[tuple[int, int]]:
    """Walk the tree once: fix boxes and nesting; return every reachable element."""
    reachable: set[tuple[int, int]] = set()
    # (element, page, inside a Link, parent type)
    stack: list[tuple[Dictionary, object, bool, str]] = [(k, None, False, "") for k in reversed(_kids(root)) if isinstance(k, Dictionary)]
    while stack:
        element, page, in_link, parent = stack.pop()
        reachable.add(element.objgen)
        page = element.get("/Pg", page)
        kind = str(element.get("/S", ""))
        if kind == "/Link" and in_link:
            element.S = Name.Span  # Link-in-Link: the outer link already holds the annotation
            kind = "/Span"
        elif kind == "/P" and parent == "/P":
            element.S = Name.Span  # a block inside a paragraph is still that paragraph
            kind = "/Span"
        elif kind == "/Figure" and page is not None:
            _fix_bbox(element, heights.get(page.objgen))
        child_in_link = in_link or kind == "/Link"
        for kid in reversed(_kids(element)):
            if isinstance(kid, Dictionary) and "/S" in kid:
                stack.append((kid, page, child_in_link, kind))
    return reachable


def _fix_bbox(figure: Dictionary, height: float | None) -> None:
    """CSS px from the top-left -> PDF points from the bottom-left."""
    attributes = figure.get("/A")
    if height is None or not isinstance(attributes, Dictionary) or "/BBox" not in attributes:
        return
    x1, y1, x2, y2 = (float(v) for v in attributes.BBox)
    attributes.BBox = Array([round(x1 * PX_TO_PT, 3), round(height - y2 * PX_TO_PT, 3),
                             round(x2 * PX_TO_PT, 3), round(height - y1 * PX_TO_PT, 3)])


def _artifact_orphans(pdf: pikepdf.Pdf, root: Dictionary, reachable: set[tuple[int, int]]) -> None:
    """Marked content whose element is not in the tree becomes a pagination artifact."""
    tree = root.get("/ParentTree")
    nums = tree.get("/Nums") if isinstance(tree, Dictionary) else None
    if nums is None:
        return
    pages = list(pdf.pages)
    for index in range(0, len(nums), 2):
        key, value = int(nums[index]), nums[index + 1]
        if not isinstance(value, Array) or key >= len(pages):
            continue
        orphans = set()
        for mcid, ref in enumerate(value):
            if isinstance(ref, Dictionary) and ref.objgen not in reachable:
                orphans.add(mcid)
                value[mcid] = None
        if orphans:
            _mark_as_artifacts(pages[key], orphans)


def _mark_as_artifacts(page: pikepdf.Page, mcids: set[int]) -> None:
    contents = page.obj.Contents
    streams = list(contents) if isinstance(contents, Array) else [contents]
    for stream in streams:
        data = stream.read_bytes()
        fixed = MARKED.sub(lambda m: b"/Artifact <</Type /Pagination>> BDC" if int(m.group(2)) in mcids else m.group(0), data)
        if fixed != data:
            stream.write(fixed)


def _describe_links(pdf: pikepdf.Pdf, links: Sequence[Sequence[LinkHint]]) -> None:
    """Give each link annotation the words of its link as /Contents."""
    for page, hints in zip(pdf.pages, links):
        annotations = [a for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
        for annotation in annotations:  # WeasyPrint writes top above bottom; PDF wants [llx lly urx ury]
            x1, y1, x2, y2 = (float(v) for v in annotation.Rect)
            annotation.Rect = Array([min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)])
        for annotation, hint in zip(annotations, hints):
            if hint.words and str(annotation.get("/Contents", "")) == hint.target:
                annotation.Contents = pikepdf.String(hint.words)
