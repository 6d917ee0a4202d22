"""A URL fetcher for WeasyPrint that serves only allowed local files and ``data:``.

Content is untrusted, so the renderer never touches the network and never reads a
file outside the project, the tool's icons and templates, and the font folders.
SVG files are sanitised on the way in (no scripts, no event handlers, no external
references), and anything refused stops the render with a clear reason.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..project import is_inside


class RefusedResource(FatalURLFetchingError):
    """Raised when a document asks for something it may not have."""


_SCRIPT = re.compile(r"<\s*(script|foreignObject|iframe|object|embed)\b.*?(</\s*\1\s*>|/>)", re.I | re.S)
_EVENTS = re.compile(r"\s+on[a-z]+\s*=\s*(\"[^\"]*\"|'[^']*')", re.I)
_EXTERNAL_HREF = re.compile(r"\s+(xlink:)?href\s*=\s*(\"(?!#|data:image/)[^\"]*\"|'(?!#|data:image/)[^']*')", re.I)
_ENTITY = re.compile(r"<!ENTITY", re.I)


def sanitise_svg(data: bytes) -> bytes:
    """Strip what can run or fetch from an SVG; refuse entity declarations outright."""
    text = data.decode("utf-8", errors="replace")
    if _ENTITY.search(text):
        raise RefusedResource("SVG with <!ENTITY> declarations is refused (it can expand without limit)")
    text = _SCRIPT.sub("", text)
    text = _EVENTS.sub("", text)
    text = _EXTERNAL_HREF.sub("", text)
    return text.encode("utf-8")


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
            data = sanitise_svg(data)
            mime = "image/svg+xml"
        return URLFetcherResponse(path.resolve().as_uri(), body=data, headers={"Content-Type": mime})
