"""Where pictures and words are drawn on a PDF page, in mm from the top-left corner.

A picture is a /Figure marked-content sequence. WeasyPrint clips it to the
picture's box (``x y w h re W n``) just before the sequence, then draws the
picture inside: an SVG as paths, a photo as an image XObject. So the picture's
box is that clip rectangle, or the image's unit square, mapped through the
current transformation matrix. Words come from ``conftest.text_runs``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf

MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class Box:
    """A rectangle on the page in mm: left, top, width, height (y grows downwards)."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def middle(self) -> float:
        return self.top + self.height / 2


def multiply(m: list[float], n: list[float]) -> list[float]:
    """The matrix product m x n, for PDF's [a b c d e f] matrices."""
    return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]]


def _rect(ctm: list[float], x: float, y: float, w: float, h: float, page_height: float) -> Box:
    corners = [(x, y), (x + w, y), (x, y + h), (x + w, y + h)]
    points = [(ctm[0] * px + ctm[2] * py + ctm[4], ctm[1] * px + ctm[3] * py + ctm[5]) for px, py in corners]
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return Box(min(xs) * MM_PER_PT, (page_height - max(ys)) * MM_PER_PT, (max(xs) - min(xs)) * MM_PER_PT, (max(ys) - min(ys)) * MM_PER_PT)


def figure_boxes(data: bytes, page: int = 0) -> list[Box]:
    """The box of every picture (/Figure) on a page, in drawing order."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        target = pdf.pages[page]
        page_height = float(target.mediabox[3]) - float(target.mediabox[1])
        images = {str(k) for k, v in target.Resources.get("/XObject", {}).items() if v.get("/Subtype") == "/Image"}
        ctm = [1.0, 0, 0, 1.0, 0, 0]
        stack: list[list[float]] = []
        last_rect: Box | None = None
        boxes: list[Box] = []
        depth = 0  # marked-content nesting inside the current figure
        image_box: Box | None = None
        for operands, operator in pikepdf.parse_content_stream(target):
            op = str(operator)
            if op == "q":
                stack.append(ctm)
            elif op == "Q":
                ctm = stack.pop()
            elif op == "cm":
                ctm = multiply([float(v) for v in operands], ctm)
            elif op == "re" and not depth:
                last_rect = _rect(ctm, *(float(v) for v in operands), page_height)
            elif op == "BDC" and not depth and str(operands[0]) == "/Figure":
                depth, image_box = 1, None
            elif op in ("BDC", "BMC") and depth:
                depth += 1
            elif op == "Do" and depth and str(operands[0]) in images:
                image_box = _rect(ctm, 0, 0, 1, 1, page_height)
            elif op == "EMC" and depth:
                depth -= 1
                if not depth:
                    found = image_box or last_rect
                    assert found is not None, "a figure with no box"
                    boxes.append(found)
        return boxes
