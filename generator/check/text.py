"""Sentences and words as offsets, turned into file positions only where a finding is made.

Each block's runs are joined into plain text (``BlockText``) that remembers where
every run started in the file. A sentence is a slice of that text: rules work on
offsets, and ``Sentence.span_at`` maps an offset back to the author's line and
column when, and only when, a rule reports something there. (Building a position
for every word cost more than all the rules together.)

Splitting is deliberately simple and predictable: a sentence ends at . ! or ?
followed by a space and a capital, digit or quote, or at the end of the block.
Short forms such as "e.g." and "Dr." do not end a sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from ..model import Block, Document, Inline, Span

WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F£$€]+(?:['’&./-][A-Za-z0-9\u00C0-\u024F]+)*")
NO_SPLIT_AFTER = {"e.g", "i.e", "eg", "ie", "dr", "mr", "mrs", "ms", "st", "etc", "approx", "no", "vs", "tel"}
TEXT_BLOCKS = {"paragraph", "heading", "cell"}  # table cells are words too
SCOPES = ("heading", "paragraph", "list", "quote")


class BlockText:
    """Plain text of one block's runs, with a map from offsets back to file positions."""

    def __init__(self, runs: tuple[Inline, ...]) -> None:
        self.starts: list[int] = []
        self.runs: list[Inline] = []
        pieces: list[str] = []
        offset = 0
        for run in runs:
            if run.kind == "picture":
                continue
            text = " " if run.kind == "break" else run.text
            self.starts.append(offset)
            self.runs.append(run)
            pieces.append(text)
            offset += len(text)
        self.text = "".join(pieces)

    def span_at(self, offset: int) -> Span:
        index = max(0, bisect_right(self.starts, offset) - 1)
        run = self.runs[index]
        return run.span.moved(offset - self.starts[index]) if run.kind != "break" else run.span

    def styles_between(self, start: int, end: int) -> tuple[tuple[int, int, str], ...]:
        """(start, end, run kind) of the styled runs (bold, italics, links...) inside a slice."""
        out = []
        for index, (offset, run) in enumerate(zip(self.starts, self.runs)):
            stop = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
            if run.kind not in ("text", "break") and offset < end and stop > start:
                out.append((max(offset, start) - start, min(stop, end) - start, run.kind))
        return tuple(out)


@dataclass(frozen=True, eq=False)
class Sentence:
    """One sentence: its text, its block, and where it starts in the block's text."""

    text: str
    block: Block
    plain: BlockText = field(repr=False)
    start: int  # offset of ``text`` inside ``plain.text``
    words: tuple[str, ...]
    index: int  # position in the document, for "the next sentence" rules
    scope: str = "paragraph"  # heading, paragraph, list or quote: where the sentence sits

    @property
    def is_heading(self) -> bool:
        return self.scope == "heading"

    @property
    def span(self) -> Span:
        return self.plain.span_at(self.start)

    @cached_property
    def word_starts(self) -> tuple[int, ...]:
        """Offsets of the words inside ``text`` (found again only for sentences with a finding)."""
        return tuple(match.start() for match in WORD.finditer(self.text))

    def word_span(self, number: int) -> Span:
        """File position of the ``number``-th word."""
        return self.plain.span_at(self.start + self.word_starts[number])

    def span_at(self, offset: int) -> Span:
        """File position of a character offset inside this sentence, counted from the word before it."""
        number = bisect_right(self.word_starts, offset) - 1
        if number < 0:
            return self.span
        return self.word_span(number).moved(offset - self.word_starts[number])

    @property
    def styles(self) -> tuple[tuple[int, int, str], ...]:
        return self.plain.styles_between(self.start, self.start + len(self.text))


def text_blocks(document: Document) -> Iterator[tuple[Block, str]]:
    """Blocks whose own runs hold words (headings and paragraphs) in source order, with their scope."""

    def walk(block: Block, scope: str) -> Iterator[tuple[Block, str]]:
        if block.kind in TEXT_BLOCKS and block.inlines:
            yield block, "heading" if block.kind == "heading" else scope
        inner = {"list": "list", "quote": "quote"}.get(block.kind, scope)
        for child in block.children:
            yield from walk(child, inner)

    for block in document.blocks:
        yield from walk(block, "paragraph")


def split_sentences(document: Document) -> list[Sentence]:
    sentences: list[Sentence] = []
    find_words = WORD.findall
    for block, scope in text_blocks(document):
        plain = BlockText(block.inlines)
        text = plain.text
        for start, end in _sentence_bounds(text):
            chunk = text[start:end]
            stripped = chunk.strip()
            if not stripped:
                continue
            words = tuple(find_words(stripped))
            if words:
                first = start + len(chunk) - len(chunk.lstrip())
                sentences.append(Sentence(stripped, block, plain, first, words, len(sentences), scope))
    return sentences


_END = re.compile(r"[.!?]+[\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9£])|[.!?]+[\"'”’)]*\s*$")
_NUMBER = re.compile(r"\d+")


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds = []
    start = 0
    for match in _END.finditer(text):
        if text[match.start()] == ".":
            before = text[start : match.start()].rsplit(None, 1)
            last = before[-1].lower().rstrip(".") if before else ""
            if last in NO_SPLIT_AFTER:
                continue
            if len(before) == 1 and _NUMBER.fullmatch(last):
                continue  # "1. Connect with..." numbered line, not a sentence end
        bounds.append((start, match.end()))
        start = match.end()
    if text[start:].strip():
        bounds.append((start, len(text)))
    return bounds
