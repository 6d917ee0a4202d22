"""Checks on the laid-out pages: the things only layout can tell.

Text is never shrunk to fit. If a poster needs a second page, or any text came
out below the product's floor, the render fails with what to change.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Problem, RenderError
from ..model import Document
from . import pdf
from .boxes import DRAWN, LINE_LEVEL, MM_PER_PX, Box

TOLERANCE_PX = 0.5


def smallest_text_pt(rendered: pdf.Rendered) -> float:
    """The smallest font size (pt) of any visible text on any page."""
    smallest = float("inf")
    for page in range(rendered.page_count):
        for box in pdf.boxes(rendered, page):
            if box.kind == "text" and box.text.strip():
                smallest = min(smallest, box.font_pt)
    return smallest


def too_wide(rendered: pdf.Rendered, document: Document) -> list[Problem]:
    """A word wider than its line: text laid out past the right edge of the page's text area.

    The layout engine never breaks a word that has no break opportunity, so such a
    word runs past its box and is clipped at the paper's edge. Text is never shrunk
    to fit, so this is an error that names the word (the widest on the page, which
    is what pushed the rest out) at its place in the source.
    """
    problems: list[Problem] = []
    named: set[str] = set()
    for page in range(rendered.page_count):
        page_box = pdf.page_box(rendered, page)
        right = page_box.content_x + page_box.width + TOLERANCE_PX
        over = False
        words: list[tuple[float, str]] = []
        for box in pdf.boxes(rendered, page):
            if box.kind != "text" or not box.text.strip():
                continue
            text, width = box.text, box.width
            over = over or box.x + width > right
            words.extend((width * len(word) / max(len(text), 1), word) for word in text.split())
        if not over or not words:
            continue
        widest = max(words)
        culprits = [widest] + [w for w in words if w[0] > page_box.width and w != widest]
        for width, word in culprits:
            if word in named:
                continue
            named.add(word)
            line, column = _find(document.source.text, word)
            problems.append(
                Problem(document.source.path, line, column, "word-too-wide",
                        f"the word '{_short(word)}' is wider than its line ({width * MM_PER_PX:.0f} mm at this size) and would be cut off; "
                        "text is never made smaller, so break it with a space or a hyphen, or use a shorter word")
            )
    problems.sort(key=lambda p: (p.line, p.column))
    return problems


def _find(text: str, word: str) -> tuple[int, int]:
    at = text.find(word)
    if at < 0:
        return 1, 1
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def _short(word: str) -> str:
    return word if len(word) <= 40 else word[:37] + "..."


@dataclass(frozen=True)
class Overfull:
    """A part of a poster (a box with ``data-fit``) whose content passes its edge.

    ``words`` are those of the first piece that does not fit (a tile in a group of
    tiles, a line in a tile), ``over_mm`` the largest overshoot.
    """

    part: str
    words: str
    over_mm: float
    wide_word: str = ""


def overfull_parts(rendered: pdf.Rendered) -> list[Overfull]:
    """Poster parts whose words or pictures reach past their bottom or right edge.

    The print layout gives each group of tiles a share of the sheet and never
    shrinks what is in it, so a crowded poster shows up here as tiles that reach
    below their group, and a word wider than its tile as text past the tile's
    right edge. One entry per part, in reading order.
    """
    found: dict[int, Overfull] = {}
    for page in range(rendered.page_count):
        # Each stack entry: a box, and for every part around it, (part, the part's child holding the box).
        stack: list[tuple[Box, tuple[tuple[Box, Box | None], ...]]] = [(pdf.page_box(rendered, page), ())]
        while stack:
            box, parts = stack.pop()
            for part, piece in parts:
                if box.kind not in DRAWN:
                    continue
                over_y = box.y + box.margin_height - (part.content_y + part.height)
                over_x = box.x + box.margin_width - (part.content_x + part.width)
                if max(over_y, over_x) <= TOLERANCE_PX:
                    continue
                wide = box.text.strip() if over_x > TOLERANCE_PX else ""
                over = round(max(over_y, over_x) * MM_PER_PX, 1)
                known = found.get(id(part))
                if known is None:
                    found[id(part)] = Overfull(part.attr("data-fit") or "part", (piece or box).words(), over, wide)
                elif over > known.over_mm:
                    found[id(part)] = Overfull(known.part, known.words, over, known.wide_word or wide)
            inner: tuple[tuple[Box, Box | None], ...] = tuple((part, piece or box) for part, piece in parts)
            if box.attr("data-fit") is not None:
                inner += ((box, None),)
            stack.extend((child, inner) for child in reversed(box.children))
    return list(found.values())


def verify_poster(rendered: pdf.Rendered, document: Document, floor_pt: float, fix: str = "", wider: str = "") -> None:
    """One page, nothing below the floor, nothing past its part's edge.

    ``fix`` says how to make room when the sheet is too full, ``wider`` how to get
    wider tiles when a word does not fit in one.
    """
    path = document.source.path
    for part in overfull_parts(rendered):
        if part.wide_word:
            line, column = _find(document.source.text, part.wide_word.split()[0])
            raise RenderError(Problem(path, line, column, "overflow",
                                      f"the word '{part.wide_word}' is wider than its {part.part} ('{part.words}'); "
                                      f"text is never made smaller, so use a shorter word{', or ' + wider if wider else ''}"))
        where = (f"its tiles need {part.over_mm:g} mm more height than the sheet has (from '{part.words}' on)" if part.part == "tiles"
                 else f"the {part.part} '{part.words}' needs {part.over_mm:g} mm more room")
        wide = too_wide(rendered, document)  # a word past the paper's edge is what pushed the part out
        if wide:
            raise RenderError(wide)
        raise RenderError(Problem(path, 1, 1, "overflow",
                                  f"the poster is too full: {where}; text and pictures are never made smaller, so {fix or 'cut words or tiles'}"))
    wide = too_wide(rendered, document)
    if wide:
        raise RenderError(wide)
    if rendered.page_count > 1:
        raise RenderError(
            Problem(path, 1, 1, "overflow",
                    f"the poster needs {rendered.page_count} pages but must fit on one; text is never made smaller, "
                    "so cut words from the tiles or the message, or split it into two posters")
        )
    verify_floor(rendered, path, floor_pt, "poster")


def verify_pages(rendered: pdf.Rendered, document: Document, floor_pt: float, what: str) -> None:
    """A booklet's pages: no word wider than its line, no text below the floor."""
    wide = too_wide(rendered, document)
    if wide:
        raise RenderError(wide)
    verify_floor(rendered, document.source.path, floor_pt, what)


