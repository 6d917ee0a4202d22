"""Format checker reports: ``text`` (one line per finding), ``json`` and ``sarif``.

The line format is ``path:line:col: level rule-id: message suggestion`` so that
editors and CI can jump to it. SARIF 2.1.0 lets CI systems show findings inline.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from . import __version__, links
from .model import Finding, Report, level_rank

COLOURS = {"error": "\033[31m", "warning": "\033[33m", "suggestion": "\033[36m"}
RESET = "\033[0m"
SARIF_LEVEL = {"error": "error", "warning": "warning", "suggestion": "note"}


def visible(report: Report, min_level: str, show_suppressed: bool = False) -> list[Finding]:
    return [
        f for f in report.findings
        if level_rank(f.level) >= level_rank(min_level) and (show_suppressed or not f.suppressed)
    ]


def summary(reports: Sequence[Report]) -> dict[str, int]:
    return {level: sum(r.count(level) for r in reports) for level in ("error", "warning", "suggestion")}


def as_text(reports: Sequence[Report], min_level: str = "suggestion", colour: bool = False, show_suppressed: bool = False, why: bool = False) -> str:
    lines: list[str] = []
    for report in reports:
        for found in visible(report, min_level, show_suppressed):
            line = found.format()
            if colour:
                line = line.replace(f" {found.level} ", f" {COLOURS[found.level]}{found.level}{RESET} ", 1)
            if found.suppressed:
                line += " (suppressed)"
            lines.append(line)
            if why and found.why:
                lines.append(f"    why: {found.why}")
        m = report.metrics
        lines.append(
            f"{report.path}: " + ", ".join(_counted(report.count(level), level) for level in ("error", "warning", "suggestion"))
            + f" · {_counted(m.get('words', 0), 'word')}, {_counted(m.get('sentences', 0), 'sentence')}"
            + f" · {_scores(m)}"
            + f" · profile {m.get('profile', '')}"
            + _languages(m)
        )
        if m.get("rules_skipped"):
            lines.append(_skipped(report.path, m))
    return "\n".join(lines)


def as_json(reports: Sequence[Report], min_level: str = "suggestion", show_suppressed: bool = False) -> str:
    data: dict[str, Any] = {
        "findings": [
            {**f.as_dict(), **({"suppressed": True} if f.suppressed else {})}
            for r in reports for f in visible(r, min_level, show_suppressed)
        ],
        "metrics": {r.path: dict(r.metrics) for r in reports},
        "summary": summary(reports),
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def as_sarif(reports: Sequence[Report], rules: Sequence[Any], min_level: str = "suggestion") -> str:
    """SARIF 2.1.0 for code scanning: every rule described in whole sentences with a help
    link, and every finding with the start and end of the words it is about.

    Findings switched off in the source are kept, marked as suppressed in the source,
    so that code scanning shows them as dismissed rather than forgetting them.
    """
    rule_index = {spec.id: i for i, spec in enumerate(rules)}
    results = []
    for report in reports:
        for f in visible(report, min_level, show_suppressed=True):
            region: dict[str, Any] = {"startLine": f.span.line, "startColumn": f.span.column}
            if f.end is not None:
                region.update(endLine=f.end.line, endColumn=f.end.column)
            result: dict[str, Any] = {
                "ruleId": f.rule,
                "level": SARIF_LEVEL[f.level],
                "message": {"text": f"{f.message} {f.suggestion}".strip()},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.span.path)}, "region": region}}],
            }
            if f.rule in rule_index:
                result["ruleIndex"] = rule_index[f.rule]
            if f.suppressed:
                result["suppressions"] = [{"kind": "inSource", "justification": "switched off by an easyread comment in the source"}]
            results.append(result)
    driver: dict[str, Any] = {"name": "easyread", "version": __version__, "rules": [_descriptor(spec) for spec in rules]}
    if links.home():
        driver["informationUri"] = links.home()
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results, "columnKind": "unicodeCodePoints"}],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False)


def _scores(m: Any) -> str:
    if m.get("flesch_reading_ease") is not None:
        return f"Flesch reading ease {m['flesch_reading_ease']}, grade {m['flesch_kincaid_grade']}"
    if str(m.get("note", "")).startswith("readability scores are for English"):
        return "no readability scores (they are for English)"
    return "too short for readability scores"


def _languages(m: Any) -> str:
    """' · language cy: 21 rules ran, 12 skipped': how much of the checker looked at this text."""
    if "language" not in m:
        return ""
    ran, skipped = len(m.get("rules_ran", ())), len(m.get("rules_skipped", ()))
    return f" · language {m['language']}: {_counted(ran, 'rule')} ran" + (f", {skipped} skipped" if skipped else "")


def _skipped(path: str, m: Any) -> str:
    """The rules that did not run, named, so that Welsh text never passes on rules that cannot read it."""
    from .messages import NAMES, base

    name = NAMES.get(base(str(m["language"])), str(m["language"]))
    return (f"{path}: skipped for {name} text, as these rules are written for other languages: {', '.join(m['rules_skipped'])}. "
            f"Ask a {name} reader to check for hard words, long linked sentences, passive sentences and numbers in words, "
            "and that each picture fits its words.")
def _descriptor(spec: Any) -> dict[str, Any]:
    """One rule for SARIF: what it finds and why it matters, as whole sentences."""
    full = " ".join(part for part in (spec.summary, spec.why, f"Source: {spec.source}." if spec.source else "") if part)
    descriptor: dict[str, Any] = {
        "id": spec.id,
        "shortDescription": {"text": spec.summary},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": SARIF_LEVEL.get(spec.level, "warning"), "enabled": spec.level in SARIF_LEVEL},
        "properties": {"kind": spec.kind},
    }
    help_uri = links.rule_help(spec.id) if spec.defined_in.startswith("generator/") else spec.link
    if help_uri:
        descriptor["helpUri"] = help_uri
    if spec.suggestion and "{" not in spec.suggestion:
        descriptor["help"] = {"text": f"{spec.why} {spec.suggestion}".strip()}
    return descriptor


def _uri(path: str) -> str:
    """A file path as a URI reference (spaces and other specials escaped), with forward slashes."""
    return quote(path.replace("\\", "/"), safe="/:@-._~")


def _counted(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")
