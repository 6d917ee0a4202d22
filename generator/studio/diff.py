"""What changed between two versions of a document, row by row, in easy-read form.

A row is what the reader sees: a picture and its words (or a heading). Rows of the
old and the new version are lined up with ``difflib``; a row that was replaced by a
similar one is "changed" (its words, its picture or both), otherwise it was taken
out or added. Every change is said in words and with a symbol, never by colour
alone, so the group can check the changes they asked for were made.
"""

from __future__ import annotations

import difflib
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from markupsafe import Markup, escape

from ..errors import ConfigError, Problem
from ..icons import load_catalogue
from ..load import display_path, guess_kind, parse_source
from ..model import Cue, Document
from ..parse import parse
from ..project import Project
from ..render.draft import Annotations
from ..render.html import Picture, Target, page_context, picture, render_template, stylesheet

SIMILAR = 0.5  # a replaced row this alike is "changed", not "taken out" and "added"


@dataclass(frozen=True)
class Row:
    """What a reader sees in one row: its picture (if any) and its words."""

    kind: str  # "row" or "heading"
    cue: Cue | None
    words: str
    line: int

    @property
    def key(self) -> tuple[str, str, str]:
        return self.kind, self.cue.target if self.cue else "", self.words


@dataclass(frozen=True)
class Change:
    """One entry of the comparison: ``added``, ``removed``, ``changed`` or ``same`` (a count)."""

    status: str
    old: Row | None = None
    new: Row | None = None
    same: int = 0

    @property
    def words_changed(self) -> bool:
        return self.old is not None and self.new is not None and self.old.words != self.new.words

    @property
    def picture_changed(self) -> bool:
        old = self.old.cue.target if self.old and self.old.cue else ""
        new = self.new.cue.target if self.new and self.new.cue else ""
        return self.old is not None and self.new is not None and old != new


def rows(document: Document) -> list[Row]:
    """The document as rows, grouped the way the booklet lays them out."""
    out: list[Row] = []
    open_row: list[str] | None = None
    for block in document.blocks:
        if block.kind == "heading":
            out.append(Row("heading", block.cue, block.text, block.span.line))
            open_row = None
        elif block.kind == "paragraph":
            if block.cue is not None or open_row is None or not out:
                out.append(Row("row", block.cue, block.text, block.span.line))
                open_row = [block.text]
            else:
                open_row.append(block.text)
                last = out[-1]
                out[-1] = Row(last.kind, last.cue, " ".join(open_row), last.line)
        elif block.kind == "list":
            for item in block.children:
                first = next((c for c in item.children if c.kind == "paragraph"), None)
                out.append(Row("row", first.cue if first else None, item.text, item.span.line))
            open_row = None
    return out


def compare(old: Document, new: Document) -> list[Change]:
    """The changes from ``old`` to ``new``, in the new document's order."""
    before, after = rows(old), rows(new)
    matcher = difflib.SequenceMatcher(a=[r.key for r in before], b=[r.key for r in after], autojunk=False)
    changes: list[Change] = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            changes.append(Change("same", same=a2 - a1))
        else:
            changes.extend(_pair(before[a1:a2], after[b1:b2]))
    return changes


def _pair(old: list[Row], new: list[Row]) -> list[Change]:
    """Match replaced rows to their most similar counterpart, in order."""
    out: list[Change] = []
    start = 0
    for row in new:
        best, best_ratio = None, 0.0
        for index in range(start, len(old)):
            ratio = difflib.SequenceMatcher(a=old[index].words, b=row.words).ratio()
            if old[index].kind == row.kind and ratio > best_ratio:
                best, best_ratio = index, ratio
        if best is not None and best_ratio >= SIMILAR:
            out.extend(Change("removed", old=r) for r in old[start:best])
            out.append(Change("changed", old=old[best], new=row))
            start = best + 1
        else:
            out.append(Change("added", new=row))
    out.extend(Change("removed", old=r) for r in old[start:])
    return out


def marked_words(old: str, new: str) -> tuple[Markup, Markup]:
    """Both versions of the words, with the words that differ wrapped in ``del`` and ``ins``."""
    a, b = old.split(), new.split()
    before: list[str] = []
    after: list[str] = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        old_part, new_part = " ".join(a[a1:a2]), " ".join(b[b1:b2])
        if tag == "equal":
            before.append(str(escape(old_part)))
            after.append(str(escape(new_part)))
            continue
        if old_part:
            before.append(f"<del>{escape(old_part)}</del>")
        if new_part:
            after.append(f"<ins>{escape(new_part)}</ins>")
    return Markup(" ".join(before)), Markup(" ".join(after))


