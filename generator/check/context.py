"""What every rule kind reads: the document, its sentences, and the picture catalogue.

Sentences are split once per document and shared by all rules, so adding a rule
does not add another pass of sentence splitting; patterns run once over the whole
text (``search.py``), not once per sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..icons import Catalogue, Resolved, resolve
from ..model import Block, Cue, Document, Finding, Level, Span, level_rank
from ..project import Project
from .rulespec import RuleSpec
from .search import ANALYSE_FROM, SEPARATOR, literals, needs, search
from .text import Sentence, split_sentences
from .where import Where

DIGIT = re.compile(r"\d")
WORD_RUN = re.compile(r"[^\W_]+")  # letters and digits: a whole word of a term is one of these
NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")


@dataclass
class CheckedDocument:
    document: Document
    project: Project
    catalogue: Catalogue
    extra: dict[Hashable, Any] = field(default_factory=dict)  # options by name, and caches keyed by tuples

    @cached_property
    def sentences(self) -> list[Sentence]:
        return split_sentences(self.document)

    @cached_property
    def body_sentences(self) -> list[Sentence]:
        return [s for s in self.sentences if not s.is_heading]

    @cached_property
    def first_sentences(self) -> dict[int, Sentence]:
        """id(block) -> the block's first sentence."""
        first: dict[int, Sentence] = {}
        for sentence in self.sentences:
            first.setdefault(id(sentence.block), sentence)
        return first

    @cached_property
    def blocks(self) -> list[Block]:
        """Every block, nested ones too, in source order (walked once, read by many rules)."""
        return list(self.document.walk())

    def numbers(self, sentences: Sequence[Sentence]) -> frozenset[int] | None:
        """The indexes of ``sentences`` as a set, or None for all of them."""
        if len(sentences) == len(self.sentences):
            return None
        key = ("numbers", id(sentences))
        cached = self.extra.get(key)
        if cached is None or cached[0] is not sentences:
            cached = self.extra[key] = (sentences, frozenset(s.index for s in sentences))
        return cached[1]

    def read_by(self, spec: RuleSpec, headings: bool = False) -> list[Sentence]:
        """The sentences a rule reads: those in its ``scope``; without one, the body
        (and the headings too when ``headings``)."""
        if spec.scope is None:
            return self.sentences if headings else self.body_sentences
        key = ("scope", spec.scope)
        if key not in self.extra:
            self.extra[key] = [s for s in self.sentences if s.scope in spec.scope]
        return self.extra[key]  # type: ignore[no-any-return]

    @cached_property
    def glossary(self) -> set[str]:
        """Hard words the document explains in its glossary (front matter ``hard_words``)."""
        words = self.document.meta.get("hard_words") or {}
        return {str(word).lower() for word in words} if isinstance(words, dict) else set()

    @cached_property
    def metrics(self) -> dict[str, Any]:
        from .metrics import document_metrics

        return document_metrics(self.body_sentences, self.document.lang, self.extra.get("scores_from", 100))

    @cached_property
    def cues(self) -> tuple[Cue, ...]:
        """Every picture cue: the document's own, then its glossary's."""
        return (*self.document.cues(), *self.extra.get("glossary_cues", ()))

    @cached_property
    def source_path(self) -> Path:
        return Path(self.document.source.path)

    def resolved(self, target: str) -> Resolved:
        """A picture cue target resolved once per document, however often it is used."""
        cache_ = self.extra.setdefault("resolved", {})
        if target not in cache_:
            cache_[target] = resolve(target, self.source_path, self.project, self.catalogue)
        return cache_[target]  # type: ignore[no-any-return]

    # -- whole-text search ---------------------------------------------------

    @cached_property
    def text(self) -> str:
        """Every sentence, one per line: what the regular expressions of the rules run over."""
        return SEPARATOR.join(s.text for s in self.sentences)

    @cached_property
    def _starts(self) -> list[int]:
        starts, offset = [], 0
        for sentence in self.sentences:
            starts.append(offset)
            offset += len(sentence.text) + 1
        return starts

    @cached_property
    def _word_index(self) -> tuple[dict[str, list[int]], list[int]]:
        """Lower-case runs of letters and digits -> the sentences holding them; and the sentences
        with letters outside ASCII, where case rules are subtler and every search looks."""
        index: dict[str, list[int]] = {}
        everywhere: list[int] = []
        for sentence in self.sentences:
            text = sentence.text
            if not text.isascii() and NON_ASCII_LETTER.search(text):
                everywhere.append(sentence.index)
                continue
            # In ASCII text every run of letters and digits lies inside one of the
            # sentence's words, so the words, already found, give the runs.
            runs = set()
            for word in sentence.words:
                if word.isalnum():
                    runs.add(word.lower())
                else:
                    runs.update(WORD_RUN.findall(word.lower()))
            for run in runs:
                index.setdefault(run, []).append(sentence.index)
        return index, everywhere

    def holding(self, terms: Iterable[str], within: Sequence[Sentence] | None = None) -> list[Sentence]:
        """The sentences that may hold one of ``terms`` as whole words, in any case.

        A match of a term holds each of its word runs as a whole run, so the
        sentences holding the term's rarest run are enough; this is a superset,
        which the rule's own pattern then narrows.
        """
        index, everywhere = self._word_index
        chosen = set(everywhere)
        for term in terms:
            runs = WORD_RUN.findall(term.lower())
            if not runs:
                return list(within if within is not None else self.sentences)
            chosen.update(index.get(min(runs, key=lambda run: len(index.get(run, ()))), ()))
        keep = None if within is None else self.numbers(within)
        if keep is not None:
            chosen &= keep
        return [self.sentences[i] for i in sorted(chosen)]

    def search(self, pattern: re.Pattern[str], within: Sequence[Sentence] | None = None) -> Iterator[tuple[Sentence, int, re.Match[str]]]:
        """Matches of ``pattern`` as (sentence, offset in the sentence, match), in order.

        The same matches as running the pattern on each sentence alone, found in
        one pass (see ``search.py``). ``within`` keeps only matches in those sentences.
        """
        keep = None if within is None else self.numbers(within)
        analyse = len(self.text) >= ANALYSE_FROM
        need = needs(pattern) if analyse else None
        texts = literals(pattern) if analyse and not need else None
        if need:
            sentences = self._holding_need(need)
        elif texts:
            sentences = self._holding_text(texts, bool(pattern.flags & re.IGNORECASE))
        else:
            sentences = self.sentences
        text, starts = (self.text, self._starts) if sentences is self.sentences else _joined(sentences)
        for index, offset, match in search(pattern, text, starts, split=analyse):
            sentence = sentences[index]
            if keep is None or sentence.index in keep:
                yield sentence, offset, match

    def _holding_need(self, need: tuple[str, int]) -> list[Sentence]:
        """The sentences holding a digit, or a run of ``n`` letters (see ``search.needs``)."""
        key = ("need", need)
        if key not in self.extra:
            if need[0] == "digit":
                self.extra[key] = [s for s in self.sentences if DIGIT.search(s.text)]
            else:
                index, everywhere = self._word_index
                chosen = set(everywhere).union(*(found for run, found in index.items() if len(run) >= need[1]))
                self.extra[key] = [self.sentences[i] for i in sorted(chosen)]
        return self.extra[key]  # type: ignore[no-any-return]

    def _holding_text(self, texts: frozenset[str], fold: bool) -> list[Sentence]:
        """The sentences holding one of ``texts`` (``fold``: in any case, found in the lower-cased
        text), and every sentence with characters outside ASCII, whose case rules are subtler."""
        key = ("text", texts, fold)
        if key not in self.extra:
            whole = self._lower if fold else self.text
            if len(whole) != len(self.text):
                return self.sentences  # lower case changed the length: offsets would not match
            starts, found = self._starts, set(self._not_ascii if fold else ())
            for text in texts:
                at = whole.find(text)
                while at >= 0:
                    found.add(bisect_right(starts, at) - 1)
                    at = whole.find(text, at + 1)
            self.extra[key] = [self.sentences[i] for i in sorted(found)]
        return self.extra[key]  # type: ignore[no-any-return]

    @cached_property
    def _lower(self) -> str:
        return self.text.lower()

    @cached_property
    def _not_ascii(self) -> list[int]:
        return [s.index for s in self.sentences if not s.text.isascii()]

    def search_each(self, pattern: re.Pattern[str], sentences: Iterable[Sentence]) -> Iterator[tuple[Sentence, int, re.Match[str]]]:
        """Matches of ``pattern`` in a few sentences, each searched on its own."""
        for sentence in sentences:
            for match in pattern.finditer(sentence.text):
                yield sentence, match.start(), match


