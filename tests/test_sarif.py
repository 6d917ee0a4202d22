"""SARIF output for code scanning, validated against the SARIF 2.1.0 schema.

The schema is OASIS's own (sarif-schema-2.1.0.json, errata 01), vendored beside this
file so the test needs no network.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest

from generator.check.rulespec import builtin_rules
from generator.cli import main

from conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "check"
SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
URLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]


@pytest.fixture(scope="module")
def sarif() -> dict:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stderr(io.StringIO()):
        code = main(["check", "--format", "sarif", str(FIXTURES)], stdout=out)
    assert code == 1
    return json.loads(out.getvalue())


@pytest.mark.slow
def test_sarif_is_valid_against_the_2_1_0_schema(sarif):
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    errors = sorted(jsonschema.Draft4Validator(SCHEMA).iter_errors(sarif), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors[:5]]


@pytest.mark.slow
def test_the_schema_catches_a_broken_log(sarif):
    broken = json.loads(json.dumps(sarif))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    del broken["runs"][0]["tool"]["driver"]["name"]
    assert len(list(jsonschema.Draft4Validator(SCHEMA).iter_errors(broken))) == 2


@pytest.mark.slow
def test_every_rule_is_described_in_whole_sentences_with_its_own_help_page(sarif):
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == URLS["Homepage"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == {spec.id for spec in builtin_rules()}
    sections = set(re.findall(r"^## (\S+)$", (ROOT / "docs/rules.md").read_text(encoding="utf-8"), re.M))
    for rule_id, rule in rules.items():
        for field in ("shortDescription", "fullDescription"):
            text = rule[field]["text"]
            assert re.fullmatch(r"[A-Z][^{}]*[.?]", text) and len(text.split()) >= 4, (rule_id, field, text)
        assert rule["fullDescription"]["text"].startswith(rule["shortDescription"]["text"])
        assert rule["helpUri"] == f"{URLS['Documentation']}/rules.md#{rule_id}"
        assert rule_id in sections, f"docs/rules.md has no section for {rule_id}"


@pytest.mark.slow
def test_results_underline_the_words_and_keep_suppressed_ones_as_suppressed(sarif):
    results = sarif["runs"][0]["results"]
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    date = next(r for r in results if r["ruleId"] == "numeric-dates" and "numbers.md" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
    assert date["locations"][0]["physicalLocation"]["region"] == {"startLine": 7, "startColumn": 33, "endLine": 7, "endColumn": 43}
    assert date["message"]["text"].startswith("'03/04/2026' in \"Come on 03/04/2026 at 14:30.\" is a date written in numbers.")
    assert rules[date["ruleIndex"]]["id"] == "numeric-dates"
    for result in results:
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["endLine"], region["endColumn"]) > (region["startLine"], region["startColumn"]), result
    suppressed = [r for r in results if "suppressions" in r]
    assert len(suppressed) == 5 and all(r["suppressions"][0]["kind"] == "inSource" for r in suppressed)


def test_paths_are_uri_references(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "my booklet.md"
    path.write_text("---\ntitle: T\n---\n\n![a tick](tick) Come on 03/04/2026.\n")
    assert main(["check", "--format", "sarif", str(path)]) == 1
    uri = json.loads(capsys.readouterr().out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith("/content/my%20booklet.md")


def test_the_rules_reference_is_written_from_the_rules(capsys):
    assert main(["rules", "--format", "markdown"]) == 0
    assert capsys.readouterr().out == (ROOT / "docs/rules.md").read_text(encoding="utf-8"), "run: easyread rules --format markdown > docs/rules.md"
