"""A project's own label stocks and sheets (``labels: stocks:``), read by the same reader as ours.

The examples on docs/labels.md and docs/architecture.md are copied into a fresh
project: the listing marks them, labels come out at their size, and each mistake is
named at its line in the settings file.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pikepdf
import pytest

from generator.cli import main
from generator.errors import ConfigError
from generator.labels import stock
from generator.labels.settings import project_settings

ROOT = Path(__file__).resolve().parent.parent
MM_PER_PT = 25.4 / 72


def example(page: str, name: str) -> str:
    """The fenced block after ``<!-- example: name -->`` on a docs page, unindented."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    found = re.search(rf"<!-- example: {name} -->\n(\s*)```\w*\n(.*?)\n\s*```", text, re.S)
    assert found, f"docs/{page} has no example '{name}'"
    return textwrap.dedent(found.group(2)) + "\n"


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh project folder, as the current folder."""
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_listing_marks_the_projects_own(here: Path) -> None:
    (here / "easyread.yaml").write_text(example("labels.md", "project-stocks"))
    code, out, err = run(["labels", "--stocks"])
    assert code == 0, err
    lines = out.splitlines()
    mine = [line for line in lines if "this project's" in line]
    assert [line.split()[0] for line in mine] == ["dispensing-80x50", "our-8-a-sheet"]
    assert mine[0] == f"  {'dispensing-80x50 (80x50)':<42} {'80 x 50 mm':<22} 80 x 50 mm dispensing label [this project's, from easyread.yaml]"
    assert mine[1] == f"  {'our-8-a-sheet':<42} {'99.1 x 67.7 mm':<22} 8 per A4 sheet [this project's, from easyread.yaml]"
    # the project's stock is listed with the single labels, its sheet with the sheets
    assert lines.index(mine[0]) < lines.index("A4 sheet layouts (--sheet NAME, with --start N for a part-used sheet):") < lines.index(mine[1])
    # and easyread's own are still there, unmarked
    assert any(line.startswith("  L7165 ") and "this project" not in line for line in lines)


def test_without_project_stocks_nothing_is_marked(here: Path) -> None:
    code, out, _ = run(["labels", "--stocks"])
    assert code == 0 and "this project's" not in out and "dispensing-80x50" not in out


def test_project_stocks_are_found_by_name_alias_and_sheet(here: Path) -> None:
    (here / "easyread.yaml").write_text(example("labels.md", "project-stocks"))
    known = project_settings(here).stocks
    assert stock.find_stock("80x50", known) == stock.Stock("dispensing-80x50", 80, 50, 2, "80 x 50 mm dispensing label")
    sheet = stock.find_layout("large-print", sheet="OUR-8-A-SHEET", known=known)
    assert (sheet.name, sheet.per_page, sheet.stock.padding) == ("our-8-a-sheet", 8, 2.5)  # padding left out: 2.5 mm
    assert sheet.cells[0] == stock.Cell(4.65, 13.1) and sheet.cells[-1] == stock.Cell(4.65 + 101.6, 13.1 + 3 * 67.7)
    # the bundled catalogue is untouched: another project does not see them
    with pytest.raises(ConfigError, match="unknown stock 'dispensing-80x50'"):
        stock.find_stock("dispensing-80x50")


def test_pyproject_table_carries_stocks_too(here: Path) -> None:
    (here / "pyproject.toml").write_text('[project]\nname = "pharmacy"\n\n[tool.easyread.labels.stocks]\n'
                                         'dispensing-80x50 = {width = 80, height = 50, note = "ours"}\n')
    code, out, err = run(["labels", "--stocks"])
    assert code == 0, err
    assert "ours [this project's, from pyproject.toml]" in out
    (here / "pyproject.toml").write_text('[tool.easyread.labels.stocks]\nok = {width = 80, height = 50}\nshort = {width = 80}\n')
    code, _, err = run(["labels", "--stocks"])
    assert (code, err) == (2, f"{here / 'pyproject.toml'}:3:1: error label-stock: labels.stocks.short: 'height' is missing; a stock needs width, height\n")


BAD = [
    ("stocks:\n  x: {height: 50}", 3, "labels.stocks.x: 'width' is missing; a stock needs width, height"),
    ("stocks:\n  x:\n    width: 80\n    height: 50\n    padding: -1", 6, "labels.stocks.x.padding: -1 mm is outside 0 to 100 mm; it cannot be negative"),
    ("stocks:\n  x: {width: 80, height: 50, padding: 21}", 3, "labels.stocks.x.padding: 21 mm on each side leaves less than 10 mm of a 80 x 50 mm label for text; make it smaller"),
    ("stocks:\n  x:\n    width: 80\n    height: 50\n    paddin: 2", 6, "labels.stocks.x.paddin: unknown value 'paddin'; did you mean 'padding'?"),
    ("stocks:\n  x: {width: 8, height: 50}", 3, "labels.stocks.x.width: 8 mm is outside 20 to 300 mm"),
    ("stocks:\n  x: {width: '80', height: 50}", 3, "labels.stocks.x.width: '80' must be a number (mm) without quotes, from 20 to 300"),
    ("stocks:\n  x: {width: true, height: 50}", 3, "labels.stocks.x.width: 'True' must be a number (mm) without quotes, from 20 to 300"),
    ("stocks:\n  x: {width: 80, height: 50, note: 5}", 3, "labels.stocks.x.note: the note must be text, in quotes"),
    ("stocks:\n  x: 80x50", 3, "labels.stocks.x: give its values in braces, like {width: ..., height: ...}"),
    ("stocks:\n  'my label': {width: 80, height: 50}", 3, "labels.stocks.my label: a name is letters, digits, '.', '-' and '_' (it goes into file names), like dispensing-80x50"),
    ("stocks:\n  a6: {width: 80, height: 50}", 3, "labels.stocks.a6: 'a6' is already a stock easyread has; give yours another name"),
    ("stocks: [a, b]", 2, "labels.stocks: must be names, each with its values, one to a line"),
    ("sheets:\n  l7165: {label: [99.1, 67.7], grid: [2, 4], margin: [4.65, 13.1], pitch: [101.6, 67.7]}", 3,
     "labels.sheets.l7165: 'l7165' is already a sheet easyread has; give yours another name"),
    ("sheets:\n  s: {label: [99.1, 67.7], grid: [3, 4], margin: [4.65, 13.1], pitch: [101.6, 67.7]}", 3,
     "labels.sheets.s: the labels do not fit on A4: the last one ends 306.95 mm across and 283.9 mm down (A4 is 210 x 297 mm); check its margin, pitch and grid"),
    ("sheets:\n  s: {label: [99.1, 67.7], grid: [2, 4], margin: [4.65, 13.1], pitch: [90, 67.7]}", 3,
     "labels.sheets.s: the labels overlap: a pitch of 90 x 67.7 mm is smaller than the 99.1 x 67.7 mm label; check its pitch"),
    ("sheets:\n  s:\n    label: [99.1, 67.7]\n    grid: [2.5, 4]\n    margin: [4.65, 13.1]\n    pitch: [101.6, 67.7]", 5,
     "labels.sheets.s.grid: 2.5 x 4: count whole labels across and down, like [2, 4]"),
    ("sheets:\n  s:\n    label: 99.1 x 67.7\n    grid: [2, 4]\n    margin: [4.65, 13.1]\n    pitch: [101.6, 67.7]", 4,
     "labels.sheets.s.label: give two numbers in brackets: the label's width and height in mm, like [99.1, 67.7]"),
    ("sheets:\n  s: {label: [99.1, 67.7], grid: [2, 4], margin: [4.65, 13.1]}", 3, "labels.sheets.s: 'pitch' is missing; a sheet needs label, grid, margin, pitch"),
    ("stocks:\n  x: {width: 80, height: 50}\nsheets:\n  x: {label: [99.1, 67.7], grid: [2, 4], margin: [4.65, 13.1], pitch: [101.6, 67.7]}", 5,
     "labels.sheets.x: 'x' is already a name in stocks; give yours another name"),
    ("aliases:\n  big: nothing", 3, "labels.aliases.big: 'nothing' is not a stock; an alias names one of: uk-dispensing-70x35, au-dispensing-80x40, label-99x67.7, a6, shipping-4x6in"),
    ("aliases:\n  70x35: a6", 3, "labels.aliases.70x35: '70x35' is already a stock easyread has; give yours another name"),
]


@pytest.mark.parametrize("section, line, message", BAD, ids=[m.split(":", 1)[1].strip()[:40] for _, _, m in BAD])
def test_a_bad_stock_is_named_at_its_line(here: Path, section: str, line: int, message: str) -> None:
    (here / "easyread.yaml").write_text("labels:\n" + textwrap.indent(section, "  ") + "\n")
    code, out, err = run(["labels", "--stocks"])
    assert (code, out, err) == (2, "", f"{here / 'easyread.yaml'}:{line}:1: error label-stock: {message}\n")


def test_the_docs_error_examples_are_what_easyread_prints(here: Path) -> None:
    (here / "easyread.yaml").write_text("labels:\n  stocks:\n    dispensing-80x50: {height: 50}\n")
    _, _, err = run(["labels", "--stocks"])
    assert err == f"{here}/{example('labels.md', 'project-stock-error')}"
    (here / "easyread.yaml").write_text("labels:\n  sheets:\n    ours: {label: [99.1, 67.7], grid: [2, 4], margin: [4.65, 13.1], pitch: [101.6, 67.7]}\n"
                                        "    too-wide: {label: [99.1, 67.7], grid: [3, 4], margin: [4.65, 13.1], pitch: [101.6, 67.7]}\n")
    _, _, err = run(["labels", "--stocks"])
    assert err == f"{here}/{example('architecture.md', 'stock-error')}"


def test_a_bad_project_stock_stops_a_batch_before_anything_is_written(here: Path) -> None:
    shutil.copy(ROOT / "content" / "labels" / "one-label.yaml", here / "batch.yaml")
    (here / "easyread.yaml").write_text("labels:\n  stocks:\n    x: {width: 80}\n")
    code, out, err = run(["labels", "batch.yaml", "--mode", "large-print"])
    assert code == 2 and out == "" and "easyread.yaml:3:1: error label-stock: labels.stocks.x: 'height' is missing" in err
    assert not (here / "output").exists()


def test_the_bundled_file_goes_through_the_same_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A slip in generator/labels/stocks.yaml is named at its own line too (it used to be line 1)."""
    original = (ROOT / "generator" / "labels" / "stocks.yaml").read_text(encoding="utf-8")
    broken = original.replace("a6: {width: 105, height: 148, padding: 3,", "a6: {width: 105, height: 148, padding: -3,", 1)
    assert broken != original
    (tmp_path / "stocks.yaml").write_text(broken)
    monkeypatch.setattr(stock, "resources", SimpleNamespace(files=lambda package: tmp_path))
    stock.catalogue.cache_clear()
    try:
        with pytest.raises(ConfigError) as caught:
            stock.catalogue()
        line = 1 + broken.split("\n").index(next(x for x in broken.split("\n") if x.startswith("  a6:")))
        assert caught.value.problems[0].format() == f"generator/labels/stocks.yaml:{line}:1: error label-stock: stocks.a6.padding: -3 mm is outside 0 to 100 mm; it cannot be negative"
    finally:
        stock.catalogue.cache_clear()


