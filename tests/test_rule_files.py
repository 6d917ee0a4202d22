"""A project's rule file and rule overrides: each mistake named at its own line, with
the fix, and the check stops (exit 2) rather than run with a rule half-understood."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.rulespec import builtin_rules, parse_rules
from generator.cli import main
from generator.errors import RuleDefinitionError

GOOD = """- id: say-pharmacy
  kind: pattern
  level: warning
  message: "'{match}': we say pharmacy."
  params:
    patterns:
      - {pattern: '(?i)\\bchemists?\\b', suggestion: "Say 'pharmacy'."}
"""


@pytest.fixture(autouse=True)
def kinds() -> None:
    builtin_rules()  # registers the coded kinds, as every check does before it reads a project's rules


def problems(text: str) -> list[str]:
    with pytest.raises(RuleDefinitionError) as caught:
        parse_rules(text, "style/ours.yaml")
    return [p.format() for p in caught.value.problems]


def test_the_good_entry_reads() -> None:
    (spec,) = parse_rules(GOOD, "style/ours.yaml")
    assert (spec.id, spec.kind, spec.level, spec.line) == ("say-pharmacy", "pattern", "warning", 1)
    assert parse_rules("", "style/ours.yaml") == []


@pytest.mark.parametrize("text, expected", [
    ("id: say-pharmacy\n", ["style/ours.yaml:1:1: error rule-file: a rule file is a list of entries, each starting with '- id:'"]),
    (GOOD + "- just words\n", ["style/ours.yaml:8:1: error rule-file: each entry must be a mapping with id, kind, level and message"]),
    (GOOD.replace("  level: warning\n", "  level: warning\n  colour: red\n"),
     ["style/ours.yaml:4:1: error rule-file: unknown key 'colour'; entries take: fixed, id, kind, languages, level, link, message, params, scope, source, suggestion, summary, why"]),
    ("- id: x\n  kind: pattern\n", ["style/ours.yaml:1:1: error rule-file: an entry needs 'id', 'kind' and 'message'"]),
    (GOOD.replace("level: warning", "level: loud"), ["style/ours.yaml:3:1: error rule-file: rule 'say-pharmacy': level must be error, warning, suggestion or off"]),
    (GOOD[: GOOD.index("  params:")] + "  params: [a, b]\n", ["style/ours.yaml:5:1: error rule-file: rule 'say-pharmacy': params must be a mapping"]),
    (GOOD + "  scope: [12]\n", ["style/ours.yaml:8:1: error rule-file: rule 'say-pharmacy': scope must be one of heading, paragraph, list, quote, or a list of them"]),
])
def test_rule_file_mistakes(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


def test_a_rule_id_given_twice_names_both_places(project: Path, capsys) -> None:
    (project / "style").mkdir()
    (project / "style" / "a.yaml").write_text(GOOD)
    (project / "style" / "b.yaml").write_text("# ours too\n" + GOOD)
    (project / "easyread.yaml").write_text("rule_files: [style/a.yaml, style/b.yaml]\n")
    path = project / "content/posters/p.md"
    path.write_text("---\ntitle: T\n---\n\n![a pill](pill) Ask the chemist.\n")
    assert main(["check", str(path)]) == 2
    assert capsys.readouterr().err == (f"{project / 'style' / 'b.yaml'}:2:1: error rule-file: duplicate rule id 'say-pharmacy' "
                                       f"(first defined at {project / 'style' / 'a.yaml'}:1)\n")


@pytest.mark.parametrize("override, message", [
    ("[warning]", "give a level (error, warning, suggestion, off) or a mapping of level, params, scope and languages"),
    ("{params: [12]}", "params must be a mapping, like {warning: 12}"),
    ("{level: loud}", "'loud' is not a level; use error, warning, suggestion or off"),
])
def test_override_mistakes(project: Path, capsys, override: str, message: str) -> None:
    (project / "easyread.yaml").write_text(f"rules:\n  sentence-length: {override}\n")
    path = project / "content/posters/p.md"
    path.write_text("---\ntitle: T\n---\n\n![a pill](pill) Take it.\n")
    assert main(["check", str(path)]) == 2
    assert capsys.readouterr().err == f"{project / 'easyread.yaml'}:2:1: error config: rule 'sentence-length': {message}\n"
