"""Pages of labels made from blocks drawn once: each block's drawing and tags, copied into place.

A batch of 1,000 labels holds a few hundred different blocks (24 medicines, a few
hundred patients, the same warnings and footers again and again). Laying out and
drawing every label on its own made WeasyPrint do the same work a thousand times.
Instead every distinct block is laid out and drawn once, on a page of its own
(``pdf.pieces_pdf``), and each label page is made here from copies of those
pages' drawing, moved to where the block goes: the content-stream operators of the
block inside ``q 1 0 0 1 dx dy cm ... Q``, its marked-content ids renumbered for
the new page, and its structure elements copied under the label's ``Div`` (with
any Figure ``/BBox`` moved the same distance). Fonts, pictures and graphics
states stay the source document's, shared by every page. Nothing is laid out or
measured here: positions come from the planner's packing of measured heights.

The tagged result keeps the source's catalog (language, title, PDF/UA metadata,
viewer preferences) and has the same tree a laid-out sheet had: Document > Sect
(one per page) > Div (one per label) > the blocks' own elements. One bookmark per
label names its medicine. pikepdf writes it; the source pages are dropped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from ..errors import Problem, RenderError
from .pdf import Piece

PT_PER_PX = 0.75
MCID = re.compile(rb"(?<=/MCID )(\d+)")


@dataclass(frozen=True)
class Placement:
    """Piece ``piece`` (an index into the source's pieces) drawn with its top-left at (x, y) CSS px."""

    piece: int
    x: float
    y: float


@dataclass(frozen=True)
class Cell:
    """One label on a page: its box (CSS px), background colour (0-1 RGB) and blocks in reading order."""

    x: float
    y: float
    width: float
    height: float
    background: tuple[float, float, float] | None
    blocks: tuple[Placement, ...]


@dataclass(frozen=True)
class Sheet:
    """One page: its size (CSS px) and labels in reading order."""

    width: float
    height: float
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class _Element:
    """A structure element as a template: its own keys, its attributes, and its kids
    (marked-content ids, or elements) in order."""

    keys: tuple[tuple[str, Any], ...]
    attributes: Any
    kids: tuple[int | _Element, ...]


@dataclass
class _Source:
    """What every copy of one piece needs, read from the source once."""

    stream: list[bytes]  # content split around MCID numbers: text, number, text, number, ...
    mcids: int
    elements: list[_Element]  # the block's structure elements
    title: str  # its bookmark title, if it has one


def compose(source: bytes, pieces: Sequence[Piece], sheets: Sequence[Sheet], path: str) -> bytes:
    """The tagged PDF of ``sheets``, drawn from the pieces of ``source`` (see ``pdf.pieces_pdf``)."""
    pdf = Pdf.open(BytesIO(source))
    old_pages = list(pdf.pages)
    if not old_pages:
        raise RenderError(Problem(path, 1, 1, "render", "no blocks to draw the labels from"))
    resources = old_pages[0].obj.Resources
    source_height = float(old_pages[0].obj.MediaBox[3])
    sources = _Sources(pdf, old_pages, path)

    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
    parent_tree: list[Any] = []
    outline: list[tuple[str, Any, float, float]] = []
    for number, sheet in enumerate(sheets):
        height = sheet.height * PT_PER_PX
        page = pdf.make_indirect(Dictionary(
            Type=Name.Page, MediaBox=Array([0, 0, sheet.width * PT_PER_PX, height]), Resources=resources,
            StructParents=number, Tabs=Name.S))
        section = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Sect, P=document, Pg=page, K=Array()))
        document.K.append(section)
        content: list[bytes] = []
        marked: list[Any] = []
        for cell in sheet.cells:
            label = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Div, P=section, Pg=page, K=Array()))
            section.K.append(label)
            content.append(_frame(cell, height))
            titled = False
            for placed in cell.blocks:
                piece = pieces[placed.piece]
                drawn = sources[piece.page]
                dx, dy = (placed.x - piece.x) * PT_PER_PX, height - source_height - (placed.y - piece.y) * PT_PER_PX
                offset = len(marked)
                content.append(b"q 1 0 0 1 %s %s cm\n" % (_num(dx), _num(dy)) + _renumbered(drawn.stream, offset) + b"\nQ\n")
                marked.extend([None] * drawn.mcids)
                for element in drawn.elements:
                    label.K.append(_copy(pdf, element, label, page, offset, (dx, dy), marked))
                if drawn.title and not titled:
                    outline.append((drawn.title, page, cell.x * PT_PER_PX, height - cell.y * PT_PER_PX))
                    titled = True
            content.append(b"Q\n")
        page.Contents = pdf.make_stream(b"".join(content))
        pdf.pages.append(pikepdf.Page(page))
        parent_tree.extend([number, pdf.make_indirect(Array(marked))])

    for _ in old_pages:
        del pdf.pages[0]
    tree = Dictionary(Type=Name.StructTreeRoot, K=Array([document]), ParentTree=pdf.make_indirect(Dictionary(Nums=Array(parent_tree))),
                      ParentTreeNextKey=len(sheets))
    for kept in (Name.RoleMap, Name.ClassMap):  # what the source's own types and attribute classes mean
        if kept in pdf.Root.StructTreeRoot:
            tree[kept] = pdf.Root.StructTreeRoot[kept]
    pdf.Root.StructTreeRoot = pdf.make_indirect(tree)
    document.P = pdf.Root.StructTreeRoot
    _bookmarks(pdf, outline)
    out = BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


