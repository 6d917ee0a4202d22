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
