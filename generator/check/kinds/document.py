"""Kinds about the whole document: length, readability scores, heading order."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Finding, Span
from ..context import CheckedDocument, finding, threshold_level
from ..registry import Param, kind
from ..rulespec import RuleSpec
from ..where import Where, at


def _first_span(doc: CheckedDocument) -> Where | Span:
    """Whole-document findings are shown at the first sentence of the body."""
    return at(doc.body_sentences[0]) if doc.body_sentences else Span(doc.document.source.path, 1, 1)


@kind("document_length", scoped=True, error=Param("int"), warning=Param("int"), suggestion=Param("int"))
def document_length(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """Too many words in total: long documents tire readers; split them into parts."""
    words = sum(len(s.words) for s in doc.read_by(spec))
    level, limit = threshold_level(words, spec.params)
    if level:
        yield finding(spec, _first_span(doc), level, words=words, limit=int(limit))


@kind("document_metric", ("en",), metric=Param("str", required=True), above=Param("number"), below=Param("number"), min_words=Param("int", 100))
def document_metric(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A textstat readability score past a threshold; silent on short texts, where scores mean little."""
    metrics = doc.metrics
    value = metrics.get(spec.params["metric"])
    if metrics["words"] < spec.params["min_words"] or value is None:
        return
    above, below = spec.params["above"], spec.params["below"]
    if (above is not None and value > above) or (below is not None and value < below):
        yield finding(spec, _first_span(doc), value=f"{value:.1f}", limit=above if above is not None else below)


@kind("heading_order")
def heading_order(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A heading that skips a level (h2 straight to h4): screen readers use heading levels to navigate."""
    previous = 1  # the title is the level-1 heading of every product
    for block in doc.blocks:
        if block.kind == "heading":
            if block.level > previous + 1:
                heading = next((s for s in doc.sentences if s.block is block), None)
                yield finding(spec, at(heading) if heading else block.span, level=None, got=block.level, expected=previous + 1)
            previous = block.level
