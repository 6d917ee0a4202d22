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
    untested = {spec.id for spec in builtin_rules() if f" {spec.id}: " not in fired}
    assert not untested, untested


@pytest.mark.parametrize("rule, fixture, quiet_line", [
    ("icon-complexity", "pictures-budget", 9),      # a simple SVG picture
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


def check_text(tmp_path: Path, body: str, config: str = "", rule_file: str = "") -> list[str]:
    """Findings (line format, file name only) for a booklet with this body in a fresh project."""
    (tmp_path / "content").mkdir(exist_ok=True)
    if config:
        (tmp_path / "easyread.yaml").write_text(config)
    if rule_file:
        (tmp_path / "ours.yaml").write_text(rule_file)
    path = tmp_path / "content" / "b.md"
    path.write_text("---\ntitle: Test\n---\n\n" + body)
    _, result = check_file(path)
    return [f.format().replace(str(path), "b.md") for f in result.findings if not f.suppressed]


def test_a_rule_scope_picks_where_it_looks(tmp_path: Path):
    body = "## We assist you\n\n![a tick](tick) We assist you.\n\n- ![a tick](tick) We assist you.\n"
    everywhere = [f for f in check_text(tmp_path, body) if "hard-words" in f]
    assert [f.split(":")[1] for f in everywhere] == ["5", "7", "9"]
    rule = ("- id: our-words\n  kind: word_list\n  level: warning\n  message: \"'{word}' is ours.\"\n"
            "  scope: [list]\n  params: {words: {assist: help}}\n")
    ours = [f for f in check_text(tmp_path, body, "rule_files: [ours.yaml]\n", rule) if "our-words" in f]
    assert ours == ["b.md:9:22: warning our-words: 'assist' is ours. Say 'help' instead."]
    headings_only = check_text(tmp_path, body, "rules:\n  hard-words: {scope: heading}\n")
    assert [f.split(":")[1] for f in headings_only if "hard-words" in f] == ["5"]


def test_scope_mistakes_are_rule_file_errors_at_their_line():
    from generator.check.rulespec import parse_rules
    from generator.errors import RuleDefinitionError

    text = ("- id: a\n  kind: pattern\n  message: m\n  scope: [lists]\n  params: {patterns: [x]}\n"
            "- id: b\n  kind: heading_order\n  message: m\n  scope: heading\n")
    with pytest.raises(RuleDefinitionError) as info:
        parse_rules(text, "ours.yaml")
    assert str(info.value).splitlines() == [
        "ours.yaml:4:1: error rule-file: rule 'a': unknown scope 'lists'; did you mean 'list'?",
        "ours.yaml:9:1: error rule-file: rule 'b': kind 'heading_order' does not read sentences, so it takes no 'scope'",
    ]


def test_a_readability_rule_min_words_below_100_is_honoured(tmp_path: Path):
    body = "".join("![a document](document) Organisational accountability mechanisms necessitate documentation.\n\n" for _ in range(5))
    assert not any("reading-ease" in f for f in check_text(tmp_path, body))  # 30 words: under the default 100
    low = check_text(tmp_path, body, "rules:\n  reading-ease: {params: {min_words: 20}}\n")
    assert [f for f in low if "reading-ease" in f] == ["b.md:5:25: suggestion reading-ease: Flesch Reading Ease is -170.5; aim for 80 or more."]
