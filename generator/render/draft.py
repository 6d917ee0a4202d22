"""Drafts: findings become numbered notes beside their rows, with their sentences marked.

A draft is what a co-design group takes to its next meeting, so it always prints:
each finding is a numbered note quoting its sentence, the sentence itself is marked
in the text (a highlight plus the note's number and level in words, never colour
alone), and a picture that cannot be found is drawn as a placeholder box. The same
annotations drive ``easyread build --draft`` and the live preview.

This module only arranges what the checker found; it never decides what is wrong.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType

from markupsafe import Markup

from ..check.text import Sentence, split_sentences
from ..model import Block, Document, Finding, Inline, Report, level_rank

# Rule kinds that judge the whole document rather than one sentence: their notes
# go at the top, not beside the first sentence they happen to point at.
WHOLE_DOCUMENT_KINDS = frozenset({"document_length", "document_metric", "average_sentence_length"})
QUOTE_LENGTH = 70
LEVEL_WORDS = {"error": "Must fix", "warning": "Check", "suggestion": "Idea"}
LEVEL_SIGNS = {"error": "\u2716", "warning": "\u26a0", "suggestion": "\u2139"}  # heavy X, warning sign, info


@dataclass(frozen=True)
class Note:
    """One finding, numbered in source order, with the sentence it is about."""

    number: int
    level: str
    rule: str
    text: str
    quote: str
    line: int
    column: int
    jump: str = ""  # the id to jump to: the marked sentence, or the note itself

    @property
    def anchor(self) -> str:
        return f"note-{self.number}"

    @property
    def words(self) -> str:
        """The level in words ("Check"), so the note never relies on colour."""
        return LEVEL_WORDS.get(self.level, self.level)

    @property
    def sign(self) -> str:
        return LEVEL_SIGNS.get(self.level, "")


@dataclass(frozen=True)
class Mark:
    """A sentence to highlight: offsets in its block's plain text, and its notes."""

    start: int
    end: int
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class Annotations:
    """Everything a draft adds to a document, keyed so renderers can place it."""

    notes: tuple[Note, ...]
    general: tuple[Note, ...]
    marks: Mapping[tuple[int, int], tuple[Mark, ...]]
    stamp: str

    @property
    def column(self) -> bool:
        """Whether the pages need a notes column (not when there is nothing to say)."""
        return bool(self.notes)

    def marked(self, block: Block, render: Callable[[tuple[Inline, ...]], Markup], links: bool = True) -> Markup:
        """The block's words as HTML, with each marked sentence wrapped and numbered.

        With ``links`` (screens) each number links to its note; in print it is plain text.
        """
        marks = self.marks.get((block.span.line, block.span.column), ())
        if not marks:
            return render(block.inlines)
        out: list[str] = []
        space = False  # a space is owed before the next piece (renderers strip their edges)
        for runs, mark in _segments(block.inlines, marks):
            plain = "".join(_plain(run) for run in runs)
            html = str(render(runs))
            space = space or plain[:1].isspace()
            if html:
                if space and out:
                    out.append(" ")
                out.append(html if mark is None else self._wrap(html, mark, links))
                space = False
            space = space or plain[-1:].isspace()
        return Markup("".join(out).strip())

    @staticmethod
    def _wrap(html: str, mark: Mark, links: bool) -> str:
        """A marked sentence: highlighted, then each note's sign and number (a link on screens)."""
        numbers = ", ".join(str(note.number) for note in mark.notes)
        worst = max(mark.notes, key=lambda note: level_rank(note.level))
        refs = "".join(
            f'<a class="note-ref level-{n.level}" href="#{n.anchor}"><span aria-hidden="true">{n.sign}</span>{n.number}'
            f'<span class="spoken"> (note: {n.words})</span></a>' if links else
            f'<span class="note-ref level-{n.level}">{n.sign}{n.number}</span>'
            for n in mark.notes
        )
        return f'<mark class="finding level-{worst.level}" id="mark-{mark.notes[0].number}" data-notes="{numbers}">{html}</mark>{refs}'

    def place(self, anchors: Sequence[tuple[int, object]]) -> dict[int, tuple[Note, ...]]:
        """Share the notes out to anchors (rows, headings) by source line.

        ``anchors`` are ``(first source line, anything)`` in source order; a note goes
        to the last anchor that starts on or before its line. Notes before the first
        anchor (front matter, the cover) join the general notes. Returns notes by
        the anchor's index.
        """
        placed: dict[int, list[Note]] = {}
        for note in self.notes:
            if note in self.general:
                continue
            index = None
            for position, (line, _) in enumerate(anchors):
                if line <= note.line:
                    index = position
                else:
                    break
            if index is not None:
                placed.setdefault(index, []).append(note)
        return {index: tuple(notes) for index, notes in placed.items()}

    def unplaced(self, anchors: Sequence[tuple[int, object]]) -> tuple[Note, ...]:
        """General notes plus the notes that come before every anchor."""
        first = anchors[0][0] if anchors else None
        return tuple(n for n in self.notes if n in self.general or first is None or n.line < first)


