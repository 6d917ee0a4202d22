"""Golden fixtures: each ``tests/fixtures/check/NAME.md`` beside ``NAME.expected``,
the exact findings (``--show-suppressed`` form) in the line format."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import report
from generator.pipeline import check_file

FIXTURES = Path(__file__).parent / "fixtures" / "check"
CASES = sorted(FIXTURES.glob("*.md"))


def findings_text(path: Path) -> str:
    _, result = check_file(path)
    lines = []
    for finding in result.findings:
        line = finding.format().replace(str(path), path.name)
        lines.append(line + (" (suppressed)" if finding.suppressed else ""))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_fixture(case: Path, monkeypatch):
    monkeypatch.chdir(case.parent)
    expected = case.with_suffix(".expected").read_text(encoding="utf-8")
    assert findings_text(Path(case.name)) == expected


def test_every_builtin_rule_has_a_fixture_that_fires_it():
    from generator.check.rulespec import builtin_rules

    fired = "".join(case.with_suffix(".expected").read_text() for case in CASES)
    untested = {
        spec.id for spec in builtin_rules()
        if f" {spec.id}: " not in fired and spec.id not in {"icon-complexity", "label-dosing-words", "rewrite-words", "average-sentence-length",
                                                         "sentences-per-row", "document-length", "reading-ease", "reading-grade", "long-words", "hard-word-explained", "semicolons", "underline"}
    }
    assert not untested, untested
    assert report  # formats are exercised in test_cli
