"""A URL fetcher for WeasyPrint that serves only allowed local files and ``data:``.

Content is untrusted, so the renderer never touches the network and never reads a
file outside the project, the tool's icons and templates, and the font folders.
SVG files are cleaned on the way in (no scripts, no event handlers, no external
references) and raster pictures are served as prepared by ``photos`` (upright, no
metadata, no bigger than print needs); anything refused stops the render with a
clear reason.

This is a sub-module of the WeasyPrint adapter (``render/pdf.py``) by design: the
fetcher is the hook WeasyPrint calls back for every file, so it subclasses
WeasyPrint's ``URLFetcher``. The cleaning itself lives in ``pictures/files.py``,
which does not import WeasyPrint, so the HTML page can use it without the engine.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlparse

from .libraries import import_quickly

import_quickly("weasyprint")  # before the first WeasyPrint import: it finds its C libraries quicker so

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..pictures.files import PictureRefused, clean_svg, clean_svg_file
from ..project import is_inside
from .photos import for_print

RASTER_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".heif"}


class RefusedResource(FatalURLFetchingError):  # type: ignore[misc]  # WeasyPrint ships no types
    """Raised when a document asks for something it may not have."""


class _Prepared(URLFetcherResponse):  # type: ignore[misc]  # WeasyPrint ships no types
    """Bytes made from a file (a cleaned SVG, a prepared photo), not the file itself.

    WeasyPrint reads an image again from ``response.path`` when it can; that would
    bring back the metadata and pixels we took out, so there is no path.
    """

    @property
    def path(self) -> None:
        return None


def sanitise_svg(data: bytes) -> bytes:
    """An SVG without scripts, event handlers, links or external references; refuse what cannot be cleaned."""
    try:
        return clean_svg(data).data
    except PictureRefused as exc:
        raise RefusedResource(str(exc)) from None


class SafeFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
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
        suffix = path.suffix.lower()
        try:
            if suffix == ".svg":
                return _Prepared(path.resolve().as_uri(), body=clean_svg_file(path).data, headers={"Content-Type": "image/svg+xml"})
            if suffix in RASTER_TYPES:
                photo = for_print(path)
                return _Prepared(path.resolve().as_uri(), body=photo.data, headers={"Content-Type": photo.mime})
        except PictureRefused as exc:
            self.refused.append(url)
            raise RefusedResource(str(exc)) from None
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.resolve().as_uri(), body=path.read_bytes(), headers={"Content-Type": mime})
