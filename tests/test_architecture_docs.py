"""docs/architecture.md's worked examples, run as a newcomer would run them.

The rule file, the config line and the content file are copied from the page into a
fresh project, and the finding the page shows must be the one `easyread check`
prints. The label-stock examples are run in tests/test_label_stocks.py.
"""

from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"


def example(name: str) -> str:
    """The fenced block after ``<!-- example: name -->`` on the page, unindented."""
    found = re.search(rf"<!-- example: {name} -->\n(\s*)```\w*\n(.*?)\n\s*```", DOC.read_text(encoding="utf-8"), re.S)
    assert found, f"docs/architecture.md has no example '{name}'"
    return textwrap.dedent(found.group(2)) + "\n"


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, out, err)
    return code, out.getvalue(), err.getvalue()


def test_the_rule_example_finds_what_the_page_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "style").mkdir()
    (tmp_path / "content").mkdir()
    (tmp_path / "style" / "our-rules.yaml").write_text(example("rule-file"))
    (tmp_path / "easyread.yaml").write_text(example("rule-config"))
    (tmp_path / "content" / "visit.md").write_text(example("rule-content"))
    monkeypatch.chdir(tmp_path)
    _code, out, err = run(["check", "content/visit.md"])
    ours = [line for line in out.splitlines() if "say-pharmacy" in line]
    assert ours == example("rule-finding").strip().splitlines(), out + err


def test_the_rule_example_without_its_config_finds_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The finding comes from the rule file (so the test above can fail)."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "visit.md").write_text(example("rule-content"))
    monkeypatch.chdir(tmp_path)
    _, out, _ = run(["check", "content/visit.md"])
    assert [line for line in out.splitlines() if "say-pharmacy" in line] == []
