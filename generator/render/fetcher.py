"""A URL fetcher for WeasyPrint that serves only allowed local files and ``data:``.

This is a sub-module of the WeasyPrint adapter (``render/pdf.py``) by design: the
fetcher is the hook WeasyPrint calls back for every file, so it subclasses
WeasyPrint's ``URLFetcher`` and only ``render/pdf.py`` uses it. The SVG cleaning
it applies lives in ``render/svg.py``, which does not import WeasyPrint.

Content is untrusted, so the renderer never touches the network and never reads a
file outside the project, the tool's icons and templates, and the font folders.
SVG files are sanitised on the way in (no scripts, no event handlers, no external
references), and anything refused stops the render with a clear reason.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..project import is_inside
from .svg import UnsafeSvg, sanitise_svg


class RefusedResource(FatalURLFetchingError):
    """Raised when a document asks for something it may not have."""


class SafeFetcher(URLFetcher):
    """Serve ``file:`` URLs below ``roots`` and ``data:`` URLs; refuse the rest."""

    def __init__(self, roots: Iterable[Path]) -> None:
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True, timeout=1)
        self.roots = tuple(root.resolve() for root in roots)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            self.refused.append(url)
            raise RefusedResource(f"refused to load '{url}': only files inside the project are used")
        path = Path(unquote(urlparse(url).path))
        if not any(is_inside(path, root) for root in self.roots) or not path.is_file():
            self.refused.append(url)
            raise RefusedResource(f"refused to load '{path}': it is not a file inside the project")
        data = path.read_bytes()
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix.lower() == ".svg":
            try:
                data = sanitise_svg(data)
            except UnsafeSvg as exc:
                raise RefusedResource(str(exc)) from None
            mime = "image/svg+xml"
        return URLFetcherResponse(path.resolve().as_uri(), body=data, headers={"Content-Type": mime})
