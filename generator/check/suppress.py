"""In-source suppression: ``<!-- easyread: ignore rule-id -->`` for the next block,
and ``<!-- easyread: off rule-id -->`` ... ``<!-- easyread: on rule-id -->`` for a
stretch. Suppressed findings are kept (marked) so they can be listed on request.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..errors import Problem
from ..model import Document, Finding

ALL = "*"


@dataclass(frozen=True)
class Range:
    first: int
    last: int
    rules: frozenset[str]

    def covers(self, finding: Finding) -> bool:
        return self.first <= finding.span.line <= self.last and (ALL in self.rules or finding.rule in self.rules)


def ranges(document: Document) -> tuple[list[Range], list[Problem]]:
    """Line ranges switched off per rule, and problems with the directives themselves."""
    starts = sorted({block.span.line for block in document.walk() if block.kind != "list"})
    end_of_file = document.source.text.count("\n") + 1
    out: list[Range] = []
    problems: list[Problem] = []
    open_since: dict[str, int] = {}
    for directive in document.directives:
        rules = directive.rules or (ALL,)
        line = directive.span.line
        if directive.action == "ignore":
            following = [s for s in starts if s > line]
            if following:
                stop = next((s for s in starts if s > following[0]), end_of_file + 1) - 1
                out.append(Range(following[0], stop, frozenset(rules)))
        elif directive.action == "off":
            for rule in rules:
                open_since.setdefault(rule, line)
        elif directive.action == "on":
            for rule in rules:
                if rule in open_since:
                    out.append(Range(open_since.pop(rule), line, frozenset({rule})))
        elif directive.action != "page-break":
            problems.append(
                Problem(directive.span.path, line, directive.span.column, "directive", f"unknown easyread directive '{directive.action}'; use ignore, off, on or page-break")
            )
    for rule, since in open_since.items():
        out.append(Range(since, end_of_file, frozenset({rule})))
    return out, problems


def apply(findings: Iterable[Finding], switched_off: list[Range]) -> list[Finding]:
    return [replace(f, suppressed=True) if any(r.covers(f) for r in switched_off) else f for f in findings]