def verify_floor(rendered: pdf.Rendered, path: str, floor_pt: float, what: str) -> None:
    """Fail when any text came out below ``floor_pt`` (posters, booklets and label parts alike)."""
    smallest = smallest_text_pt(rendered)
    if smallest < floor_pt - 0.05:
        raise RenderError(Problem(path, 1, 1, "text-too-small", f"some text is {smallest:.1f}pt, below the {what} floor of {floor_pt:g}pt"))



@dataclass(frozen=True)
class Overflow:
    """A label whose text does not fit: which row, which field, and by how much."""

    row: int
    mode: str
    field: str
    font_pt: float
    over_mm: float
    wide_word: str = ""
    part: int = 0


def _labels(rendered: pdf.Rendered, page: int) -> list[Box]:
    """The label boxes on a page (blocks with ``data-row``), outermost only."""
    found: list[Box] = []
    stack = [pdf.page_box(rendered, page)]
    while stack:
        box = stack.pop()
        if box.attr("data-row") is not None and box.kind == "block":
            found.append(box)
            continue
        stack.extend(box.children)
    return found


def label_overflows(rendered: pdf.Rendered) -> list[Overflow]:
    """Every label (a box with ``data-row``) whose content passes its edges.

    Labels are packed from measured blocks, so this should find nothing; it is the
    check that the packing held on the finished pages. Every line, word and picture
    must sit inside the label's content box, and the body must end above the footer.
    The first field that passes an edge is the one named.
    """
    found: dict[tuple[int, str, int], Overflow] = {}
    for page in range(rendered.page_count):
        for label in _labels(rendered, page):
            key = (int(label.attr("data-row") or 0), label.attr("data-mode") or "", int(label.attr("data-part") or 0))
            left, top = label.content_x, label.content_y
            right, bottom = left + label.width, top + label.height
            foot = next((c for c in label.children if c.attr("class") == "foot"), None)
            body_bottom = foot.y if foot is not None else bottom
            stack: list[tuple[Box, str, float]] = [(child, "", body_bottom if child is not foot else bottom) for child in reversed(label.children)]
            while stack and key not in found:
                box, field, limit = stack.pop()
                field = box.attr("data-field") or field
                if box.kind in LINE_LEVEL and field:
                    # A text box is as tall as its font's full ascent and descent, which the line's
                    # line-height may trim: lines and pictures are what must end above the limit.
                    over_y = box.y + box.height - limit if box.kind != "text" else 0.0
                    over_x = max(box.x + box.width - right, left - box.x)
                    if over_y > TOLERANCE_PX or over_x > TOLERANCE_PX:
                        word = box.text if over_x > TOLERANCE_PX else ""
                        found[key] = Overflow(key[0], key[1], field, round(box.font_pt, 1), round(max(over_y, over_x) * MM_PER_PX, 1), word.strip(), key[2])
                stack.extend((child, field, limit) for child in reversed(box.children))
    return list(found.values())


def text_below_floor(rendered: pdf.Rendered, floors: dict[str, float], footer_fields: frozenset[str], footer_floor: float) -> list[tuple[int, str, float, float]]:
    """(row, field, size, floor) for label text below its floor: the mode's, or the footer's."""
    low: list[tuple[int, str, float, float]] = []
    for page in range(rendered.page_count):
        for label in _labels(rendered, page):
            mode = label.attr("data-mode") or ""
            row = int(label.attr("data-row") or 0)
            stack: list[tuple[Box, str]] = [(label, "")]
            while stack:
                box, field = stack.pop()
                field = box.attr("data-field") or field
                if box.kind == "text" and box.text.strip():
                    size = box.font_pt
                    floor = footer_floor if field in footer_fields and mode != "standard" else floors.get(mode, 0.0)
                    if size < floor - 0.05:
                        low.append((row, field, round(size, 1), floor))
                stack.extend((child, field) for child in box.children)
    return low
