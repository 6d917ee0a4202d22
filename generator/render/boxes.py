"""Laid-out boxes as plain data: what the layout checks read, with no WeasyPrint in sight.

``render.pdf`` (the WeasyPrint adapter) turns WeasyPrint's box tree into these
frozen ``Box`` values once per page; the checks in ``render.verify``,
``render.measure`` and the preview read only them. So a WeasyPrint upgrade that
renames a box class or moves a private attribute is fixed in one place, and the
checks can be tested on boxes made by hand.

Geometry is in CSS pixels (96 per inch) from the page's top-left corner, as the
layout engine reports it: ``x``/``y`` are the margin box's corner,
``content_x``/``content_y`` the content box's, ``width``/``height`` the content
box's size, ``margin_width``/``margin_height`` the margin box's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

PX_PER_PT = 4 / 3
MM_PER_PX = 25.4 / 96

NO_ATTRS: Mapping[str, str] = MappingProxyType({})

# The kinds a box can have. ``block`` is a plain block container (a div, a p)
# and not a table, flex or grid container, which have kinds of their own.
KINDS = ("page", "margin", "block", "line", "inline", "text", "picture", "table", "flex", "grid", "other")
DRAWN = frozenset({"text", "picture"})  # boxes that put ink on the page
LINE_LEVEL = frozenset({"line", "text", "picture"})  # the pieces a label's fields are made of


@dataclass(frozen=True, slots=True)
class Box:
    """One laid-out box: its kind, where it is, its words and type size, and its HTML element.

    ``element`` identifies the HTML element the box was made for (boxes of one
    element share it; 0 when there is none), ``tag`` is that element's name and
    ``attrs`` its attributes. Anonymous boxes (a paragraph's lines) carry their
    parent element's, as in the layout engine.
    """

    kind: str
    x: float
    y: float
    margin_width: float
    margin_height: float
    content_x: float
    content_y: float
    width: float
    height: float
    font_pt: float
    text: str = ""
    tag: str = ""
    element: int = 0
    attrs: Mapping[str, str] = field(default_factory=lambda: NO_ATTRS)
    children: tuple[Box, ...] = ()

    def attr(self, name: str) -> str | None:
        """The element's attribute ``name``, or None."""
        return self.attrs.get(name)

    def walk(self) -> Iterator[Box]:
        """This box and every box inside it, in document order."""
        stack = [self]
        while stack:
            box = stack.pop()
            yield box
            stack.extend(reversed(box.children))

    def words(self) -> str:
        """The visible words inside this box, spaces normalised."""
        return " ".join(" ".join(box.text for box in self.walk() if box.kind == "text").split())
