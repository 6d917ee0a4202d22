"""Bilingual booklet layout: two languages side by side, first language on the left.

Welsh public bodies print Welsh and English together, Welsh first. For easy read
we set them side by side rather than on facing pages: each row keeps one picture
on the left, the first language's words beside it and the second language's words
beside those, so the two texts of one idea always share a picture and a page, and
a reader follows their own column straight down. Facing pages would double the
page count and could not keep a row's two halves level.

The first file holds the first language and names the second with ``translation:``.
Rows pair in order, section by section; the pairing is checked here, because a row
out of step would put the wrong words beside a picture: every section needs the
same number of rows and the same pictures in both files, and the hard words lists
need the same length.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from ..errors import Problem, RenderError
from ..messages import messages
from ..model import Document
from ..presets import Preset
from .booklet import Row, Section, frame_context, words_context
from .draft import DRAFT_COLUMN
from .html import Picture, Target, base_context, render_template, stylesheet


@dataclass(frozen=True)
class PairedRow:
    """One idea: its picture, and its words in each language, first language first."""

    picture: Picture | None
    sides: tuple[Row, Row]
    keep: bool


@dataclass(frozen=True)
class PairedSection:
    anchor: str
    headings: tuple[Markup, Markup]
    level: int
    new_page: bool
    rows: tuple[PairedRow, ...]


def _name(picture: Picture | None) -> str:
    return picture.name if picture is not None else "no picture"


def _where(document: Document, line: int) -> str:
    return f"{document.source.path}:{line}" if line else document.source.path


def pair_sections(first: Document, second: Document, ours: list[Section], theirs: list[Section]) -> list[PairedSection]:
    """The two files' sections, row by row; every way they fail to pair is a problem with both places."""
    problems: list[Problem] = []
    path = first.source.path
    if len(ours) != len(theirs):
        problems.append(Problem(path, 1, 1, "translation",
                                f"this booklet has {len(ours)} sections but its translation {second.source.path} has {len(theirs)}; "
                                "give each section (each '## heading') its translation, in the same order"))
        raise RenderError(problems)
    paired = []
    for number, (a, b) in enumerate(zip(ours, theirs), start=1):
        heading = a.heading.striptags() or "before the first heading"
        if len(a.rows) != len(b.rows):
            problems.append(Problem(path, a.line or 1, 1, "translation",
                                    f"section {number} ('{heading}') has {len(a.rows)} rows here but {len(b.rows)} in "
                                    f"{_where(second, b.line)}; each row (a paragraph that starts with a picture) needs its translation, in the same order"))
            continue
        rows = []
        for row, other in zip(a.rows, b.rows):
            if _name(row.picture) != _name(other.picture):
                problems.append(Problem(path, row.line or 1, 1, "translation",
                                        f"this row shows '{_name(row.picture)}' but its translation at {_where(second, other.line)} shows "
                                        f"'{_name(other.picture)}'; rows pair in order, so check that both files have the same rows with the same pictures"))
            rows.append(PairedRow(row.picture, (row, other), row.keep or other.keep))
        paired.append(PairedSection(a.anchor, (a.heading, b.heading), a.level, a.new_page or b.new_page, tuple(rows)))
    if problems:
        raise RenderError(problems)
    return paired


def _pair_glossary(first: Document, second: Document, ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    if len(ours) != len(theirs):
        line = first.source.meta_lines.get("hard_words", 1)
        raise RenderError(Problem(first.source.path, line, 1, "translation",
                                  f"hard_words has {len(ours)} words here but {len(theirs)} in {second.source.path}; "
                                  "give each hard word its translation, in the same order"))
    return list(zip(ours, theirs))


def bilingual_context(document: Document, preset: Preset, target: Target) -> dict[str, Any]:
    second = document.translation
    assert second is not None
    context = base_context(document, target)
    first_words = words_context(document, target, context["t"])
    # Draft notes are about the first file's lines: the second file's words are drawn plain.
    second_words = words_context(second, replace(target, annotations=None), messages(second.lang), about_page=bool(first_words["about"]))
    context.update(frame_context(document, preset, target, first_words))
    if target.annotations is not None:
        # A row has two columns of words and no room for a third: a draft lists every
        # note beside the first page, numbered as in the marked sentences.
        context["draft_notes"] = target.annotations.unplaced([])
    layout = dict(context["layout"])
    layout.update(preset.layout.get("bilingual", {}))
    context.update(
        {
            # The document title names both: 'Eich fferyllfa / Your pharmacy'.
            "title": f"{document.title} / {second.title}",
            "sides": (first_words, second_words),
            "one": first_words,
            "two": second_words,
            "sections": pair_sections(document, second, first_words["sections"], second_words["sections"]),
            "glossary": _pair_glossary(document, second, first_words["glossary"], second_words["glossary"]),
            "about": list(zip(first_words["about"], second_words["about"])),
            "contact_keys": [k for k in ("text", "email", "phone", "website", "address") if k in first_words["contact"] or k in second_words["contact"]],
            "layout": layout,
            "notes_margin": DRAFT_COLUMN,
            "css": context["css"] + Markup(stylesheet("bilingual.css") + ("" if target.kind == "pdf" else stylesheet("bilingual-screen.css"))),
        }
    )
    return context


def render_bilingual(document: Document, preset: Preset, target: Target) -> str:
    return render_template("booklet-bilingual.html.j2", bilingual_context(document, preset, target))
