"""Changes to WeasyPrint's own behaviour, each applied once per process: part of the adapter.

``render/pdf.py`` calls these before it writes a PDF. Each one says what
WeasyPrint 70 does, why that is wrong or slow for us, and what it does instead;
each keeps WeasyPrint's output the same except where it says so (``/Lang``).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from weasyprint.formatting_structure import boxes as box_types


@cache
def tag_languages() -> None:
    """Give each structure element the language of its HTML element (``/Lang``).

    WeasyPrint 70 writes the document's language into the catalog but not onto the
    paragraphs, so in a bilingual booklet a screen reader would read the English
    column with a Welsh voice. Its tagger builds one structure element per box in
    ``pdf.tags._build_box_tree``, which calls itself by name for the children; this
    wraps it to copy a ``lang`` attribute onto the element built for that box.
    Children inherit ``/Lang`` from their parent, as in HTML.
    """
    import pydyf
    from weasyprint.pdf import tags

    original = tags._build_box_tree

    def build(box: Any, *args: Any) -> Iterator[Any]:
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None and hasattr(element, "get") else None
        own = lang and getattr(box, "element_tag", None) not in ("html", "body") and not isinstance(box, (box_types.PageBox, box_types.MarginBox))
        for built in original(box, *args):
            if own and "Lang" not in built:
                built["Lang"] = pydyf.String(lang)
            yield built

    tags._build_box_tree = build


@cache
def cache_page_references() -> None:
    """Make pydyf's ``PDF.page_references`` cheap to ask for again.

    WeasyPrint's tagger asks for the list of page references once for every tagged
    box, and pydyf builds it afresh from the page tree each time: quadratic in the
    pages of a document (a label batch's blocks are hundreds of one-block pages).
    Pages are only ever added, so the list is kept and rebuilt when the count changes.
    """
    import pydyf

    def page_references(self: Any) -> tuple[bytes, ...]:
        kids = self.pages["Kids"]
        cached: tuple[int, tuple[bytes, ...]] | None = self.__dict__.get("_easyread_page_references")
        if cached is None or cached[0] != len(kids):
            cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
            self.__dict__["_easyread_page_references"] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references)


# The drawing of each SVG path, by its data and what its units are measured against:
# (d, font size, viewport width, viewport height) -> (content-stream operators, vertices).
PATHS: dict[tuple[str, float, float, float], tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
PATHS_KEPT = 20_000  # paths remembered per process (a few MB); later ones are drawn as usual
# WeasyPrint's own functions that ``quicker_svg`` stands in for: (module or table, name, function).
SVG_ORIGINALS: list[tuple[Any, str, Any]] = []


@cache
def quicker_svg() -> None:
    """Draw SVG pictures with less work and the same bytes.

    Parsing path data is most of the time a booklet takes to write. Three things
    WeasyPrint does there are done more cheaply here, each giving exactly what
    WeasyPrint's own code gives (a test compares the files):

    - A path drawn before (the same icon on several pages; a picture sheet draws
      hundreds) repeats the operators of its first drawing. They depend only on the
      path data, the font size and the viewport its units are measured against;
      the marker vertices are repeated too. A path that fails to parse is not kept.
    - ``utils.size`` of a plain number returns ``float(string)`` before anything
      else, as WeasyPrint's does, but without an import statement and a context
      manager on each of the 50,000 calls a booklet makes.
    - ``utils.point`` takes the first two numbers off a normalised string by
      splitting at its first two spaces, where WeasyPrint matches a regular
      expression ``(.*?) (.*?)(?: |$)`` that means the same (normalised strings hold
      no newlines) and copies the rest.
    """
    import importlib

    # By module name: the package's ``path``, ``text`` and ``bounding_box`` are functions that hide their modules.
    svg, utils, defs, path, shapes, text, bounding_box = (
        importlib.import_module(f"weasyprint.svg{name}") for name in ("", ".utils", ".defs", ".path", ".shapes", ".text", ".bounding_box"))
    draw_path, size, point, point_error = svg.TAGS["path"], utils.size, utils.point, utils.PointError

    def kept_path(image: Any, node: Any, font_size: float) -> None:
        key = (node.get("d", ""), font_size, image.inner_width, image.inner_height)
        kept = PATHS.get(key)
        operators, vertices = image.stream.stream, node.vertices
        if kept is not None:
            operators.extend(kept[0])
            vertices.extend(kept[1])
            return
        drawn, marked = len(operators), len(vertices)
        draw_path(image, node, font_size)
        if len(PATHS) < PATHS_KEPT:
            PATHS[key] = (tuple(operators[drawn:]), tuple(list(vertices)[marked:]))

    def number(string: Any, font_size: float | None = None, percentage_reference: float | None = None) -> Any:
        if not string:
            return 0
        try:
            return float(string)
        except ValueError:
            return size(string, font_size, percentage_reference)

    def first_point(image: Any, string: str, font_size: float) -> tuple[Any, ...]:
        parts = string.split(" ", 2)
        if len(parts) < 2:
            raise point_error
        return (*image.point(parts[0], parts[1], font_size), parts[2] if len(parts) > 2 else "")

    SVG_ORIGINALS.append((svg.TAGS, "path", draw_path))
    svg.TAGS["path"] = kept_path
    for module in (svg, utils, defs, text):
        SVG_ORIGINALS.append((module, "size", size))
        setattr(module, "size", number)  # noqa: B010  # every module that imported it by name
    for module in (utils, path, shapes, bounding_box):
        SVG_ORIGINALS.append((module, "point", point))
        setattr(module, "point", first_point)  # noqa: B010
