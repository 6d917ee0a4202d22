"""Booklet layout: cover, about page, contents, sections of picture-left rows,
the hard words page and a back page with contact details and the co-production credit.

A paragraph that starts with a picture cue opens a row; paragraphs and lists
without a cue that follow it stay in that row. List items that start with a cue
become rows of their own, keeping their number. Hard words from the front matter
are shown in bold wherever they appear, and explained on the hard words page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from ..model import Block, Cue, Document, Inline
from ..parse import parse_cue_text
from ..presets import Preset
from .flow import Flow
from .html import Picture, Target, base_context, picture, render_template, runs, stylesheet

ABOUT_ROWS = (
    ("contents", "a list", "We have split this booklet up into different sections to make it easier to read."),
    ("book", "a book", "You may want to read it in stages."),
    ("help", "a person giving support", "You may want support to read through this booklet."),
)


# A run of numbered rows this long or shorter is a short list: it stays on one page.
SHORT_LIST = 4


@dataclass
class Row:
    picture: Picture | None
    parts: list[Markup] = field(default_factory=list)
    number: str = ""
    keep: bool = False  # keep on the same page as the row before it


@dataclass
class Section:
    anchor: str
    heading: Markup
    level: int
    new_page: bool
    rows: list[Row] = field(default_factory=list)


def glossary_cues(document: Document) -> tuple[Cue, ...]:
    """Picture cues written inside the hard words list, so the checker sees them too."""
    cues = []
    for word, text in _hard_words(document).items():
        cue, _ = _split_cue(text, document, f"hard_words.{word}")
        if cue is not None:
            cues.append(cue)
    return tuple(cues)


def _hard_words(document: Document) -> dict[str, str]:
    words = document.meta.get("hard_words") or {}
    return {str(k): str(v) for k, v in words.items()} if isinstance(words, dict) else {}


def _split_cue(text: str, document: Document, field_name: str) -> tuple[Cue | None, str]:
    match = re.match(r"\s*(!\[[^\]]*\]\([^)]*\))\s*(.*)", text, re.S)
    if not match:
        return None, text
    return parse_cue_text(match.group(1), document.source, field_name), match.group(2)


class _Bolder:
    """Show hard words in bold wherever they appear in running text."""

    def __init__(self, words: list[str]) -> None:
        ordered = sorted(words, key=len, reverse=True)
        self.pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ordered) + r")(?![\w-])", re.I) if words else None

    def __call__(self, inlines: tuple[Inline, ...]) -> Markup:
        if self.pattern is None:
            return runs(inlines)
        out = []
        for run in inlines:
            if run.kind == "text":
                out.append(self.pattern.sub(lambda m: f"<strong>{m.group()}</strong>", str(escape(run.text))))
            else:
                out.append(str(runs((run,))))
        return Markup("".join(out).strip())


def _sections(document: Document, target: Target, bold: _Bolder) -> list[Section]:
    breaks = {d.span.line for d in document.directives if d.action == "page-break"}
    flow = Flow(bold, lambda cue: picture(cue, document, target))
    sections: list[Section] = []
    current = Section("start", Markup(""), 2, False)
    row: Row | None = None
    last_line = 0
    for block in document.blocks:
        if block.kind == "heading":
            if current.rows or current.heading:
                sections.append(current)
            wants_break = any(last_line < line < block.span.line for line in breaks)
            current = Section(f"section-{len(sections) + 1}", bold(block.inlines), block.level, wants_break)
            row = None
        elif block.kind == "paragraph":
            if block.cue is not None or row is None:
                row = Row(picture(block.cue, document, target))
                current.rows.append(row)
            row.parts.append(Markup("<p>") + bold(block.inlines) + Markup("</p>"))
        elif block.kind == "list":
            row = _list_rows(block, document, target, flow, current, row)
        elif block.kind != "rule":
            # Quotes, tables, code: in the row they follow, drawn at any depth by Flow.
            if row is None:
                row = Row(None)
                current.rows.append(row)
            row.parts.append(flow.block(block))
        last_line = block.span.line
    if current.rows or current.heading:
        sections.append(current)
    return sections


def _list_rows(block: Block, document: Document, target: Target, flow: Flow, section: Section, row: Row | None) -> Row | None:
    """A list whose items start with pictures becomes rows; any other list stays in its row.

    Everything inside an item (more paragraphs, a list inside the list, a quote) is
    kept, at any depth.
    """
    items = [item for item in block.children if item.kind == "item"]
    firsts = [item.children[0] if item.children and item.children[0].kind == "paragraph" else None for item in items]
    if any(p is not None and p.cue is not None for p in firsts):
        for number, (item, first) in enumerate(zip(items, firsts), start=block.start):
            row = Row(picture(first.cue if first else None, document, target), number=f"{number}." if block.ordered else "")
            rest = item.children
            if first is not None:
                row.parts.append(Markup("<p>") + flow.text(first.inlines) + Markup("</p>"))
                rest = item.children[1:]
            row.parts.append(flow.blocks(rest))
            section.rows.append(row)
        return row
    if row is None:
        row = Row(None)
        section.rows.append(row)
    row.parts.append(flow.block(block))
    return row


def keep_together(sections: list[Section]) -> None:
    """Mark the rows that must share a page with the row before them.

    Easy-read layout rules: a page never ends with a heading and one lonely row
    (the second row keeps the first), never starts with a section's last row alone,
    a row that introduces what follows (it ends with ':') stays with the next row,
    and a short numbered list is never split.
    """
    for section in sections:
        rows = section.rows
        if len(rows) >= 2:
            rows[1].keep = True
            rows[-1].keep = True
        for before, row in zip(rows, rows[1:]):
            if before.parts and str(before.parts[-1]).rstrip().removesuffix("</p>").rstrip().endswith(":"):
                row.keep = True
        start = 0
        while start < len(rows):
            end = start
            while end < len(rows) and rows[end].number:
                end += 1
            if end - start > 1 and end - start <= SHORT_LIST:
                for row in rows[start + 1:end]:
                    row.keep = True
            start = max(end, start + 1)


def booklet_context(document: Document, preset: Preset, target: Target) -> dict[str, Any]:
    words = _hard_words(document)
    bold = _Bolder(list(words))
    glossary = []
    for word, text in words.items():
        cue, explanation = _split_cue(text, document, f"hard_words.{word}")
        glossary.append({"word": word, "picture": picture(cue, document, target), "text": explanation})
    about = []
    if document.meta.get("about", True):
        for icon, alt, text in ABOUT_ROWS:
            cue = Cue(icon, alt, False, document.source.meta_span("title"))
            about.append({"picture": picture(cue, document, target), "text": text})
    cover = document.meta.get("cover")
    size = str(document.meta.get("size", preset.default_paper))
    width, height = preset.papers[size]
    sections = _sections(document, target, bold)
    keep_together(sections)
    context = base_context(document, target)
    contact = document.meta.get("contact") or {}
    coproduction = document.meta.get("coproduction") or {}
    used = [cue.target for cue in document.cues()] + [icon for icon, _, _ in ABOUT_ROWS]
    context.update(
        {
            "subtitle": str(document.meta.get("subtitle", "")),
            "organisation": str(document.meta.get("organisation", "")),
            "date": str(document.meta.get("date", "")),
            "version": str(document.meta.get("version", "")),
            "cover": picture(cover, document, target) if isinstance(cover, Cue) else None,
            "about": about,
            "show_contents": bool(document.meta.get("contents", True)),
            "sections": sections,
            "glossary": glossary,
            "contact": {k: str(v) for k, v in contact.items()},
            "coproduction": {
                "credit": str(coproduction.get("credit", "A co-production group worked together to make this easy-read document.")),
                "about": str(coproduction.get("about", "")),
                "words": [str(w) for w in coproduction.get("words", []) or []],
            },
            "paper": {"name": size, "width": width, "height": height},
            "layout": preset.layout[size],
            "body_pt": float(document.meta.get("body_size", preset.type_scale["body"])),
            "credits": target.catalogue.credit_lines(used),
            "palette": str(document.meta.get("palette", "white")),
            "icons": {name: picture(Cue(name, alt, False, document.source.meta_span("title")), document, target) for name, alt in (("email", "an email"), ("phone", "a telephone"), ("laptop", "a laptop computer"), ("letter", "a letter"), ("group", "a group of people"))},
            "css": Markup(stylesheet("base.css") + stylesheet("booklet.css") + ("" if target.kind == "pdf" else stylesheet("screen.css"))),
        }
    )
    return context


def render_booklet(document: Document, preset: Preset, target: Target) -> str:
    return render_template(preset.template, booklet_context(document, preset, target))