def read_version(path: Path, ref: str) -> tuple[str, str]:
    """The file's text at git revision ``ref`` (``git show REF:path``), and a name for it."""
    shown = display_path(path)
    if not ref or ref.startswith("-"):
        raise ConfigError(Problem("--since", 0, 0, "usage", f"'{ref}' is not a git revision; give one such as HEAD~1, a tag or a commit"))
    try:
        result = subprocess.run(["git", "show", f"{ref}:./{path.name}"], cwd=path.parent, capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(Problem(shown, 0, 0, "usage", f"cannot run git: {exc}; install git, or compare two files instead")) from None
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["git failed"]
        raise ConfigError(Problem(shown, 0, 0, "usage", f"cannot read this file at '{ref}': {reason[0]}"))
    try:
        return result.stdout.decode("utf-8"), f"{shown} at {ref}"
    except UnicodeDecodeError:
        raise ConfigError(Problem(shown, 0, 0, "usage", f"the file at '{ref}' is not UTF-8 text")) from None


def document_from(text: str, shown: str, path: Path) -> Document:
    return parse(parse_source(text, shown, guess_kind(path)))


@dataclass(frozen=True)
class Shown:
    """A change ready for the template: pictures resolved, words marked."""

    change: Change
    old_picture: Picture | None
    new_picture: Picture | None
    old_words: Markup
    new_words: Markup


def changes_html(old: Document, new: Document, old_name: str, new_name: str, kind: str, project: Project) -> str:
    """The "what changed" page as HTML for ``kind`` ``pdf`` or ``html``."""
    when = date.today()
    target = Target(kind, project, load_catalogue(), Annotations((), (), {}, f"Compared \u00b7 {when.day} {when:%B %Y}"))
    shown: list[Shown] = []
    counts = {"added": 0, "removed": 0, "changed": 0}
    for change in compare(old, new):
        if change.status in counts:
            counts[change.status] += 1
        old_words, new_words = (marked_words(change.old.words, change.new.words) if change.old and change.new
                                else (Markup(escape(change.old.words)) if change.old else Markup(""),
                                      Markup(escape(change.new.words)) if change.new else Markup("")))
        shown.append(Shown(
            change,
            picture(change.old.cue, old, target) if change.old and change.old.cue else None,
            picture(change.new.cue, new, target) if change.new and change.new.cue else None,
            old_words, new_words,
        ))
    # The page's own words are English (like the checker's); the document's words keep their language.
    context = page_context("en-GB", f"What changed: {new.title}", f"What changed in {new.title}", for_print=kind == "pdf")
    context.update({"doc_lang": new.lang, "changes": shown, "counts": counts, "old_name": old_name, "new_name": new_name, "document_title": new.title,
                    "css": Markup(stylesheet("base.css") + stylesheet("draft.css") + stylesheet("changes.css")
                                      + ("" if kind == "pdf" else stylesheet("changes-screen.css")))})
    return render_template("changes.html.j2", context)


@dataclass(frozen=True)
class Written:
    pdf: Path
    html: Path
    pages: int
    counts: dict[str, int]


def write_changes(old: Document, new: Document, old_name: str, new_name: str, path: Path, out: Path | None) -> Written:
    """Write the comparison as a PDF and its HTML twin; ``out`` names the PDF (default beside the build output)."""
    from ..pipeline import render_roots
    from ..project import output_path
    from ..render import pdf as pdf_writer
    from ..write import write_atomic

    project = Project.for_path(path)
    if out is None:
        built = output_path(path, project.root / "output", project, ".pdf")
        out = built.with_name(f"{built.stem}-changes.pdf")
    pdf_path, html_path = out.with_suffix(".pdf"), out.with_suffix(".html")
    rendered = pdf_writer.layout(changes_html(old, new, old_name, new_name, "pdf", project), display_path(path),
                                 render_roots(project), project.root)
    write_atomic(pdf_path, pdf_writer.pdf_bytes(rendered))
    write_atomic(html_path, changes_html(old, new, old_name, new_name, "html", project))
    counts = {"added": 0, "removed": 0, "changed": 0}
    for change in compare(old, new):
        if change.status in counts:
            counts[change.status] += 1
    return Written(pdf_path, html_path, rendered.page_count, counts)