def annotate(document: Document, report: Report, kinds: Mapping[str, str], today: date | None = None,
             min_level: str = "suggestion") -> Annotations:
    """Number the active findings of ``report`` and find the sentence each is about.

    ``kinds`` maps rule ids to rule kinds, to tell whole-document rules apart: their
    notes come first; the rest follow in source order.
    """
    sentences = split_sentences(document)
    found = sorted(
        (f for f in report.active if level_rank(f.level) >= level_rank(min_level)),
        key=lambda f: (kinds.get(f.rule) not in WHOLE_DOCUMENT_KINDS, f.span.line, f.span.column, -level_rank(f.level), f.rule),
    )
    about: list[tuple[Finding, Sentence | None, bool]] = []
    for finding in found:
        whole = kinds.get(finding.rule) in WHOLE_DOCUMENT_KINDS
        about.append((finding, None if whole else _sentence_at(sentences, finding), whole))
    places = _places(sentences, {s.index for _, s, _ in about if s is not None})
    first: dict[int, int] = {}
    notes: list[Note] = []
    general: list[Note] = []
    by_sentence: dict[int, list[Note]] = {}
    for number, (finding, sentence, whole) in enumerate(about, start=1):
        jump = f"note-{number}"
        if sentence is not None and sentence.index in places:
            jump = f"mark-{first.setdefault(sentence.index, number)}"
        # The checker's messages quote the start of their sentence; quote it here only when one does not.
        quote = _quote(sentence.text) if sentence and not finding.message.startswith('"') else ""
        note = Note(number, finding.level, finding.rule, _text(finding), quote, finding.span.line, finding.span.column, jump)
        notes.append(note)
        if whole:
            general.append(note)
        elif sentence is not None and sentence.index in places:
            by_sentence.setdefault(sentence.index, []).append(note)
    marks: dict[tuple[int, int], list[Mark]] = {}
    for index, notes_here in by_sentence.items():
        key, start, end = places[index]
        marks.setdefault(key, []).append(Mark(start, end, tuple(notes_here)))
    when = today or date.today()
    stamp = f"Draft \u00b7 {when.day} {when:%B %Y}"
    ordered = {key: tuple(sorted(value, key=lambda m: m.start)) for key, value in marks.items()}
    return Annotations(tuple(notes), tuple(general), MappingProxyType(ordered), stamp)


def _text(finding: Finding) -> str:
    return f"{finding.message} {finding.suggestion}".strip()


def _quote(sentence: str) -> str:
    if len(sentence) <= QUOTE_LENGTH:
        return sentence
    cut = sentence[:QUOTE_LENGTH].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "\u2026"


def _end(sentence: Sentence) -> tuple[int, int]:
    last = sentence.plain.span_at(sentence.start + len(sentence.text) - 1)
    return last.line, last.column + 1


