"""Sentences and words with exact source positions, for rules to read.

Each block's runs are joined into plain text while remembering where every run
started in the file, so a word found at offset 40 of a paragraph maps back to its
own line and column. Splitting is deliberately simple and predictable: a sentence
ends at . ! or ? followed by a space and a capital, digit or quote, or at the end
of the block. Short forms such as "e.g." and "Dr." do not end a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Block, Document, Inline, Span

WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F£$€]+(?:['’&./-][A-Za-z0-9\u00C0-\u024F]+)*")
NO_SPLIT_AFTER = {"e.g", "i.e", "eg", "ie", "dr", "mr", "mrs", "ms", "st", "etc", "approx", "no", "vs", "tel"}
TEXT_BLOCKS = {"paragraph", "heading", "cell"}  # table cells are words too


@dataclass(frozen=True)
class Word:
    text: str
    span: Span
    start: int  # offset inside the sentence text


@dataclass(frozen=True)
class Sentence:
    text: str
    span: Span
    block: Block
    words: tuple[Word, ...]
    index: int  # position in the document, for "the next sentence" rules
    styles: tuple[tuple[int, int, str], ...] = ()  # (start, end, run kind) inside text

    @property
    def is_heading(self) -> bool:
        return self.block.kind == "heading"

    def span_at(self, offset: int) -> Span:
        """File position of a character offset inside this sentence."""
        best = None
        for word in self.words:
            if word.start <= offset:
                best = word
            else:
                break
        if best is None:
            return self.span
        if best.span.line != self.span.line or offset < best.start + len(best.text) + 1:
            return best.span.moved(max(0, offset - best.start))
        return best.span.moved(offset - best.start)


class _Text:
    """Plain text of a run sequence with an offset -> Span map."""

    def __init__(self, runs: tuple[Inline, ...]) -> None:
        self.parts: list[tuple[int, Inline]] = []
        pieces: list[str] = []
        offset = 0
        for run in runs:
            if run.kind == "picture":
                continue
            text = " " if run.kind == "break" else run.text
            self.parts.append((offset, run))
            pieces.append(text)
            offset += len(text)
        self.text = "".join(pieces)

    def span_at(self, offset: int) -> Span:
        chosen = self.parts[0]
        for part in self.parts:
            if part[0] <= offset:
                chosen = part
            else:
                break
        start, run = chosen
        return run.span.moved(offset - start) if run.kind != "break" else run.span

    def styles_between(self, start: int, end: int) -> tuple[tuple[int, int, str], ...]:
        out = []
        for index, (offset, run) in enumerate(self.parts):
            stop = self.parts[index + 1][0] if index + 1 < len(self.parts) else len(self.text)
            if run.kind not in ("text", "break") and offset < end and stop > start:
                out.append((max(offset, start) - start, min(stop, end) - start, run.kind))
        return tuple(out)


def text_blocks(document: Document) -> Iterator[Block]:
    """Blocks whose own runs hold words: headings and paragraphs, in source order."""
    for block in document.walk():
        if block.kind in TEXT_BLOCKS and block.inlines:
            yield block


def split_sentences(document: Document) -> list[Sentence]:
    sentences: list[Sentence] = []
    for block in text_blocks(document):
        plain = _Text(block.inlines)
        for start, end in _sentence_bounds(plain.text):
            chunk = plain.text[start:end]
            lead = len(chunk) - len(chunk.lstrip())
            chunk = chunk.strip()
            if not chunk:
                continue
            first = start + lead
            words = tuple(
                Word(match.group(), plain.span_at(first + match.start()), match.start())
                for match in WORD.finditer(chunk)
            )
            if not words:
                continue
            sentences.append(
                Sentence(chunk, plain.span_at(first), block, words, len(sentences), plain.styles_between(first, first + len(chunk)))
            )
    return sentences


_END = re.compile(r"[.!?]+[\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9£])|[.!?]+[\"'”’)]*\s*$")


def _sentence_bounds(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _END.finditer(text):
        before = text[start : match.start()].rsplit(None, 1)
        last = before[-1].lower().rstrip(".") if before else ""
        if match.group().startswith(".") and last in NO_SPLIT_AFTER:
            continue
        if match.group().startswith(".") and re.fullmatch(r"\d+", last or "x") and len(before) == 1:
            continue  # "1. Connect with..." numbered line, not a sentence end
        yield start, match.end()
        start = match.end()
    if text[start:].strip():
        yield start, len(text)