class _Sources:
    """The source pages, each read (content, marked content, tags, bookmark) the first time a label uses it."""

    def __init__(self, pdf: Pdf, pages: list[pikepdf.Page], path: str) -> None:
        self.pages = pages
        index = {page.obj.objgen: n for n, page in enumerate(pages)}
        self.elements: list[list[Any]] = [[] for _ in pages]
        for top in _kids(pdf.Root.StructTreeRoot):
            for column in _kids(top):  # one Div per page: the column the blocks were laid out in
                where = column.get(Name.Pg)
                if where is None or where.objgen not in index:
                    raise RenderError(Problem(path, 1, 1, "render", "a block's tags are not on its own page"))
                self.elements[index[where.objgen]].extend(kid for kid in _kids(column) if isinstance(kid, Dictionary))
        self.titles = _titles(pdf, index)
        self.path = path
        self.read: dict[int, _Source] = {}

    def __getitem__(self, n: int) -> _Source:
        found = self.read.get(n)
        if found is None:
            page = self.pages[n].obj
            if Name.Annots in page:
                raise RenderError(Problem(self.path, 1, 1, "render", "a label block has a link; labels are printed and have none"))
            data = page.Contents.read_bytes()
            numbers = [int(m) for m in MCID.findall(data)]
            found = self.read[n] = _Source(MCID.split(data), max(numbers, default=-1) + 1,
                                           [_template(e) for e in self.elements[n]], self.titles.get(n, ""))
        return found


def _template(element: Any) -> _Element:
    """The element as a template. A ``Span`` that only holds text (WeasyPrint makes one
    for every line and run) becomes that text in its parent: the tags say the same,
    with a third of the elements to copy onto every label."""
    keys = tuple((key, value) for key, value in element.items() if key not in ("/K", "/P", "/Pg", "/A"))
    kids: list[int | _Element] = []
    for kid in _kids(element):
        if not isinstance(kid, Dictionary):
            kids.append(int(kid))
            continue
        made = _template(kid)
        if _only_text(made):
            kids.extend(made.kids)
        else:
            kids.append(made)
    return _Element(keys, element.get(Name.A), tuple(kids))


