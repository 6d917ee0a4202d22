"""What every rule kind reads: the document, its sentences, and the picture catalogue.

Sentences are split once per document and shared by all rules, so adding a rule
does not add another pass of sentence splitting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from ..icons import Catalogue
from ..model import Document, Finding, Level, Span, level_rank
from ..project import Project
from .rulespec import RuleSpec
from .text import Sentence, split_sentences


@dataclass
class CheckedDocument:
    document: Document
    project: Project
    catalogue: Catalogue
    extra: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def sentences(self) -> list[Sentence]:
        return split_sentences(self.document)

    @cached_property
    def body_sentences(self) -> list[Sentence]:
        return [s for s in self.sentences if not s.is_heading]

    @cached_property
    def glossary(self) -> set[str]:
        """Hard words the document explains in its glossary (front matter ``hard_words``)."""
        words = self.document.meta.get("hard_words") or {}
        return {str(word).lower() for word in words} if isinstance(words, dict) else set()

    @cached_property
    def metrics(self) -> dict[str, Any]:
        from .metrics import document_metrics

        return document_metrics(self.body_sentences, self.document.lang)

    @property
    def source_path(self) -> Path:
        return Path(self.document.source.path)


def finding(spec: RuleSpec, span: Span, level: str | None = None, suggestion: str = "", **values: Any) -> Finding:
    """Build a finding from a rule's message template; the level never exceeds the rule's."""
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
    return Finding(spec.id, chosen, message, span, why=spec.why, suggestion=suggestion, link=spec.link)  # type: ignore[arg-type]


def threshold_level(value: float, params: dict[str, Any] | Any) -> tuple[Level | None, float]:
    """The highest level whose threshold ``value`` exceeds, and that threshold."""
    for level in ("error", "warning", "suggestion"):
        limit = params.get(level)
        if limit is not None and value > limit:
            return level, limit  # type: ignore[return-value]
    return None, 0


@cache
def whole_words(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of ``terms`` as whole words."""
    bodies = "|".join(r"\s+".join(re.escape(part) for part in term.split()) for term in terms)
    return re.compile(rf"(?<![\w-])(?:{bodies})(?![\w-])", re.IGNORECASE)
