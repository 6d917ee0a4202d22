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
from .registry import KINDS
from .rulespec import RuleSet, ruleset
from .suppress import apply, ranges

__all__ = ["check", "ruleset", "profile_for", "RuleSet"]


def profile_for(document: Document, default: str) -> str:
    """Front matter picks the profile; otherwise the kind of content does."""
    return str(document.meta.get("profile") or default)


def check(document: Document, rules: RuleSet, project: Project, catalogue: Catalogue, extra_cues: tuple[Cue, ...] = ()) -> Report:
    """Run the rules that can judge the document's language; the report names the ones skipped.

    A rule built on an English word list cannot judge Welsh: running it would pass
    Welsh text with '0 errors' it never looked for, so it is skipped and said so.
    """
    doc = CheckedDocument(document, project, catalogue, {"glossary_cues": extra_cues})
    findings: list[Finding] = []
    ran, skipped = rules.for_language(document.lang)
    for spec in ran:
        findings.extend(KINDS[spec.kind].run(doc, spec))
    switched_off, problems = ranges(document)
    for problem in problems:
        from ..model import Span

        findings.append(Finding("directive", "error", problem.message, Span(problem.path, problem.line, problem.column)))
    findings = apply(findings, switched_off)
    findings.sort(key=lambda f: (f.span.line, f.span.column, f.rule))
    metrics: dict[str, Any] = dict(doc.metrics)
    metrics["profile"] = rules.profile
    metrics["language"] = document.lang
    metrics["rules_ran"] = [spec.id for spec in ran]
    metrics["rules_skipped"] = [spec.id for spec in skipped]
    return Report(document.source.path, tuple(findings), MappingProxyType(metrics))
