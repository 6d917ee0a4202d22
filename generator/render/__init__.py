"""Render stage: ``Document`` to HTML through the product's template.

The product preset names its template; the matching view builder lives beside it.
PDF output goes through ``render.pdf``, the only module that imports WeasyPrint.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import Problem, RenderError
from ..model import Document
from ..presets import Preset
from .bilingual import render_bilingual
from .booklet import render_booklet
from .html import Target
from .poster import render_poster

RENDERERS: dict[str, Callable[[Document, Preset, Target], str]] = {
    "poster": render_poster,
    "booklet": render_booklet,
}


def render_html(document: Document, preset: Preset, target: Target) -> str:
    renderer = RENDERERS.get(preset.name)
    if renderer is render_booklet and document.translation is not None:
        renderer = render_bilingual  # lang: [cy, en]: both languages side by side
    if renderer is None:
        raise RenderError(Problem(document.source.path, 1, 1, "render", f"no renderer for '{preset.name}'"))
    return renderer(document, preset, target)


__all__ = ["Target", "render_html"]
