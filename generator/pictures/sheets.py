"""The gallery (one HTML page with a search box) and printable contact sheets, one per set.

``easyread pictures --sheet`` writes, under ``OUT/pictures/``:

- ``index.html``: every picture with its name, words, set and licence, and a search box
  that finds pictures by the same word forms and synonyms as ``easyread pictures search``
  (the tables come from the index). It works offline: the pictures are copied beside it
  (sanitised) and loaded as the reader scrolls.
- ``SET.pdf``: a contact sheet per set, to choose pictures on paper with a group;
  captions at 16pt like every other output.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..project import ICONS, TEMPLATES
from ..render import pdf
from ..render.fetcher import sanitise_svg
from ..render.fonts import font_dirs
from ..render.html import page_context, render_template, stylesheet
from ..write import write_atomic
from .catalogue import Catalogue, Picture, PictureSet


@dataclass(frozen=True)
class Written:
    path: Path
    pictures: int
    pages: int = 0


def write_sheets(pictures: Sequence[Picture], out_dir: Path, catalogue: Catalogue) -> list[Written]:
    """The gallery and one contact sheet per set that has pictures in ``pictures``."""
    folder = out_dir / "pictures"
    ordered = sorted(pictures, key=lambda p: p.name)
    written = [write_gallery(ordered, folder, catalogue)]
    for picture_set in catalogue.sets.values():
        members = [p for p in ordered if p.set == picture_set.key]
        if members:
            written.append(write_contact_sheet(members, picture_set, folder, catalogue))
    return written


def write_contact_sheet(pictures: Sequence[Picture], picture_set: PictureSet, folder: Path, catalogue: Catalogue) -> Written:
    licence = catalogue.licences.get(picture_set.licence)
    html = render_template(
        "picture-sheet.html.j2",
        {
            **page_context("en-GB", f"Pictures: {picture_set.title}", f"Every {picture_set.title} picture in easyread, with its name."),
            "css": Markup(stylesheet("base.css") + stylesheet("sheet.css")),
            "set": picture_set,
            "licence": licence,
            "rights": catalogue.rights(p.name for p in pictures),
            "pictures": pictures,
            "pages": _pages([{"name": p.name, "alt": p.alt, "src": p.path.resolve().as_uri()} for p in pictures]),
        },
    )
    rendered = pdf.layout(html, "icons/catalogue.yaml", [ICONS, TEMPLATES, *font_dirs()], ICONS)
    path = write_atomic(folder / f"{picture_set.key}.pdf", pdf.pdf_bytes(rendered, "contact-sheet"))
    return Written(path, len(pictures), rendered.page_count)


def _pages(items: list[dict[str, Any]], first: int = 16, per_page: int = 20) -> list[list[dict[str, Any]]]:
    """Pictures per page: 4 rows under the heading on the first page, 5 rows after."""
    pages = [items[:first]]
    pages += [items[i : i + per_page] for i in range(first, len(items), per_page)]
    return [page for page in pages if page]


def write_gallery(pictures: Sequence[Picture], folder: Path, catalogue: Catalogue) -> Written:
    """The browsable page, with the pictures copied (sanitised) into ``files/`` beside it."""
    entries = []
    for picture in pictures:
        write_atomic(folder / "files" / picture.file, sanitise_svg(picture.path.read_bytes()))
        entries.append(
            {
                "name": picture.name,
                "alt": picture.alt,
                "tags": ", ".join(picture.tags),
                "set": picture.set,
                "licence": picture.licence,
                "src": f"files/{picture.file}",
                "words": " ".join(sorted({picture.name, *picture.words, *picture.name.split("-")})),
                "strong": " ".join(sorted(w for w, weight in picture.words.items() if weight >= 3)),
            }
        )
    used_sets = [s for s in catalogue.sets.values() if any(p.set == s.key for p in pictures)]
    tables = {"forms": {form: list(bases) for form, bases in catalogue.forms.items()}, "synonyms": {w: list(o) for w, o in catalogue.synonyms.items()}}
    html = render_template(
        "picture-gallery.html.j2",
        {
            **page_context("en-GB", "easyread pictures", "Every picture you can use in easyread, with a search box.", for_print=False),
            "css": Markup(stylesheet("gallery.css")),
            "pictures": entries,
            "sets": used_sets,
            "licences": catalogue.licences,
            "tables": Markup(json.dumps(tables, separators=(",", ":"), sort_keys=True).replace("</", "<\\/")),
        },
    )
    path = write_atomic(folder / "index.html", html)
    return Written(path, len(entries))
