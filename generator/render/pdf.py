"""The WeasyPrint adapter: HTML string in, laid-out pages or PDF bytes out.

This is the only module that imports WeasyPrint. It renders with a sandboxed
fetcher, as tagged PDF/UA-1, with fixed metadata dates and identifier so the same
source gives the same bytes. WeasyPrint degrades quietly (a missing image becomes
its alt text); for us that is unsafe, so any WeasyPrint warning or error during a
render becomes a ``RenderError``.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.document import Document as LaidOut
from weasyprint.text.fonts import FontConfiguration

from ..errors import Problem, RenderError
from .fetcher import RefusedResource, SafeFetcher
from .fonts import font_face_css

LOG = logging.getLogger("easyread")
PDF_VARIANT = "pdf/ua-1"


@cache
def harfbuzz_subset_missing() -> bool:
    """True when libharfbuzz-subset is absent: WeasyPrint then subsets fonts up to 14x slower."""
    missing = ctypes.util.find_library("harfbuzz-subset") is None
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
class Rendered:
    """A laid-out document: pages to inspect before any bytes are written."""

    path: str
    laid_out: LaidOut
    identifier: bytes

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
        document = HTML(string=html, base_url=str(base.resolve()) + "/", url_fetcher=fetcher).render(
            stylesheets=[shared.css] if shared else None, font_config=shared.fonts if shared else None,
            cache=shared.images if shared else None, pdf_variant=PDF_VARIANT, pdf_tags=True
        )
    identifier = hashlib.md5(html.encode("utf-8")).hexdigest().encode("ascii")
    return Rendered(path, document, identifier)


def pdf_bytes(rendered: Rendered) -> bytes:
    """Write the laid-out pages as tagged PDF/UA-1 with a stable identifier."""
    with _weasyprint_problems(rendered.path):
        data = rendered.laid_out.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=rendered.identifier, pdf_tags=True, custom_metadata=True)
    assert data is not None
    return data


def boxes(rendered: Rendered, page: int = 0) -> Iterator[object]:
    """Every layout box on a page (for overflow checks on fixed-size regions)."""
    stack = [rendered.laid_out.pages[page]._page_box]
    while stack:
        box = stack.pop()
        yield box
        stack.extend(reversed(getattr(box, "children", [])))
