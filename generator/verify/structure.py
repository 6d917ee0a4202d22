"""The structure tree of a tagged PDF as a flat list, in reading order.

Each element knows its standard type (after the RoleMap), its parent, its page,
the marked content it owns directly and the annotations it holds. The checks in
``pdfua.py`` and ``layout.py`` work on this list and on the page contents.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

import pikepdf

STANDARD = frozenset(
    ["Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index", "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form"]
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
    """Every structure element in reading order (depth first, as the tree lists them).

    The objects are read in one call, as qpdf's JSON: asking pikepdf key by key for
    the booklet's thousand elements took three times as long.
    """
    objects = _objects(pdf)
    trailer = objects.get("trailer", {}).get("value", {})
    catalog = _value(objects, trailer.get("/Root") if isinstance(trailer, dict) else None)
    root = _value(objects, catalog.get("/StructTreeRoot")) if isinstance(catalog, dict) else None
    if not isinstance(root, dict):
        return None
    rolemap_dict = _value(objects, root.get("/RoleMap"))
    rolemap = {k[1:]: str(v)[1:] for k, v in rolemap_dict.items()} if isinstance(rolemap_dict, dict) else {}
    pages = {f"{page.objgen[0]} {page.objgen[1]} R": index for index, page in enumerate(pdf.pages)}
    elements: list[Element] = []
    reachable: set[tuple[int, int]] = set()
    stack: list[tuple[object, int | None, int | None]] = [(k, None, None) for k in reversed(_items(root.get("/K")))]
    while stack:
        node, parent, page = stack.pop()
        objgen = _objgen(node) if isinstance(node, str) else (0, 0)
        fields = _value(objects, node)
        if not isinstance(fields, dict) or "/S" not in fields or (objgen != (0, 0) and objgen in reachable):
            continue
        reachable.add(objgen)
        page = pages.get(fields.get("/Pg"), page)  # type: ignore[arg-type]
        written = str(fields["/S"])[1:]
        element = Element(len(elements), _resolve(written, rolemap), written, parent, page, objgen)
        alt = fields.get("/Alt", fields.get("/ActualText"))
        element.alt = _text(alt) if isinstance(alt, str) else None
        for attribute in _items(_value(objects, fields.get("/A"))):
            attribute = _value(objects, attribute)
            box = _value(objects, attribute.get("/BBox")) if isinstance(attribute, dict) else None
            if isinstance(box, list) and len(box) == 4:
                element.bbox = [float(v) for v in box]
        elements.append(element)
        if parent is not None:
            elements[parent].children.append(element.index)
        later = []
        for kid in _items(_value(objects, fields.get("/K"))):
            if isinstance(kid, int) and not isinstance(kid, bool):
                element.mcids.append((page if page is not None else -1, kid))
                continue
            content = _value(objects, kid)
            if not isinstance(content, dict):
                continue
            kind = content.get("/Type")
            if kind == "/MCR":
                kid_page = pages.get(content.get("/Pg"), page)  # type: ignore[arg-type]
                element.mcids.append((kid_page if kid_page is not None else -1, int(content.get("/MCID", -1))))
            elif kind == "/OBJR" and isinstance(content.get("/Obj"), str):
                element.annotations.append(_objgen(content["/Obj"]))
            elif "/S" in content:
                later.append((kid, element.index, page))
        stack.extend(reversed(later))
    return Tree(elements, rolemap, reachable)


def _objects(pdf: pikepdf.Pdf) -> dict[str, dict[str, object]]:
    """Every object of the file, as qpdf JSON (version 2) without stream data."""
    out = io.BytesIO()
    pdf.write_qpdf_json(out, decode_level=pikepdf.StreamDecodeLevel.none, json_stream_data=pikepdf.JSONStreamData.none)
    found = json.loads(out.getvalue())["qpdf"][1]
    return found if isinstance(found, dict) else {}


def _value(objects: dict[str, dict[str, object]], value: object) -> object:
    """Follow a reference ("12 0 R") to the object's value (a stream's dictionary for a stream)."""
    if isinstance(value, str) and value.endswith(" R"):
        entry = objects.get(f"obj:{value}", {})
        if "value" in entry:
            return entry["value"]
        stream = entry.get("stream")
        return stream.get("dict") if isinstance(stream, dict) else None
    return value


def _objgen(reference: str) -> tuple[int, int]:
    number, generation, _ = reference.split()
    return int(number), int(generation)


def _text(value: str) -> str:
    """A qpdf JSON string: "u:text", or "b:hex" for bytes qpdf would not read as text.

    qpdf turns every string with a UTF-16 byte-order mark into "u:" (replacing what
    is not valid UTF-16), so "b:" is only ever PDFDocEncoding, read here as Latin-1.
    """
    if value.startswith("u:"):
        return value[2:]
    if value.startswith("b:"):
        return bytes.fromhex(value[2:]).decode("latin-1")
    return value


def _items(value: object) -> list[object]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
