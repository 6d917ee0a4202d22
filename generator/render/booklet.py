"""Booklet layout: cover, about page, contents, sections of picture-left rows,
the hard words page and a back page with contact details and the co-production credit.

A paragraph that starts with a picture cue opens a row; paragraphs and lists
without a cue that follow it stay in that row. List items that start with a cue
become rows of their own, keeping their number. Hard words from the front matter
are shown in bold wherever they appear, and explained on the hard words page.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from ..messages import Messages
from ..model import Block, Cue, Document, Inline, Span
from ..parse.glossary import hard_words, split_cue
from ..presets import Preset
from .draft import DRAFT_COLUMN, Annotations, Note, draft_css
from .flow import Flow
from .html import Picture, Target, base_context, picture, render_template, runs, stylesheet

# The 'About this booklet' rows: the icon, and the message keys of its alt text and words.
ABOUT_ROWS = (
    ("contents", "booklet.alt_list", "booklet.about_sections"),
    ("book", "booklet.alt_book", "booklet.about_stages"),
    ("help", "booklet.alt_support", "booklet.about_support"),
)
# The pictures beside the contact details and the credit, with the message keys of their alt text.
CONTACT_ICONS = (("email", "booklet.alt_email"), ("phone", "booklet.alt_phone"), ("laptop", "booklet.alt_laptop"),
                 ("letter", "booklet.alt_letter"), ("group", "booklet.alt_group"))
# Which picture each contact detail is printed beside (the template draws the same).
CONTACT_FIELDS = {"email": "email", "phone": "phone", "website": "laptop", "text": "letter", "address": "letter"}


# A run of numbered rows this long or shorter is a short list: it stays on one page.
SHORT_LIST = 4


@dataclass
class Row:
    picture: Picture | None
    parts: list[Markup] = field(default_factory=list)
    number: str = ""
    line: int = 0  # source line where the row starts
    notes: tuple[Note, ...] = ()  # in a draft: the findings about this row
    keep: bool = False  # keep on the same page as the row before it
    list_id: int = 0  # rows from one Markdown list share an id: the template keeps them a list (ol/ul)
    ordered: bool = False
    start: int = 1


@dataclass
class Section:
    anchor: str
    heading: Markup
    level: int
    new_page: bool
    rows: list[Row] = field(default_factory=list)
    line: int = 0
    notes: tuple[Note, ...] = ()


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


def _words(block: Block, target: Target, bold: _Bolder) -> Markup:
    """A block's words; in a draft, with the sentences that have findings marked."""
    if target.annotations is not None:
        return target.annotations.marked(block, bold, links=target.kind != "pdf")
    return bold(block.inlines)


def _sections(document: Document, target: Target, bold: _Bolder) -> list[Section]:
    breaks = {d.span.line for d in document.directives if d.action == "page-break"}
    flow = Flow(lambda block: _words(block, target, bold), lambda cue: picture(cue, document, target))
    sections: list[Section] = []
    current = Section("start", Markup(""), 2, False)
    row: Row | None = None
    last_line = 0
    for block in document.blocks:
        if block.kind == "heading":
            if current.rows or current.heading:
                sections.append(current)
            wants_break = any(last_line < line < block.span.line for line in breaks)
            current = Section(f"section-{len(sections) + 1}", _words(block, target, bold), block.level, wants_break, line=block.span.line)
            row = None
        elif block.kind == "paragraph":
            if block.cue is not None or row is None:
                row = Row(picture(block.cue, document, target), line=block.span.line)
                current.rows.append(row)
            row.parts.append(Markup("<p>") + _words(block, target, bold) + Markup("</p>"))
        elif block.kind == "list":
            row = _list_rows(block, document, target, flow, current, row)
        elif block.kind != "rule":
            # Quotes, tables, code: in the row they follow, drawn at any depth by Flow.
            if row is None:
                row = Row(None, line=block.span.line)
                current.rows.append(row)
            row.parts.append(flow.block(block))
        last_line = block.span.line
    if current.rows or current.heading:
        sections.append(current)
    if target.annotations is not None:
        _place_notes(sections, target.annotations)
    return sections


def _place_notes(sections: list[Section], annotations: Annotations) -> None:
    """Give each heading and row the draft notes about it (by source line)."""
    anchors = _anchors(sections)
    for index, notes in annotations.place(anchors).items():
        anchors[index][1].notes = notes


def _list_rows(block: Block, document: Document, target: Target, flow: Flow, section: Section, row: Row | None) -> Row | None:
    """A list whose items start with pictures becomes rows; any other list stays in its row.

    Everything inside an item (more paragraphs, a list inside the list, a quote) is
    kept, at any depth.
    """
    items = [item for item in block.children if item.kind == "item"]
    firsts = [item.children[0] if item.children and item.children[0].kind == "paragraph" else None for item in items]
    if any(p is not None and p.cue is not None for p in firsts):
        # Each item is a row, and the rows stay a list. The number is printed in the
        # first paragraph (one paragraph per sentence: never a paragraph made inline).
        list_id = len(section.rows) + 1
        for number, (item, first) in enumerate(zip(items, firsts), start=block.start):
            row = Row(picture(first.cue if first else None, document, target), number=f"{number}." if block.ordered else "", line=item.span.line,
                      list_id=list_id, ordered=block.ordered, start=block.start)
            label = Markup(f'<span class="row-number">{row.number}</span> ') if row.number else Markup("")
            rest = item.children
            if first is not None:
                row.parts.append(Markup("<p>") + label + flow.text(first) + Markup("</p>"))
                rest = item.children[1:]
            elif label:
                row.parts.append(Markup("<p>") + label.rstrip() + Markup("</p>"))
            row.parts.append(flow.blocks(rest))
            section.rows.append(row)
        return row
    if row is None:
        row = Row(None, line=block.span.line)
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
        for before, row in itertools.pairwise(rows):
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


