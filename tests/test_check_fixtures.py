"""Golden fixtures: each ``tests/fixtures/check/NAME.md`` beside ``NAME.expected``,
the exact findings (``--show-suppressed`` form) in the line format."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import report
from generator.pipeline import check_file

FIXTURES = Path(__file__).parent / "fixtures" / "check"
# A fixture that needs project settings is a small project: NAME/easyread.yaml and NAME/content/NAME.md.
CASES = sorted(FIXTURES.glob("*.md")) + sorted(FIXTURES.glob("*/content/*.md"))


def findings_text(path: Path) -> str:
    _, result = check_file(path)
    lines = []
    for finding in result.findings:
        line = finding.format().replace(str(path), path.name)
        lines.append(line + (" (suppressed)" if finding.suppressed else ""))
    return "\n".join(lines) + "\n"


def _expected(case: Path) -> Path:
    """NAME.expected beside a fixture, or beside its project folder."""
    beside = case.with_suffix(".expected")
    return beside if beside.exists() else FIXTURES / f"{case.stem}.expected"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_fixture(case: Path, monkeypatch):
    monkeypatch.chdir(case.parent)
    expected = _expected(case).read_text(encoding="utf-8")
    assert findings_text(Path(case.name)) == expected


def test_every_builtin_rule_has_a_fixture_that_fires_it():
    from generator.check.rulespec import builtin_rules

    fired = "".join(_expected(case).read_text() for case in CASES)
    untested = {spec.id for spec in builtin_rules() if f" {spec.id}: " not in fired}
    assert not untested, untested


@pytest.mark.parametrize("rule, fixture, quiet_line", [
    ("icon-complexity", "pictures-budget", 9),      # a simple SVG picture
    ("picture-words", "picture-words", 7),          # a bus for "by bus"
    ("picture-words", "picture-words", 13),         # a coach for "buses": a synonym in another form
    ("picture-words", "picture-words", 15),         # travel for "travelling"
    ("picture-overused", "picture-overused", 11),   # the third use is still fine
    ("picture-licence", "picture-licence", 9),      # a CC0 picture where CC BY-SA is not accepted
    ("picture-licence", "picture-licence", 11),     # an MIT picture
    ("label-dosing-words", "label-profile", 12),    # "in the morning"
    ("rewrite-words", "vague-words", 11),           # "bring you a letter"
    ("underline", "underline", 11),                 # bold instead
])
def test_rules_stay_quiet_on_the_plain_version(rule: str, fixture: str, quiet_line: int):
    """True negatives: the plain line beside each true positive gets no finding at all."""
    expected = (FIXTURES / f"{fixture}.expected").read_text()
    assert f"{fixture}.md:{quiet_line}:" not in expected
    assert f" {rule}: " in expected  # and the positive beside it does fire


def test_document_scores_are_quiet_on_long_easy_text_and_never_run_on_short_text():
    long_easy = (FIXTURES / "document-length.expected").read_text()
    assert "reading-ease" not in long_easy and "reading-grade" not in long_easy  # 1,020 easy words
    short_formal = (FIXTURES / "formal-prose.expected").read_text()
    assert "reading-ease" not in short_formal  # under 100 words: scores are not reliable
    assert "reading-ease" in (FIXTURES / "reading-scores.expected").read_text()
    assert report  # formats are exercised in test_cli
