"""Check stage: run the rules of a profile over a document and return a ``Report``.

``check`` is pure: it reads the document, the rule set and the picture catalogue,
and returns findings sorted by position, with in-source suppressions applied.
"""

from __future__ import annotations

import difflib
from types import MappingProxyType
from typing import Any

from ..icons import Catalogue
from ..model import Cue, Document, Finding, Report, Span
from ..project import Project
from .context import CheckedDocument
from .metrics import SCORES_FROM
from .registry import KINDS
from .rulespec import RuleSet, ruleset
from .suppress import ALL, apply, ranges

__all__ = ["RuleSet", "check", "profile_for", "ruleset"]


def profile_for(document: Document, default: str) -> str:
    """Front matter picks the profile; otherwise the kind of content does."""
    return str(document.meta.get("profile") or default)


def check(document: Document, rules: RuleSet, project: Project, catalogue: Catalogue, extra_cues: tuple[Cue, ...] = ()) -> Report:
    """Run the rules that can judge the document's language; the report names the ones skipped.

    A rule built on an English word list cannot judge Welsh: running it would pass
    Welsh text with '0 errors' it never looked for, so it is skipped and said so.
    """
    ran, skipped = rules.for_language(document.lang)
    # Readability scores are worked out from the fewest words any active rule asks for.
    scores_from = min([SCORES_FROM, *(spec.params["min_words"] for spec in ran if spec.kind == "document_metric")])
    doc = CheckedDocument(document, project, catalogue, {"glossary_cues": extra_cues, "scores_from": scores_from})
    findings: list[Finding] = []
    for spec in ran:
        findings.extend(KINDS[spec.kind].run(doc, spec))
    switched_off, problems = ranges(document)
    lines = document.source.text.split("\n")
    for problem in problems:
        end = Span(problem.path, problem.line, len(lines[problem.line - 1]) + 1 if 0 < problem.line <= len(lines) else problem.column + 1)
        findings.append(Finding("directive", "error", problem.message, Span(problem.path, problem.line, problem.column), end=end))
    findings.extend(_unknown_rule_ids(document, rules, lines))
    findings = apply(findings, switched_off)
    findings.sort(key=lambda f: (f.span.line, f.span.column, f.rule))
    metrics: dict[str, Any] = dict(doc.metrics)
    metrics["profile"] = rules.profile
    metrics["language"] = document.lang
    metrics["rules_ran"] = [spec.id for spec in ran]
    metrics["rules_skipped"] = [spec.id for spec in skipped]
    return Report(document.source.path, tuple(findings), MappingProxyType(metrics))


def _unknown_rule_ids(document: Document, rules: RuleSet, lines: list[str]) -> list[Finding]:
    """A rule id in a suppression comment that names no rule: a typo would silence nothing."""
    known = rules.known or frozenset(spec.id for spec in rules.rules)
    found = []
    for directive in document.directives:
        if directive.action not in ("ignore", "off", "on"):
            continue  # an unknown action is reported as such
        for rule_id in directive.rules:
            if rule_id == ALL or rule_id in known:
                continue
            close = difflib.get_close_matches(rule_id, sorted(known), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "run 'easyread rules' to list them."
            line = lines[directive.span.line - 1] if 0 < directive.span.line <= len(lines) else ""
            column = line.find(rule_id) + 1 or directive.span.column
            found.append(Finding("directive", "error", f"this comment names no rule '{rule_id}'; {hint}",
                                 Span(directive.span.path, directive.span.line, column),
                                 suggestion="Fix the rule id, or the finding it meant to switch off still shows.",
                                 end=Span(directive.span.path, directive.span.line, column + len(rule_id))))
    return found
