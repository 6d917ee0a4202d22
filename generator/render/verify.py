"""Checks on the laid-out pages: the things only layout can tell.

Text is never shrunk to fit. If a poster needs a second page, or any text came
out below the product's floor, the render fails with what to change.
"""

from __future__ import annotations

from ..errors import Problem, RenderError
from ..model import Document
from . import pdf

PX_PER_PT = 4 / 3


def smallest_text_pt(rendered: pdf.Rendered) -> float:
    """The smallest font size (pt) of any visible text on any page."""
    smallest = float("inf")
    for page in range(rendered.page_count):
        for box in pdf.boxes(rendered, page):
            if type(box).__name__ == "TextBox" and getattr(box, "text", "").strip():
                smallest = min(smallest, box.style["font_size"] / PX_PER_PT)
    return smallest


def verify_poster(rendered: pdf.Rendered, document: Document, floor_pt: float) -> None:
    path = document.source.path
    if rendered.page_count > 1:
        raise RenderError(
            Problem(path, 1, 1, "overflow",
                    f"the poster needs {rendered.page_count} pages but must fit on one; text is never made smaller, "
                    "so cut words from the tiles or the message, or split it into two posters")
        )
    smallest = smallest_text_pt(rendered)
    if smallest < floor_pt - 0.05:
        raise RenderError(Problem(path, 1, 1, "text-too-small", f"some text is {smallest:.1f}pt, below the poster floor of {floor_pt:g}pt"))


def verify_floor(rendered: pdf.Rendered, document: Document, floor_pt: float, what: str) -> None:
    smallest = smallest_text_pt(rendered)
    if smallest < floor_pt - 0.05:
        raise RenderError(
            Problem(document.source.path, 1, 1, "text-too-small", f"some text is {smallest:.1f}pt, below the {what} floor of {floor_pt:g}pt")
        )
