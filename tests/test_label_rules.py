"""Label checks are rules in the registry: ids, levels and wording from generator/rules/labels.yaml.

A batch fixture fires every row rule it can without rendering; a project re-levels or
switches off a rule for its batches in easyread.yaml, and a fixed rule (one that
guards what a label must say) can be raised but never lowered or switched off.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from generator.check.rulespec import builtin_rules, ruleset
from generator.cli import main
from generator.labels.lint import check_batch
from generator.labels.rules import ROW_KIND, builtin_label_rules
from generator.labels.settings import project_settings

from conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "labels"
TODAY = date(2026, 11, 22)
# Row rules the batch fixture cannot fire, because only the layout or another file can:
# each is asserted by the test named here.
FIRED_ELSEWHERE = {
    "label-overflow": "test_labels.py::test_overflow_suggests_a_two_part_label",
    "label-compare-skipped": "needs a rendered comparison page (tests/test_label_sheets.py)",
    "label-reminder-left-out": "test_directions.py (reminders)",
    "label-column": "test_labels.py (YAML batch with an unknown field)",
    "label-bnf-text": "test_bnf_text_missing_without_fallback below",
}
ROW = "id,patient_name,medicine_name,medicine_strength,purpose,directions_text,date_dispensed,pharmacy_name,pharmacy_address,pharmacy_postcode,bnf_labels\n"


def project(tmp_path: Path, rows: str, config: str = "") -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "easyread.yaml").write_text(config, encoding="utf-8")
    path = tmp_path / "content" / "batch.csv"
    path.write_text(ROW + rows, encoding="utf-8")
    return path


def shouting(row_id: str = "R1", bnf: str = "") -> str:
    return f"{row_id},Ann Lee,Senna,7.5 mg,CONSTIPATION RELIEF,Take 2 tablets at bedtime,2026-11-16,Riverside Pharmacy,14 Mill Lane; Leeds,LS2 7PQ,{bnf}\n"


def test_the_batch_fixture_gives_exactly_its_expected_findings(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["check", "tests/fixtures/labels/every-rule.csv"]) == 1
    assert capsys.readouterr().out == (FIXTURES / "every-rule.expected").read_text(encoding="utf-8")


def test_every_label_rule_is_fired_by_the_fixture_or_a_named_test():
    fired = set(re.findall(r" (label-[a-z-]+): ", (FIXTURES / "every-rule.expected").read_text(encoding="utf-8")))
    row_rules = {spec.id for spec in builtin_rules() if spec.kind == ROW_KIND}
    assert row_rules - fired == set(FIRED_ELSEWHERE)
    assert "label-dosing-words" in fired  # the checker's own rule, read on a row's directions


def test_label_rules_are_in_force_in_the_label_profile_only():
    def row_rules(profile: str) -> set[str]:
        return {spec.id for spec in ruleset(profile).rules if spec.kind == ROW_KIND}

    assert row_rules("easy-read") == row_rules("large-print") == set()
    assert "label-missing-field" in row_rules("label") and "label-capitals" in row_rules("label")


def test_levels_and_wording_come_from_the_rule_file():
    rules = builtin_label_rules()
    assert rules.level("label-missing-field") == "error" and rules.level("label-capitals") == "warning"
    # The checker's rule is an error in Markdown with the label profile, a warning on a row:
    # a row's text is printed as written and flagged, never refused for its wording.
    assert ruleset("label").get("label-dosing-words").level == "error"  # type: ignore[union-attr]
    assert rules.level("label-dosing-words") == "warning"
    with pytest.raises(KeyError, match=r"not in generator/rules/labels\.yaml"):
        rules.level("label-no-such-rule")


def test_a_project_switches_a_warning_rule_off_for_its_batches(tmp_path):
    loud = project(tmp_path, shouting())
    before = check_batch(loud, project_settings(tmp_path, TODAY))
    assert [(f.rule, f.field) for f in before.findings] == [("label-capitals", "purpose")]
    (tmp_path / "easyread.yaml").write_text("rules:\n  label-capitals: off\n", encoding="utf-8")
    after = check_batch(loud, project_settings(tmp_path, TODAY))
    assert after.findings == () and len(after.labels) == 1


def test_a_project_raises_a_warning_rule_to_an_error_and_the_row_fails(tmp_path):
    path = project(tmp_path, shouting(), "rules:\n  label-capitals: error\n")
    checked = check_batch(path, project_settings(tmp_path, TODAY))
    assert [(f.rule, f.level) for f in checked.findings] == [("label-capitals", "error")]
    assert checked.labels == () and checked.failed_rows == [1]


@pytest.mark.parametrize("override", ["warning", "off", "{level: suggestion}"])
def test_a_fixed_rule_cannot_be_lowered_or_switched_off(tmp_path, capsys, override):
    path = project(tmp_path, shouting(), f"profile: easy-read\nrules:\n  label-missing-field: {override}\n")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "easyread.yaml:3:1" in err
    assert ("rule 'label-missing-field': guards what a medication label must say, so it stays at error or above; "
            "raise it, or fix the rows it finds") in err


def test_a_fixed_warning_can_be_raised(tmp_path):
    row = "R1,Ann Lee,Paracetamol,500 mg,pain,Take 2 tablets when needed,2026-11-16,Riverside Pharmacy,14 Mill Lane; Leeds,LS2 7PQ,\n"
    path = project(tmp_path, row, "rules:\n  label-prn-no-maximum: error\n")
    checked = check_batch(path, project_settings(tmp_path, TODAY))
    assert [(f.rule, f.level) for f in checked.findings] == [("label-prn-no-maximum", "error")]
    assert checked.labels == ()


def test_bnf_text_missing_without_fallback(tmp_path):
    path = project(tmp_path, shouting(bnf="2").replace("CONSTIPATION RELIEF", "constipation"), "labels:\n  bnf_fallback: false\n")
    checked = check_batch(path, project_settings(tmp_path, TODAY))
    assert [(f.rule, f.level, f.field, f.message) for f in checked.findings] == [
        ("label-bnf-text", "error", "bnf_labels",
         "no wording for BNF label 2 (sleepiness, driving and alcohol); add it to easyread.yaml under labels: bnf_text")]


def test_a_rule_file_says_when_fixed_is_not_true_or_false():
    from generator.check.rulespec import parse_rules
    from generator.errors import RuleDefinitionError

    text = "- id: my-rule\n  kind: label_row\n  message: x\n  fixed: sometimes\n"
    with pytest.raises(RuleDefinitionError, match="rule 'my-rule': fixed must be true or false"):
        parse_rules(text, "rules/mine.yaml")
