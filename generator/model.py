"""The one document model every stage shares.

Everything here is a frozen dataclass carrying where it came from (``Span``), so a
finding found late (in the checker, or in layout) can still point at the author's
file, line and column. Stages build new values; nothing edits what an earlier
stage produced. This module imports nothing from the rest of the package.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

Level = Literal["error", "warning", "suggestion"]
LEVELS: tuple[Level, ...] = ("suggestion", "warning", "error")


def level_rank(level: str) -> int:
    """Order levels so that ``error`` > ``warning`` > ``suggestion``."""
    return LEVELS.index(level)  # an unknown level raises ValueError


@dataclass(frozen=True, slots=True)
class Span:
    """A 1-based position in a source file."""

    path: str
    line: int
    column: int = 1

    def moved(self, columns: int) -> Span:
        return Span(self.path, self.line, self.column + columns)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A content file as read from disk: front matter split from the body.

    ``body_line`` is the 1-based line of the file where the Markdown body starts, so
    positions found in the body can be turned back into file positions.
    """

    path: str
    text: str
    meta: Mapping[str, Any]
    meta_lines: Mapping[str, int]
    body: str
    body_line: int
    kind: str

    def meta_span(self, key: str) -> Span:
        return Span(self.path, self.meta_lines.get(key, 1), 1)


@dataclass(frozen=True, slots=True)
class Cue:
    """A picture cue ``![alt](target)``: an icon name or a picture file."""

    target: str
    alt: str
    decorative: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Inline:
    """One run of inline content. ``kind`` is text, strong, em, code, break or link."""

    kind: str
    text: str
    span: Span
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """A block of the body.

    kinds: ``heading`` (level 1-6), ``paragraph``, ``list`` (ordered or not, items as
    children), ``item``, ``quote``, ``code`` (fenced or indented; its text as one
    ``code`` run), ``table`` (``row`` children, ``level=1`` for the header row, each
    holding ``cell`` blocks), ``rule`` (a thematic break) and ``unsupported``
    (Markdown we have no block for, kept as text so it is printed and reported).
    A paragraph that starts with a picture cue keeps the cue in ``cue``; later
    stages make easy-read rows and poster tiles of them.
    """

    kind: str
    span: Span
    inlines: tuple[Inline, ...] = ()
    children: tuple[Block, ...] = ()
    cue: Cue | None = None
    level: int = 0
    ordered: bool = False
    start: int = 1

    @property
    def text(self) -> str:
        """Plain words of this block and its children, as a reader would hear them."""
        own = "".join(run.text if run.kind != "break" else " " for run in self.inlines)
        parts = [own] + [child.text for child in self.children]
        return " ".join(part for part in parts if part)

    def walk(self) -> Iterator[Block]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Directive:
    """An in-source instruction ``<!-- easyread: ignore|off|on rule-id ... -->``."""

    action: str
    rules: tuple[str, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed content file: its source, front matter and blocks in source order."""

    source: SourceFile
    blocks: tuple[Block, ...]
    directives: tuple[Directive, ...] = ()
    # A bilingual booklet (``lang: [cy, en]``): the same booklet in the second language,
    # read from the file its ``translation:`` field names.
    translation: Document | None = None

    @property
    def meta(self) -> Mapping[str, Any]:
        return self.source.meta

    @property
    def kind(self) -> str:
        return self.source.kind

    @property
    def title(self) -> str:
        return str(self.meta.get("title", ""))

    @property
    def lang(self) -> str:
        """The language of this file's own words: the first of ``lang: [cy, en]``."""
        return self.languages[0]

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language the document prints, first one first: ('cy', 'en') when bilingual."""
        value = self.meta.get("lang", "en-GB")
        return tuple(str(v) for v in value) if isinstance(value, (list, tuple)) else (str(value),)

    def walk(self) -> Iterator[Block]:
        for block in self.blocks:
            yield from block.walk()

    def cues(self) -> Iterator[Cue]:
        cover = self.meta.get("cover")
        if isinstance(cover, Cue):
            yield cover
        for block in self.walk():
            if block.cue is not None:
                yield block.cue


@dataclass(frozen=True, slots=True)
class Finding:
    """One result of the checker, pointing at the author's words."""

    rule: str
    level: Level
    message: str
    span: Span
    why: str = ""
    suggestion: str = ""
    link: str = ""
    suppressed: bool = False
    end: Span | None = None  # just after the last flagged character, so tools can underline the words
    sentence: str = ""  # the whole sentence the finding is about, when it is about one

    def format(self) -> str:
        text = f"{self.span.path}:{self.span.line}:{self.span.column}: {self.level} {self.rule}: {self.message}"
        if self.suggestion:
            text += f" {self.suggestion}"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.span.path,
            "line": self.span.line,
            "column": self.span.column,
            "rule": self.rule,
            "level": self.level,
            "message": self.message,
            "suggestion": self.suggestion,
            "end_line": self.end.line if self.end else self.span.line,
            "end_column": self.end.column if self.end else self.span.column,
            "sentence": self.sentence,
        }


@dataclass(frozen=True, slots=True)
class Report:
    """All findings for one file, plus the document metrics the checker measured."""

    path: str
    findings: tuple[Finding, ...]
    metrics: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def active(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.suppressed)

    def count(self, level: str) -> int:
        return sum(1 for f in self.active if f.level == level)

    def fails(self, strict: bool = False) -> bool:
        """True when a finding reaches the failing level (errors; warnings too if strict)."""
        bar = "warning" if strict else "error"
        return any(level_rank(f.level) >= level_rank(bar) for f in self.active)
