"""More row checks, one row each (tests/fixtures/labels/more-rules.csv): the pharmacy's
address, US labels, strengths, units, courses, BNF numbers, custom warnings, dates and
QR links. The findings are the exact lines in more-rules.expected, each read by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "labels"


def test_each_row_gives_exactly_its_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "easyread.yaml").write_text("labels:\n  qr_domains: [www.nhs.uk]\n")
    shutil.copy(FIXTURES / "more-rules.csv", tmp_path / "content" / "more.csv")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "content/more.csv"]) == 1
    assert capsys.readouterr().out == (FIXTURES / "more-rules.expected").read_text(encoding="utf-8")


def test_a_yaml_batch_names_unknown_nested_fields_and_long_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """Row 1 has a 'teatime' in its schedule and a colour for its quantity (and licensed
    wording for its BNF label, which is read); row 2 a description of 4,001 characters."""
    (tmp_path / "content").mkdir()
    shutil.copy(FIXTURES / "more-rules.yaml", tmp_path / "content" / "batch.yaml")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "content/batch.yaml"]) == 1
    assert capsys.readouterr().out == (
        "content/batch.yaml:13:1: error label-column: row 1, schedule.teatime: unknown column 'schedule.teatime'; start it with x_ to keep your own notes\n"
        "content/batch.yaml:23:1: error label-column: row 1, quantity.colour: unknown column 'quantity.colour'; start it with x_ to keep your own notes\n"
        "content/batch.yaml:41:1: error label-too-long: row 2, medicine_description: 4,001 characters; a field may hold 4,000 at most\n"
        "content/batch.yaml: 2 rows, 0 ready, 2 failed (rows 1, 2) · 3 errors, 0 warnings\n")


@pytest.mark.parametrize("text, message", [
    ("# nothing yet\n", "content/batch.yaml:1:1: error label-file: there are no labels in this file; add one row per label under the header"),
    ("- id: RX1\n- just a name\n", "content/batch.yaml:2:1: error label-file: each label must be a set of 'field: value' lines"),
])
def test_a_yaml_batch_that_is_not_labels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, text: str, message: str) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "batch.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "content/batch.yaml"]) == 1
    assert capsys.readouterr().err == message + "\n"


ROW = ("id,patient_name,medicine_name,medicine_strength,directions_text,date_dispensed,pharmacy_name,pharmacy_address,pharmacy_postcode\n"
       "R1,,Senna,7.5 mg,Take 2 tablets at bedtime,2026-11-16,Riverside Pharmacy,14 Mill Lane; Leeds,LS2 7PQ\n")


@pytest.mark.slow
def test_a_row_naming_no_patient_cannot_be_on_a_companion_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "batch.csv").write_text(ROW)
    monkeypatch.chdir(tmp_path)
    assert main(["labels", "content/batch.csv", "--companion", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "note: row 1 names no patient, so no companion sheet can show that medicine\n" in err
    assert not list((tmp_path / "output").rglob("*.companion.pdf"))


def test_a_label_too_big_to_compare_on_a4_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "batch.csv").write_text(ROW.replace("R1,,", "R1,Ann Lee,"))
    monkeypatch.chdir(tmp_path)
    assert main(["labels", "content/batch.csv", "--mode", "large-print", "--stock", "shipping-4x6in", "--compare"]) == 2
    assert capsys.readouterr().err == ("--compare: error usage: a 101.6 x 152.4 mm label is too big to show beside the standard one on A4; "
                                       "compare with --stock a6 or smaller\n")
