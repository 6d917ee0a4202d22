"""Check stage: run the rules of a profile over a document and return a ``Report``.

``check`` is pure: it reads the document, the rule set and the picture catalogue,
and returns findings sorted by position, with in-source suppressions applied.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from ..icons import Catalogue
from ..model import Cue, Document, Finding, Report
from ..project import Project
from .context import CheckedDocument
from .metrics import SCORES_FROM
from .registry import KINDS
from .rulespec import RuleSet, ruleset
from .suppress import apply, ranges

__all__ = ["check", "ruleset", "profile_for", "RuleSet"]


def profile_for(document: Document, default: str) -> str:
    """Front matter picks the profile; otherwise the kind of content does."""
    return str(document.meta.get("profile") or default)


def check(document: Document, rules: RuleSet, project: Project, catalogue: Catalogue, extra_cues: tuple[Cue, ...] = ()) -> Report:
    # Readability scores are worked out from the fewest words any active rule asks for.
    scores_from = min([SCORES_FROM, *(spec.params["min_words"] for spec in rules.rules if spec.kind == "document_metric")])
    doc = CheckedDocument(document, project, catalogue, {"glossary_cues": extra_cues, "scores_from": scores_from})
    findings: list[Finding] = []
    for spec in rules.rules:
        findings.extend(KINDS[spec.kind].run(doc, spec))
    switched_off, problems = ranges(document)
    for problem in problems:
        from ..model import Span

        findings.append(Finding("directive", "error", problem.message, Span(problem.path, problem.line, problem.column)))
    findings = apply(findings, switched_off)
    findings.sort(key=lambda f: (f.span.line, f.span.column, f.rule))
    metrics: dict[str, Any] = dict(doc.metrics)
    metrics["profile"] = rules.profile
    return Report(document.source.path, tuple(findings), MappingProxyType(metrics))