def words_context(document: Document, target: Target, t: Messages, about_page: bool | None = None) -> dict[str, Any]:
    """Everything a booklet says in one language: its own words, and the fixed words from ``t``.

    A bilingual booklet calls this once per language and sets the two side by side;
    its first file decides whether there is an about page (``about_page``).
    """
    words = hard_words(document)
    bold = _Bolder(list(words))
    glossary = []
    for word, text in words.items():
        cue, explanation = split_cue(text, document, f"hard_words.{word}")
        glossary.append({"word": word, "picture": picture(cue, document, target), "text": explanation})
    about = []
    if document.meta.get("about", True) if about_page is None else about_page:
        for icon, alt, text in ABOUT_ROWS:
            cue = Cue(icon, t(alt), False, _fixed(document))
            about.append({"picture": picture(cue, document, target), "text": t(text)})
    sections = _sections(document, target, bold)
    keep_together(sections)
    contact = document.meta.get("contact") or {}
    coproduction = document.meta.get("coproduction") or {}
    return {
        "lang": document.lang,
        "t": t,
        "title": document.title,
        "subtitle": str(document.meta.get("subtitle", "")),
        "organisation": str(document.meta.get("organisation", "")),
        "about": about,
        "sections": sections,
        "glossary": glossary,
        "contact": {k: str(v) for k, v in contact.items()},
        "coproduction": {
            "credit": str(coproduction.get("credit", t("booklet.credit"))),
            "about": str(coproduction.get("about", "")),
            "words": [str(w) for w in coproduction.get("words", []) or []],
        },
        # The email, phone and website pictures sit beside "Email:", "Phone:" and
        # "Website:", which say the same: they are decorative (alt="", artifacts).
        "icons": {name: picture(Cue(name, t(alt), name in ("email", "phone", "laptop"), _fixed(document)), document, target)
                  for name, alt in CONTACT_ICONS},
    }


def frame_context(document: Document, preset: Preset, target: Target, words: dict[str, Any]) -> dict[str, Any]:
    """What surrounds the words: paper, layout, type size, cover picture, date, palette, credits, draft notes."""
    cover = document.meta.get("cover")
    size = str(document.meta.get("size", preset.default_paper))
    width, height = preset.papers[size]
    draft = target.annotations
    layout = preset.layout[size]
    printed = ["group"] + [CONTACT_FIELDS[key] for key in words["contact"] if key in CONTACT_FIELDS]
    used = [cue.target for cue in document.cues()] + [icon for icon, _, _ in ABOUT_ROWS] + printed
    return {
        "date": str(document.meta.get("date", "")),
        "version": str(document.meta.get("version", "")),
        "cover": picture(cover, document, target) if isinstance(cover, Cue) else None,
        "show_contents": bool(document.meta.get("contents", True)),
        "draft": draft,
        "draft_notes": draft.unplaced(_anchors(words["sections"])) if draft else (),
        "paper": {"name": size, "width": width + (DRAFT_COLUMN if draft and draft.column else 0), "height": height},
        "layout": layout,
        "body_pt": float(document.meta.get("body_size", preset.type_scale["body"])),
        # Credits are attribution, printed as the picture sets publish it (in English).
        "credits": target.catalogue.credit_lines(used),
        "rights": target.catalogue.rights(used),
        "palette": str(document.meta.get("palette", "white")),
        "css": Markup(stylesheet("base.css") + stylesheet("booklet.css") + ("" if target.kind == "pdf" else stylesheet("screen.css"))
                      + (stylesheet("draft.css") + draft_css(width - layout["margin"][1] - layout["margin"][3], draft.stamp, target.kind == "pdf", draft.column) if draft else "")),
    }


def booklet_context(document: Document, preset: Preset, target: Target) -> dict[str, Any]:
    context = base_context(document, target)
    context.update(words_context(document, target, context["t"]))
    context.update(frame_context(document, preset, target, context))
    return context


def _fixed(document: Document) -> Span:
    """Where the template's own pictures come from: line 0, no line of the author's file."""
    return Span(document.source.path, 0, 0)


def _anchors(sections: list[Section]) -> list[tuple[int, Section | Row]]:
    """Headings and rows in source order, with the line each starts on."""
    anchors: list[tuple[int, Section | Row]] = []
    for section in sections:
        if section.heading:
            anchors.append((section.line, section))
        anchors.extend((row.line, row) for row in section.rows)
    return anchors


def render_booklet(document: Document, preset: Preset, target: Target) -> str:
    return render_template(preset.template, booklet_context(document, preset, target))
