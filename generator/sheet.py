"""The icon contact sheet: every icon with its name, to choose pictures by looking."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from markupsafe import Markup

from .icons import Catalogue, Icon
from .project import ICONS, TEMPLATES
from .render import pdf
from .render.fonts import font_dirs
from .render.html import page_context, render_template, stylesheet
from .write import write_atomic


def render_sheet(icons: Sequence[Icon], out_dir: Path, catalogue: Catalogue) -> tuple[Path, int]:
    ordered = sorted(icons, key=lambda icon: icon.name)
    html = render_template(
        "icon-sheet.html.j2",
        {
            **page_context("en-GB", "easyread icons", "Every picture you can use as a cue, with its name."),
            "css": Markup(stylesheet("base.css") + stylesheet("sheet.css")),
            "icons": [{"name": i.name, "alt": i.alt, "src": i.path.resolve().as_uri()} for i in ordered],
            "credits": catalogue.credit_lines(i.name for i in ordered),
        },
    )
    rendered = pdf.layout(html, "icons/catalogue.yaml", [ICONS, TEMPLATES, *font_dirs()], ICONS)
    path = write_atomic(out_dir / "icons.pdf", pdf.pdf_bytes(rendered, "icon-sheet"))
    return path, rendered.page_count
