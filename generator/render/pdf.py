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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from weasyprint import HTML
from weasyprint.document import Document as LaidOut

from ..errors import Problem, RenderError
from .fetcher import RefusedResource, SafeFetcher

LOG = logging.getLogger("easyread")
PDF_VARIANT = "pdf/ua-1"
PRINT_PPI = 300


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


def layout(html: str, path: str, roots: Sequence[Path], base: Path) -> Rendered:
    """Lay out ``html``; ``path`` names the source file in any problem reported."""
    harfbuzz_subset_missing()
    fetcher = SafeFetcher(roots)
    with _weasyprint_problems(path):
        # dpi: every raster picture is embedded at no more than 300 ppi at the size it is drawn.
        document = HTML(string=html, base_url=str(base.resolve()) + "/", url_fetcher=fetcher).render(
            pdf_variant=PDF_VARIANT, pdf_tags=True, dpi=PRINT_PPI
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
