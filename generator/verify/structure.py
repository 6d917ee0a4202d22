"""The structure tree of a tagged PDF as a flat list, in reading order.

Each element knows its standard type (after the RoleMap), its parent, its page,
the marked content it owns directly and the annotations it holds. The checks in
``pdfua.py`` and ``layout.py`` work on this list and on the page contents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary

STANDARD = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl "
    "LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu "
    "WT WP Figure Formula Form".split()
)


@dataclass
class Element:
    index: int
    kind: str  # the standard type it stands for ("" when the RoleMap does not say)
    written: str  # the type as written in /S
    parent: int | None
    page: int | None  # 0-based
    objgen: tuple[int, int]
    mcids: list[tuple[int, int]] = field(default_factory=list)  # (page, mcid) it owns directly
    annotations: list[tuple[int, int]] = field(default_factory=list)  # objgen of each /OBJR's annotation
    children: list[int] = field(default_factory=list)
    alt: str | None = None
    bbox: list[float] | None = None

    @property
    def heading_level(self) -> int | None:
        if self.kind.startswith("H") and self.kind[1:].isdigit():
            return int(self.kind[1:])
        return 0 if self.kind == "H" else None


@dataclass
class Tree:
    elements: list[Element]
    rolemap: dict[str, str]
    reachable: set[tuple[int, int]]

    def ancestors(self, element: Element) -> list[Element]:
        out = []
        current = element.parent
        while current is not None:
            out.append(self.elements[current])
            current = self.elements[current].parent
        return out

    def descendants(self, element: Element) -> list[Element]:
        out = []
        stack = list(reversed(element.children))
        while stack:
            child = self.elements[stack.pop()]
            out.append(child)
            stack.extend(reversed(child.children))
        return out

    def content(self, element: Element) -> list[tuple[int, int]]:
        """Every (page, mcid) under ``element``, in reading order."""
        found = list(element.mcids)
        for child in self.descendants(element):
            found.extend(child.mcids)
        return found


def _resolve(kind: str, rolemap: dict[str, str]) -> str:
    seen = set()
    while kind not in STANDARD and kind in rolemap and kind not in seen:
        seen.add(kind)
        kind = rolemap[kind]
    return kind if kind in STANDARD else ""


def read_tree(pdf: pikepdf.Pdf) -> Tree | None:
    root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, Dictionary):
        return None
    rolemap_dict = root.get("/RoleMap")
    rolemap = {str(k)[1:]: str(v)[1:] for k, v in rolemap_dict.items()} if isinstance(rolemap_dict, Dictionary) else {}
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    elements: list[Element] = []
    reachable: set[tuple[int, int]] = set()
    top = root.get("/K")
    stack: list[tuple[object, int | None, int | None]] = [(k, None, None) for k in reversed(_list(top))]
    while stack:
        node, parent, page = stack.pop()
        if not isinstance(node, Dictionary) or "/S" not in node or node.objgen in reachable:
            continue
        reachable.add(node.objgen)
        page_ref = node.get("/Pg")
        if page_ref is not None:
            page = pages.get(page_ref.objgen, page)
        written = str(node.S)[1:]
        element = Element(len(elements), _resolve(written, rolemap), written, parent, page, node.objgen)
        alt = node.get("/Alt", node.get("/ActualText"))
        element.alt = str(alt) if alt is not None else None
        attributes = node.get("/A")
        for attribute in _list(attributes):
            if isinstance(attribute, Dictionary) and "/BBox" in attribute:
                element.bbox = [float(v) for v in attribute.BBox]
        elements.append(element)
        if parent is not None:
            elements[parent].children.append(element.index)
        later = []
        for kid in _list(node.get("/K")):
            if isinstance(kid, int) and not isinstance(kid, bool):
                element.mcids.append((page if page is not None else -1, int(kid)))
            elif isinstance(kid, Dictionary):
                kind = kid.get("/Type")
                if kind == "/MCR":
                    kid_page = pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page
                    element.mcids.append((kid_page if kid_page is not None else -1, int(kid.MCID)))
                elif kind == "/OBJR":
                    element.annotations.append(kid.Obj.objgen)
                elif "/S" in kid:
                    later.append((kid, element.index, page))
        stack.extend(reversed(later))
    return Tree(elements, rolemap, reachable)


def _list(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]