@pytest.mark.slow
def test_labels_come_out_on_the_projects_stock_and_sheet(here: Path) -> None:
    """The docs' examples, printed: a label of that size, and a sheet with its slots where the entry says."""
    (here / "easyread.yaml").write_text(example("architecture.md", "stock-entry"))
    shutil.copy(ROOT / "content" / "labels" / "one-label.yaml", here / "batch.yaml")
    code, out, err = run(["labels", "batch.yaml", "--mode", "large-print", "--stock", "80x50", "--jobs", "1"])
    assert code == 0, out + err
    with pikepdf.open(here / "output" / "batch.large-print.pdf") as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
    assert (round((box[2] - box[0]) * MM_PER_PT), round((box[3] - box[1]) * MM_PER_PT)) == (80, 50)
    report = json.loads((here / "output" / "batch.large-print.report.json").read_text())
    assert report["stock"] == "dispensing-80x50"

    (here / "easyread.yaml").write_text(example("architecture.md", "sheet-entry"))
    code, out, err = run(["labels", "batch.yaml", "--mode", "large-print", "--sheet", "our-8-a-sheet", "--start", "3", "--jobs", "1"])
    assert code == 0, out + err
    report = json.loads((here / "output" / "batch.large-print.our-8-a-sheet.report.json").read_text())
    assert report["stock"] == "our-8-a-sheet" and report["start"] == 3
    assert [(s["page"], s["slot"]) for s in report["results"][0]["slots"]] == [(1, 3), (1, 4)]
    with pikepdf.open(here / "output" / "batch.large-print.our-8-a-sheet.pdf") as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
    assert (round((box[2] - box[0]) * MM_PER_PT), round((box[3] - box[1]) * MM_PER_PT)) == (210, 297)

    code, out, err = run(["labels", "--test-sheet", "our-8-a-sheet"])
    assert code == 0, out + err
    with pikepdf.open(here / "output" / "labels" / "test-sheet.our-8-a-sheet.pdf") as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
    assert (round((box[2] - box[0]) * MM_PER_PT), round((box[3] - box[1]) * MM_PER_PT)) == (210, 297)
