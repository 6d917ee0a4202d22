"""docs/architecture.md's worked examples, run as a newcomer would run them.

The rule file, the config line and the content file are copied from the page into a
fresh project, and the finding the page shows must be the one `easyread check`
prints. The stock line is added to a copy of stocks.yaml, and a label printed on it
must come out at that size.
"""

from __future__ import annotations

import io
import re
import shutil
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pikepdf
import pytest

from generator.cli import main
from generator.labels import stock

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
MM_PER_PT = 25.4 / 72


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


@pytest.mark.slow
def test_the_stock_example_prints_labels_of_that_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = example("stock-entry")
    name = entry.split(":", 1)[0]
    data = tmp_path / "data"
    data.mkdir()
    original = (ROOT / "generator" / "labels" / "stocks.yaml").read_text(encoding="utf-8")
    (data / "stocks.yaml").write_text(original.replace("\nstocks:\n", "\nstocks:\n  " + entry, 1))
    monkeypatch.setattr(stock, "resources", SimpleNamespace(files=lambda package: data))
    stock.catalogue.cache_clear()
    try:
        code, out, err = run(["labels", "--stocks"])
        assert code == 0 and name in out and "80 x 50 mm dispensing label" in out, out + err
        batch = tmp_path / "one-label.yaml"
        shutil.copy(ROOT / "content" / "labels" / "one-label.yaml", batch)
        code, out, err = run(["labels", str(batch), "--mode", "large-print", "--stock", name, "--out", str(tmp_path / "out"), "--jobs", "1"])
        assert code == 0, out + err
        pdfs = sorted((tmp_path / "out").rglob("*.pdf"))
        assert pdfs, out + err
        with pikepdf.open(pdfs[0]) as pdf:
            box = [float(v) for v in pdf.pages[0].mediabox]
        assert (round((box[2] - box[0]) * MM_PER_PT), round((box[3] - box[1]) * MM_PER_PT)) == (80, 50)
    finally:
        stock.catalogue.cache_clear()