def _joined(sentences: Sequence[Sentence]) -> tuple[str, list[int]]:
    starts, offset = [], 0
    for sentence in sentences:
        starts.append(offset)
        offset += len(sentence.text) + 1
    return SEPARATOR.join(s.text for s in sentences), starts


def finding(spec: RuleSpec, where: Where | Span, level: str | None = None, suggestion: str = "", **values: Any) -> Finding:
    """Build a finding from a rule's message template; the level never exceeds the rule's.

    Templates may use ``{quote}``: a short quote of the sentence (see ``where.py``).
    """
    if isinstance(where, Span):
        where = Where(where)
    values.setdefault("quote", where.quote)
    chosen: str = spec.level
    if level is not None and level_rank(level) < level_rank(spec.level):
        chosen = level
    try:
        message = spec.message.format(**values)
    except (KeyError, IndexError):
        message = spec.message
    if not suggestion and spec.suggestion:
        try:
            suggestion = spec.suggestion.format(**values)
        except (KeyError, IndexError):
            suggestion = spec.suggestion
    return Finding(spec.id, chosen, message, where.span, why=spec.why, suggestion=suggestion, link=spec.link,  # type: ignore[arg-type]
                   end=where.end, sentence=where.sentence)


def threshold_level(value: float, params: dict[str, Any] | Any) -> tuple[Level | None, float]:
    """The highest level whose threshold ``value`` exceeds, and that threshold."""
    for level in ("error", "warning", "suggestion"):
        limit = params.get(level)
        if limit is not None and value > limit:
            return level, limit
    return None, 0
