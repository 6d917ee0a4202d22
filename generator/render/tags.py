"""Repairs to WeasyPrint's tagged PDF, made on its PDF objects just before they are written.

WeasyPrint 70 tags a PDF from the HTML structure, and most of it is right. What
comes out wrong, and what this module does about it (see docs/accessibility.md):

- Figure ``/BBox`` is written in CSS pixels from the top-left of the page, but PDF
  user space is points from the bottom-left, so assistive tools point at blank
  paper. We convert each box.
- Every box inside a link is tagged ``Link``, so a link holding a span or a
  ``::after`` (our contents lines) is tagged Link-in-Link. ``pdf.py`` already drops
  the duplicate annotations; here the inner tags become ``Span``.
- A block inside a paragraph (``<span style="display: block">`` in a ``<p>``)
  becomes a ``P`` inside a ``P``; the inner one is a ``Span`` of the same paragraph.
- Text in page margin boxes (page numbers, running footers) is marked as tagged
  content but hung nowhere in the tree, so it is unreachable. It becomes a
  pagination artifact, as PDF/UA expects for running headers and footers.
- A list laid out as a table (the easy-read day: four pictures in a row) is tagged
  as a list inside a list inside a list (the table's wrapper, the table, its rows
  all come from the one ``<ul>``); it becomes one ``L`` of its ``LI`` items.
- Link annotations are described by their target ("section-1"); they get the
  words of the link ("Section 1. What is co-production?"), and their rectangles
  are written bottom-left first.

This runs as WeasyPrint's ``finisher``: the objects are still Python (pydyf), so
nothing is parsed or compressed twice. It is the second half of the WeasyPrint
adapter and is only called from ``pdf.py``. The product (booklet, poster,
labels...) is written into the document information so that ``easyread verify``
knows which thresholds a file is held to.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import pydyf

PX_TO_PT = 0.75  # WeasyPrint draws CSS pixels at 96 per inch; PDF points are 72 per inch
PRODUCT_KEY = "EasyreadProduct"


class LinkHint(Protocol):
    """One link annotation as the layout knew it (``pdf.LinkHint``): where it goes and its words."""

    @property
    def target(self) -> str: ...

    @property
    def words(self) -> str: ...


def repair(pdf: pydyf.PDF, links: Sequence[Sequence[LinkHint]], product: str = "") -> None:
    """Repair the structure tree and annotations of a PDF WeasyPrint is about to write."""
    objects = pdf.objects
    pages = [_get(objects, ref) for ref in pdf.page_references]
    root = _get(objects, pdf.catalog.get("StructTreeRoot"))
    if isinstance(root, pydyf.Dictionary):
        reachable = _fix_tree(objects, root)
        _artifact_orphans(objects, pages, root, reachable)
    _fix_links(objects, pages, links)
    if product:
        pdf.info[PRODUCT_KEY] = pydyf.String(product)


def _get(objects: list[Any], value: object) -> object:
    """Follow a reference (``b"12 0 R"``) to its object."""
    if isinstance(value, bytes) and value.endswith(b" R"):
        return objects[int(value.split()[0])]
    return value


def _kids(objects: list[Any], element: pydyf.Dictionary) -> list[object]:
    kids = _get(objects, element.get("K"))
    if kids is None:
        return []
    return list(kids) if isinstance(kids, list) else [kids]


def _fix_tree(objects: list[Any], root: pydyf.Dictionary) -> set[int]:
    """Walk the tree once: fix boxes and nesting; return the number of every reachable element."""
    reachable: set[int] = set()
    # (element, page, inside a Link, parent type)
    stack: list[tuple[pydyf.Dictionary, object, bool, str]] = []
    for kid in reversed(_kids(objects, root)):
        element = _get(objects, kid)
        if isinstance(element, pydyf.Dictionary):
            stack.append((element, None, False, ""))
    while stack:
        element, page, in_link, parent = stack.pop()
        if element.number in reachable:
            continue
        reachable.add(element.number)
        page = _get(objects, element.get("Pg", page)) if "Pg" in element else page
        kind = str(element.get("S", ""))
        if kind == "/Link" and in_link:
            element["S"] = kind = "/Span"  # Link-in-Link: the outer link already holds the annotation
        elif kind == "/P" and parent == "/P":
            element["S"] = kind = "/Span"  # a block inside a paragraph is still that paragraph
        elif kind == "/Figure" and isinstance(page, pydyf.Dictionary):
            _fix_bbox(element, _height(page))
        elif kind == "/L":
            _one_list(objects, element)
        child_in_link = in_link or kind == "/Link"
        for kid in reversed(_kids(objects, element)):
            child = _get(objects, kid)
            if isinstance(child, pydyf.Dictionary) and "S" in child:
                stack.append((child, page, child_in_link, kind))
    return reachable


def _one_list(objects: list[Any], element: pydyf.Dictionary) -> None:
    """``L > L > L > LI...`` (one list, laid out as a table) -> ``L > LI...``."""
    while True:
        kids = _kids(objects, element)
        child = _get(objects, kids[0]) if len(kids) == 1 else None
        if not isinstance(child, pydyf.Dictionary) or str(child.get("S", "")) != "/L":
            return
        element["K"] = child.get("K")
        for kid in _kids(objects, child):
            grandchild = _get(objects, kid)
            if isinstance(grandchild, pydyf.Dictionary) and "S" in grandchild:
                grandchild["P"] = element.reference


def _height(page: pydyf.Dictionary) -> float:
    """The height of the page box in points: the TrimBox (the MediaBox also holds any bleed)."""
    box = page.get("TrimBox", page.get("MediaBox"))
    return float(box[3])


def _fix_bbox(figure: pydyf.Dictionary, height: float) -> None:
    """CSS px from the top-left -> PDF points from the bottom-left."""
    attributes = figure.get("A")
    if not isinstance(attributes, dict) or "BBox" not in attributes:
        return
    x1, y1, x2, y2 = (float(v) for v in attributes["BBox"])
    attributes["BBox"] = pydyf.Array([round(x1 * PX_TO_PT, 3), round(height - y2 * PX_TO_PT, 3),
                                      round(x2 * PX_TO_PT, 3), round(height - y1 * PX_TO_PT, 3)])


def _artifact_orphans(objects: list[Any], pages: list[Any], root: pydyf.Dictionary, reachable: set[int]) -> None:
    """Marked content whose element is not in the tree becomes a pagination artifact.

    The orphaned elements stay in the file, referred to by nothing.
    """
    tree = _get(objects, root.get("ParentTree"))
    nums = tree.get("Nums") if isinstance(tree, dict) else None
    if not isinstance(nums, list):
        return
    for index in range(0, len(nums) - 1, 2):
        key, value = nums[index], nums[index + 1]
        if not isinstance(value, list) or not isinstance(key, int) or key >= len(pages):
            continue
        orphans = set()
        for mcid, ref in enumerate(value):
            element = _get(objects, ref)
            if isinstance(element, pydyf.Dictionary) and element.number not in reachable:
                orphans.add(mcid)
                value[mcid] = b"null"
        if orphans:
            _mark_as_artifacts(_get(objects, pages[key].get("Contents")), orphans)


def _mark_as_artifacts(stream: object, mcids: set[int]) -> None:
    """``/Span <</MCID n>> BDC`` -> ``/Artifact <</Type /Pagination>> BDC`` for the given ids."""
    items = getattr(stream, "stream", None)
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if isinstance(item, pydyf.Dictionary) and item.get("MCID") in mcids and index and items[index + 1: index + 2] == [b"BDC"]:
            items[index - 1] = "/Artifact"
            items[index] = pydyf.Dictionary({"Type": "/Pagination"})


def _fix_links(objects: list[Any], pages: list[Any], links: Sequence[Sequence[LinkHint]]) -> None:
    """Describe each link annotation with its words; write rectangles as [llx lly urx ury]."""
    for page, hints in zip(pages, links):
        found = [_get(objects, a) for a in page.get("Annots", [])]
        annotations = [a for a in found if isinstance(a, pydyf.Dictionary) and a.get("Subtype") == "/Link"]
        for annotation in annotations:
            x1, y1, x2, y2 = (float(v) for v in annotation["Rect"])
            annotation["Rect"] = pydyf.Array([min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)])
        for annotation, hint in zip(annotations, hints):
            contents = annotation.get("Contents")
            if hint.words and isinstance(contents, pydyf.String) and contents.string == hint.target:
                annotation["Contents"] = pydyf.String(hint.words)
