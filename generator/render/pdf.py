"""The WeasyPrint adapter: HTML string in, laid-out pages, plain boxes or PDF bytes out.

This module and its sub-modules ``render/fetcher.py`` (the sandboxed URL fetcher
WeasyPrint calls back) and ``render/patches.py`` (changes to WeasyPrint's own
behaviour) are the only ones that import WeasyPrint; a test holds
every other module to that (tests/test_architecture.py). Everything else gets
plain data from here: ``Rendered`` (a page count), ``boxes``/``pages`` (frozen
``render.boxes.Box`` values: kind, position, words, type size, element
attributes) and PDF bytes. No other module walks WeasyPrint's box tree.

It renders with the sandboxed fetcher, as tagged PDF/UA-1, with fixed metadata
dates and identifier so the same source gives the same bytes. WeasyPrint
degrades quietly (a missing image becomes its alt text); for us that is unsafe,
so any WeasyPrint warning or error during a render becomes a ``RenderError``.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .libraries import import_quickly

import_quickly("weasyprint")  # before the first WeasyPrint import: it finds its C libraries quicker so

from weasyprint import CSS, HTML
from weasyprint.document import Document as LaidOut
from weasyprint.document import Page
from weasyprint.formatting_structure import boxes as box_types
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.text.fonts import FontConfiguration

from ..errors import Problem, RenderError
from . import patches, tags
from .boxes import NO_ATTRS, PX_PER_PT, Box
from .fetcher import RefusedResource, SafeFetcher
from .fonts import font_face_css

LOG = logging.getLogger("easyread")
PDF_VARIANT = "pdf/ua-1"
PRINT_PPI = 300


@cache
def harfbuzz_subset_missing() -> bool:
    """True when libharfbuzz-subset is absent: WeasyPrint then subsets fonts up to 14x slower."""
    from weasyprint.text.ffi import harfbuzz_subset  # what WeasyPrint itself found (None when it is not there)

    missing = harfbuzz_subset is None
    if missing:
        LOG.warning(
            "libharfbuzz-subset is not installed, so PDF writing is slow; "
            "install it with 'sudo apt-get install libharfbuzz-subset0' (Debian/Ubuntu)"
        )
    return missing


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_problems(path: str) -> Iterator[None]:
    """Turn WeasyPrint's logged warnings and our refusals into one RenderError."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    previous = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    except RefusedResource as exc:
        raise RenderError(Problem(path, 1, 1, "render-resource", str(exc))) from None
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous
    if handler.messages:
        raise RenderError([Problem(path, 1, 1, "render", message) for message in handler.messages])


@dataclass(frozen=True)
class LinkHint:
    """One link annotation as the layout knew it: where it goes and the words it shows."""

    target: str
    words: str


@dataclass(frozen=True)
class Rendered:
    """A laid-out document: pages to inspect before any bytes are written."""

    path: str
    laid_out: LaidOut
    identifier: bytes
    plain_pages: dict[int, Box] = field(default_factory=dict, compare=False, repr=False)  # filled by ``pages``

    @property
    def page_count(self) -> int:
        return len(self.laid_out.pages)


@dataclass(frozen=True)
class Styles:
    """A stylesheet and its fonts, parsed once and reused for every document of a process,
    and the pictures those documents use (each icon is read and parsed once)."""

    css: CSS
    fonts: FontConfiguration
    images: dict[str, object]


# Keyed by process id too: a worker forked from a parent that already parsed the
# styles builds its own (font configurations hold temporary files and C state).
_STYLES: dict[tuple[int, str, tuple[Path, ...]], Styles] = {}


def styles(css: str, roots: Sequence[Path]) -> Styles:
    """The embedded fonts and ``css``, parsed on first use in this process."""
    key = (os.getpid(), css, tuple(roots))
    found = _STYLES.get(key)
    if found is None:
        fonts = FontConfiguration()
        with _weasyprint_problems("stylesheet"):
            found = Styles(CSS(string=font_face_css() + "\n" + css, url_fetcher=SafeFetcher(roots), font_config=fonts), fonts, {})
        _STYLES[key] = found
    return found


def forget_styles() -> None:
    """Drop this process's parsed styles, so their font files are removed now."""
    _STYLES.clear()


def layout(html: str, path: str, roots: Sequence[Path], base: Path, css: str | None = None) -> Rendered:
    """Lay out ``html``; ``path`` names the source file in any problem reported.

    With ``css``, the fonts and that stylesheet come from ``styles`` (parsed once
    per process) instead of the document's own ``<style>``: label batches lay out
    many documents that share one stylesheet.
    """
    harfbuzz_subset_missing()
    fetcher = SafeFetcher(roots)
    shared = styles(css, roots) if css is not None else None
    with _weasyprint_problems(path):
        # dpi: every raster picture is embedded at no more than 300 ppi at the size it is drawn.
        document = HTML(string=html, base_url=str(base.resolve()) + "/", url_fetcher=fetcher).render(
            stylesheets=[shared.css] if shared else None, font_config=shared.fonts if shared else None,
            cache=shared.images if shared else None, pdf_variant=PDF_VARIANT, pdf_tags=True, dpi=PRINT_PPI
        )
    identifier = hashlib.md5(html.encode("utf-8")).hexdigest().encode("ascii")
    return Rendered(path, document, identifier)


