"""The review sheet: a PDF a co-design group takes to its meeting.

One sheet per page of the document: the page itself, small, on the left (a picture
of the real printed page, with its words as alt text), and on the right big tick
boxes with pictures for "I understand this page", "Change the words" and "Change
the picture", and a box to write or draw in. A first sheet says how to use it.
The sheet is easy read itself: 16pt and over, pictures left of their words, tagged.

The document is laid out as a draft (without notes), so a picture that is not
chosen yet shows as a placeholder instead of stopping the sheet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import Problem, RenderError
from ..icons import load_catalogue
from ..load import display_path
from ..messages import messages
from ..pipeline import read_document, render_roots
from ..presets import get_preset
from ..project import TEMPLATES, Project
from ..render import Target, render_html
from ..render import pdf as pdf_writer
from ..render.draft import Annotations
from ..render.html import page_context, render_template, stylesheet
from ..render.verify import verify_floor

THUMBNAIL_DPI = 110  # sharp enough at the size printed (about 85 mm wide), small enough to embed
ALT_WORDS = 60
FLOOR_PT = 16
_INVISIBLE = {0xFFFE: None, 0x00AD: None, 0x0002: None}  # PDFium marks soft line-break hyphens with these


@dataclass(frozen=True)
class Thumbnail:
    number: int
    src: str
    alt: str


@dataclass(frozen=True)
class Sheet:
    pdf: bytes
    pages: int


def page_pictures(pdf: bytes, label: Callable[[int], str]) -> list[Thumbnail]:
    """Every page of ``pdf`` as a PNG data URI, with the page's words as its alt text.

    ``label(n)`` names page n in the document's language ('Tudalen 2 o'r llyfryn').
    """
    import base64
    import io

    import pypdfium2 as pdfium  # only the review sheet needs a PDF rasteriser

    document = pdfium.PdfDocument(pdf)
    pictures: list[Thumbnail] = []
    try:
        for index in range(len(document)):
            page = document[index]
            image = page.render(scale=THUMBNAIL_DPI / 72).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, "PNG", optimize=True)
            words = page.get_textpage().get_text_range().translate(_INVISIBLE).split()
            text = " ".join(words[:ALT_WORDS]) + (" \u2026" if len(words) > ALT_WORDS else "")
            alt = f"{label(index + 1)}: {text}" if text else label(index + 1)
            pictures.append(Thumbnail(index + 1, "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"), alt))
    finally:
        document.close()
    return pictures


def review_sheet(path: Path, today: date | None = None) -> Sheet:
    """Lay the document out, then make its review sheet; returns the sheet's PDF."""
    project = Project.for_path(path)
    document = read_document(path, project)  # a bilingual booklet is reviewed as printed, both languages
    shown = display_path(path)
    when = today or date.today()
    plain = Annotations((), (), {}, f"Draft \u00b7 {when.day} {when:%B %Y}")
    html = render_html(document, get_preset(document.kind), Target("pdf", project, load_catalogue(), plain))
    t = messages(document.lang)  # the sheet speaks the document's (first) language
    key = "review.page_of_poster" if document.kind == "poster" else "review.page_of_booklet"
    pages = page_pictures(pdf_writer.pdf_bytes(pdf_writer.layout(html, shown, render_roots(project), project.root)),
                          lambda number: t(key, page=number))
    library = load_catalogue()
    icons = {name: library.icons[name].path.resolve().as_uri() for name in ("tick", "document-edit", "notes", "group")}
    icons["picture"] = (TEMPLATES / "review" / "picture.svg").resolve().as_uri()
    context = page_context(document.lang, t("review.title", title=document.title), t("review.description", title=document.title))
    context.update({"document_title": document.title, "kind": document.kind, "pages": pages, "icons": icons,
                    "css": stylesheet("base.css") + stylesheet("review.css")})
    sheet_html = render_template("review.html.j2", context)
    rendered = pdf_writer.layout(sheet_html, shown, [*render_roots(project), TEMPLATES], project.root)
    verify_floor(rendered, shown, FLOOR_PT, "review sheet")
    if not pages:
        raise RenderError(Problem(shown, 1, 1, "review", "the document has no pages to review"))
    return Sheet(pdf_writer.pdf_bytes(rendered), rendered.page_count)


def review_path(path: Path, out_dir: Path, project: Project) -> Path:
    """``content/booklets/x.md`` -> ``<out>/booklets/x-review.pdf``."""
    from ..project import output_path

    target = output_path(path, out_dir, project, ".pdf")
    return target.with_name(f"{target.stem}-review.pdf")