def _sentence_at(sentences: Sequence[Sentence], finding: Finding) -> Sentence | None:
    """The sentence whose words hold the finding's position, if any."""
    where = (finding.span.line, finding.span.column)
    for sentence in sentences:
        if (sentence.span.line, sentence.span.column) <= where <= _end(sentence):
            return sentence
    return None


def _plain(run: Inline) -> str:
    """A run's text as the checker counts it (pictures take no room, breaks one space)."""
    if run.kind == "picture":
        return ""
    return " " if run.kind == "break" else run.text


def _places(sentences: Iterable[Sentence], wanted: set[int]) -> dict[int, tuple[tuple[int, int], int, int]]:
    """Where each wanted sentence sits: its block's key and its offsets in the block's text."""
    return {
        sentence.index: ((sentence.block.span.line, sentence.block.span.column), sentence.start, sentence.start + len(sentence.text))
        for sentence in sentences
        if sentence.index in wanted
    }


def _segments(inlines: tuple[Inline, ...], marks: Sequence[Mark]) -> list[tuple[tuple[Inline, ...], Mark | None]]:
    """Cut the runs at the marks' edges: pieces outside any mark, and one piece per mark."""
    cuts = sorted({0, *(m.start for m in marks), *(m.end for m in marks)})
    pieces: list[tuple[tuple[Inline, ...], Mark | None]] = []
    offset = 0
    runs_with_offsets: list[tuple[int, Inline]] = []
    for run in inlines:
        runs_with_offsets.append((offset, run))
        offset += len(_plain(run))
    bounds = [*cuts, offset] if cuts[-1] < offset else cuts
    for start, end in itertools.pairwise(bounds):
        mark = next((m for m in marks if m.start == start and m.end == end), None)
        piece: list[Inline] = []
        for run_start, run in runs_with_offsets:
            length = len(_plain(run))
            if run.kind == "picture":
                if start <= run_start < end or (run_start == end == offset):
                    piece.append(run)
                continue
            lo, hi = max(start, run_start), min(end, run_start + length)
            if lo >= hi:
                continue
            piece.append(run if (lo, hi) == (run_start, run_start + length) else replace(run, text=run.text[lo - run_start : hi - run_start]))
        if piece:
            pieces.append((tuple(piece), mark))
    return pieces



NOTES_WIDTH = 74  # mm: the notes column of a draft page
NOTES_GAP = 10  # mm added beside the notes column: at least the booklet's gap between columns
DRAFT_COLUMN = NOTES_WIDTH + NOTES_GAP  # mm a draft page is wider than its paper


def draft_css(content_width: float, stamp: str, for_print: bool, column: bool) -> str:
    """Page rules for a draft: "Draft" and the date on every page and, when there are
    notes, a notes column right of the words.

    The page is wider than the paper by the notes column, so the words break into
    lines and pages exactly as they will in print. Numbers are in mm.
    """
    page = (
        f'@page {{ @top-right {{ content: "{stamp}"; font-family: var(--font); font-size: 16pt; font-weight: 700; color: #111; }} }}\n'
        if for_print else ""
    )
    if not column:
        return page
    return page + (TEMPLATE_CSS.replace("CONTENT", f"{content_width:g}mm").replace("NOTES", f"{NOTES_WIDTH}mm").replace("GAP", f"{NOTES_GAP}mm"))


# Kept beside draft_css because its numbers come from there; the look is in css/draft.css.
TEMPLATE_CSS = """
.draft .row { grid-template-columns: var(--picture) calc(CONTENT - var(--picture) - var(--gap)) NOTES; }
.draft .cover, .draft h2, .draft h3, .draft .contents, .draft .picture-credits { margin-right: calc(NOTES + GAP); }
.draft .section > .draft-notes { margin-left: calc(CONTENT + var(--gap)); }
.draft .draft-general { position: absolute; top: 0; right: 0; width: NOTES; }
.draft .sheet { margin-right: calc(NOTES + GAP); }
"""