# 2024-01-01, the fixed date of every output (render/html.py FIXED_DATE), in Unix seconds.
FONT_EPOCH = "1704067200"


@contextmanager
def _fixed_font_dates() -> Iterator[None]:
    """Stamp fonts with a fixed date while a PDF is written, so the same source gives the same bytes.

    A letter the main font lacks (Welsh ŵ and ŷ) is drawn from Arimo, a variable
    font; WeasyPrint makes a static instance of it with fontTools, which writes the
    current time into the font's 'head' table unless SOURCE_DATE_EPOCH is set.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = FONT_EPOCH
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def pdf_bytes(rendered: Rendered, product: str = "") -> bytes:
    """Write the laid-out pages as tagged PDF/UA-1 with a stable identifier, tags repaired (``tags.py``).

    ``product`` (booklet, poster, labels-large-print...) is recorded in the file so
    ``easyread verify`` holds it to that product's thresholds.
    """
    hints = link_hints(rendered)
    patches.tag_languages()
    patches.quicker_svg()
    with _weasyprint_problems(rendered.path), _fixed_font_dates():
        data = rendered.laid_out.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=rendered.identifier, pdf_tags=True, custom_metadata=True,
                                           finisher=lambda _, pdf: tags.repair(pdf, hints, product))
    assert isinstance(data, bytes)
    return data


@dataclass(frozen=True)
class Piece:
    """A block written on a page of its own by ``pieces_pdf``: its page there, and where it
    was laid out (CSS px from the top-left of that page, margin box)."""

    page: int
    x: float
    y: float
    width: float
    height: float


def pieces_pdf(sources: Sequence[tuple[Rendered, Sequence[tuple[int, int]]]], product: str, column_attr: str = "data-group") -> tuple[list[Piece], bytes]:
    """Write chosen blocks of laid-out columns each on a page of its own, without laying them out again.

    Label batches lay each distinct block out once, in columns (a column is a box
    whose element has ``column_attr``, numbered from 0). ``sources`` names, for each
    laid-out document, the blocks to write as (column, block index). Each is written
    on its own page, with nothing else there (no page or body background), so
    ``render.compose`` can copy a block's drawing and tags onto every label that
    shows it. Documents laid out with the same stylesheet and fonts share one set of
    fonts in the file. Returns the pieces in the order asked for, and the tagged PDF.
    """
    alone: list[Page] = []
    pieces: list[Piece] = []
    for rendered, wanted in sources:
        found: dict[tuple[int, int], tuple[list[Any], Any]] = {}
        counts: dict[int, int] = {}
        for page in rendered.laid_out.pages:
            for chain, column in _columns(page._page_box, column_attr):
                group = int(column.element.get(column_attr))
                for block in column.children:
                    found[(group, counts.get(group, 0))] = ([*chain, column], block)
                    counts[group] = counts.get(group, 0) + 1
        for key in wanted:
            chain, block = found[key]
            pieces.append(Piece(len(alone), block.position_x, block.position_y, block.margin_width(), block.margin_height()))
            alone.append(Page(_only(chain, block)))
    first = sources[0][0]
    document = first.laid_out.copy(alone)
    hints: list[list[LinkHint]] = [[] for _ in alone]
    patches.tag_languages()
    patches.cache_page_references()
    patches.quicker_svg()
    with _weasyprint_problems(first.path), _fixed_font_dates():
        data = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=first.identifier, pdf_tags=True, custom_metadata=True,
                                  finisher=lambda _, pdf: tags.repair(pdf, hints, product))
    assert isinstance(data, bytes)
    return pieces, data


def _columns(page_box: Any, attr: str) -> Iterator[tuple[list[Any], Any]]:
    """(ancestors from the page box down, column) for every box whose element has ``attr``."""
    stack: list[tuple[list[Any], Any]] = [([], page_box)]
    while stack:
        chain, box = stack.pop()
        element = getattr(box, "element", None)
        if not isinstance(box, box_types.PageBox) and element is not None and element.get(attr) is not None and box.element_tag != "html":
            yield chain, box
            continue
        stack.extend(([*chain, box], child) for child in reversed(getattr(box, "children", ())) if not isinstance(child, box_types.MarginBox))


def _only(chain: list[Any], block: Any) -> Any:
    """A copy of the page box holding ``block`` and its ancestors, and nothing they paint themselves."""
    child = block
    for box in reversed(chain):
        child = box.copy_with_children([child])
        child.background = None
        if isinstance(child, box_types.PageBox):
            child.canvas_background = None
    return child


def link_hints(rendered: Rendered) -> list[list[LinkHint]]:
    """Keep one link annotation per link, and say in words where each one goes.

    WeasyPrint gives every box inside an ``<a>`` its own annotation (the span, the
    ``::after`` with the page number...), so one contents line had four overlapping
    links. A link whose ancestor box already links to the same place is dropped
    before the PDF is written. This must run before ``write_pdf``, which reads
    ``page.links``.
    """
    hints: list[list[LinkHint]] = []
    for page in rendered.laid_out.pages:
        if not page.links:
            hints.append([])
            continue
        linked = {id(box): (kind, target) for kind, target, _, box in page.links}
        inside: set[int] = set()
        stack: list[tuple[Any, tuple[str, str] | None]] = [(page._page_box, None)]
        while stack:
            box, above = stack.pop()
            mine = linked.get(id(box))
            if mine is not None and above == mine:
                inside.add(id(box))
            carried = mine if mine is not None else above
            stack.extend((child, carried) for child in getattr(box, "all_children", lambda: ())())
        page.links[:] = [link for link in page.links if id(link[3]) not in inside]
        hints.append([LinkHint(target, _words(box)) for kind, target, _, box in page.links if kind in ("internal", "external")])
    return hints


def _words(box: object, pseudo: bool = False) -> str:
    """The text a reader sees in a link (and the alt text of any picture in it).

    Generated content (the contents page's leader and page number) is left out
    unless the link has no other words.
    """
    parts = []
    stack = [box]
    while stack:
        current = stack.pop()
        if not pseudo and "::" in (getattr(current, "element_tag", None) or ""):
            continue
        text = getattr(current, "text", None)
        if isinstance(text, str):
            parts.append(text)
        element = getattr(current, "element", None)
        if type(current).__name__.endswith("ReplacedBox") and element is not None and element.get("alt"):
            parts.append(f" {element.get('alt')} ")
        stack.extend(reversed(list(getattr(current, "all_children", lambda: ())())))
    words = " ".join("".join(parts).split())
    return words if words or pseudo else _words(box, pseudo=True)


def boxes(rendered: Rendered, page: int = 0) -> Iterator[Box]:
    """Every laid-out box on a page as plain data, in document order (page box first)."""
    return page_box(rendered, page).walk()


def page_box(rendered: Rendered, page: int) -> Box:
    """Page ``page`` (0-based) as a plain ``Box`` tree, made on first use and kept."""
    found = rendered.plain_pages.get(page)
    if found is None:
        found = rendered.plain_pages[page] = _plain(rendered.laid_out.pages[page]._page_box, {})
    return found


def pages(rendered: Rendered) -> tuple[Box, ...]:
    """Every page as a plain ``Box`` tree."""
    return tuple(page_box(rendered, page) for page in range(rendered.page_count))


# WeasyPrint's box classes by kind. Exact classes, not subclasses: a table
# caption is a BlockBox subclass but not a plain block.
_KINDS: dict[type, str] = {
    box_types.PageBox: "page", box_types.MarginBox: "margin", box_types.BlockBox: "block", box_types.LineBox: "line",
    box_types.InlineBox: "inline", box_types.TextBox: "text",
    box_types.InlineReplacedBox: "picture", box_types.BlockReplacedBox: "picture",
    box_types.TableBox: "table", box_types.InlineTableBox: "table",
    box_types.FlexBox: "flex", box_types.InlineFlexBox: "flex", box_types.GridBox: "grid", box_types.InlineGridBox: "grid",
}


def _plain(box: Any, elements: dict[int, tuple[str, Mapping[str, str]]]) -> Box:
    """``box`` and its children as frozen ``Box`` values (``elements`` caches each element's tag and attributes)."""
    if isinstance(box, AbsolutePlaceholder):  # an absolutely placed box (a label on a sheet) stands in the tree behind this proxy
        box = box._box
    element = getattr(box, "element", None)
    tag, attrs = "", NO_ATTRS
    if element is not None:
        known = elements.get(id(element))
        if known is None:
            attributes = getattr(element, "attrib", None)
            known = elements[id(element)] = (str(getattr(element, "tag", "")).rsplit("}", 1)[-1],
                                             MappingProxyType(dict(attributes)) if attributes else NO_ATTRS)
        tag, attrs = known
    text = box.text if type(box) is box_types.TextBox else ""
    return Box(_KINDS.get(type(box), "other"), box.position_x, box.position_y, box.margin_width(), box.margin_height(),
               box.content_box_x(), box.content_box_y(), box.width, box.height, box.style["font_size"] / PX_PER_PT,
               text, tag, id(element) if element is not None else 0, attrs,
               tuple(_plain(child, elements) for child in getattr(box, "children", ())))
