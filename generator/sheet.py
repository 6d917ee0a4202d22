"""The icon contact sheet: every icon with its name, to choose pictures by looking."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from markupsafe import Markup

from .icons import Catalogue, Icon
from .project import ICONS, TEMPLATES
from .render import pdf
from .render.fonts import font_dirs
from .messages import messages
from .render.html import credit_lines, page_context, render_template, stylesheet
from .write import write_atomic


def render_sheet(icons: Sequence[Icon], out_dir: Path, catalogue: Catalogue, lang: str = "en-GB") -> tuple[Path, int]:
    """The sheet with its headings in ``lang``; each picture's alt text and cue name stay English (``lang="en"``)."""
    ordered = sorted(icons, key=lambda icon: icon.name)
    t = messages(lang)
    html = render_template(
        "icon-sheet.html.j2",
        {
            **page_context(lang, t("icons.title"), t("icons.description")),
            "css": Markup(stylesheet("base.css") + stylesheet("sheet.css")),
            "icons": [{"name": i.name, "alt": i.alt, "src": i.path.resolve().as_uri()} for i in ordered],
            "credits": credit_lines(catalogue, [i.name for i in ordered], t),
        },
    )
    rendered = pdf.layout(html, "icons/catalogue.yaml", [ICONS, TEMPLATES, *font_dirs()], ICONS)
    path = write_atomic(out_dir / "icons.pdf", pdf.pdf_bytes(rendered))
    return path, rendered.page_count