def _only_text(element: _Element) -> bool:
    """A Span with nothing of its own (no language, alt or actual text) and only marked content."""
    return (dict(element.keys).get("/S") == Name.Span and element.attributes is None
            and all(key in ("/Type", "/S") for key, _ in element.keys) and all(isinstance(kid, int) for kid in element.kids))


def _titles(pdf: Pdf, index: dict[tuple[int, int], int]) -> dict[int, str]:
    titles: dict[int, str] = {}
    item = pdf.Root.get(Name.Outlines, Dictionary()).get(Name.First)
    while item is not None:
        destination = item.get(Name.Dest)
        if isinstance(destination, Array) and len(destination) and destination[0].objgen in index:
            titles.setdefault(index[destination[0].objgen], str(item.Title))
        item = item.get(Name.Next)
    return titles


def _kids(element: Any) -> list[Any]:
    kids = element.get(Name.K)
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _renumbered(stream: list[bytes], offset: int) -> bytes:
    if not offset:
        return b"".join(stream)
    return b"".join(part if n % 2 == 0 else str(int(part) + offset).encode() for n, part in enumerate(stream))


def _copy(pdf: Pdf, element: _Element, parent: Any, page: Any, offset: int, move: tuple[float, float], marked: list[Any]) -> Any:
    """A copy of ``element`` and its subtree on ``page``: marked-content ids shifted, Figure boxes moved."""
    copy = pdf.make_indirect(Dictionary({**dict(element.keys), "/P": parent, "/Pg": page}))
    if element.attributes is not None:
        copy.A = _moved(element.attributes, move)
    kids = []
    for kid in element.kids:
        if isinstance(kid, int):
            marked[kid + offset] = copy
            kids.append(kid + offset)
        else:
            kids.append(_copy(pdf, kid, copy, page, offset, move, marked))
    copy.K = Array(kids)
    return copy


def _moved(attributes: Any, move: tuple[float, float]) -> Any:
    """Attributes with any ``/BBox`` (points, bottom-left) moved by ``move``."""
    if isinstance(attributes, Array):
        return Array([_moved(a, move) for a in attributes])
    if not isinstance(attributes, Dictionary) or Name.BBox not in attributes:
        return attributes
    moved = Dictionary(dict(attributes.items()))
    x1, y1, x2, y2 = (float(v) for v in attributes.BBox)
    dx, dy = move
    moved.BBox = Array([round(x1 + dx, 3), round(y1 + dy, 3), round(x2 + dx, 3), round(y2 + dy, 3)])
    return moved


def _frame(cell: Cell, height: float) -> bytes:
    """The label's background (an artifact) and a clip to its edge, opened for its blocks."""
    x, y = cell.x * PT_PER_PX, height - (cell.y + cell.height) * PT_PER_PX
    w, h = cell.width * PT_PER_PX, cell.height * PT_PER_PX
    box = b"%s %s %s %s re" % (_num(x), _num(y), _num(w), _num(h))
    paint = b""
    if cell.background is not None:
        r, g, b = cell.background
        paint = b"/Artifact BMC\nq %s %s %s rg %s f Q\nEMC\n" % (_num(r), _num(g), _num(b), box)
    return paint + b"q %s W n\n" % box


def _num(value: float) -> bytes:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return (text if text not in ("-0", "") else "0").encode()


def _bookmarks(pdf: Pdf, items: Sequence[tuple[str, Any, float, float]]) -> None:
    """One bookmark per label, naming its medicine, pointing at the label's top-left corner."""
    if not items:
        if Name.Outlines in pdf.Root:
            del pdf.Root.Outlines
        return
    outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=len(items)))
    made = [pdf.make_indirect(Dictionary(Title=pikepdf.String(title), Parent=outlines, Count=0,
                                         Dest=Array([page, Name.XYZ, round(left, 3), round(top, 3), 0])))
            for title, page, left, top in items]
    for before, after in itertools.pairwise(made):
        before.Next, after.Prev = after, before
    outlines.First, outlines.Last = made[0], made[-1]
    pdf.Root.Outlines = outlines
