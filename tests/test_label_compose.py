"""Label pages made from blocks drawn once (render/compose.py), read back from the PDF.

Every distinct block is laid out and drawn once; each label page is copies of
those blocks. These tests hold the copies to what a laid-out page had: one Div
per label in reading order under one Sect per page, marked content unique per
page and each id mapped to the element that holds it, pictures' boxes where the
picture is drawn, one bookmark per label, and a label whose drawn blocks do not
fit its edge failing its row with its slot left blank."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from datetime import date
from pathlib import Path

import pikepdf
import pytest

from generator.labels import draw
from generator.labels.batch import LabelOptions, run_labels
from generator.labels.stock import find_layout
from generator.render.compose import Cell, Placement, Sheet, compose
from generator.render.pdf import Piece
from generator.verify.reading import open_pdf

from conftest import pdf_text, text_runs

FIXTURES = Path(__file__).parent / "fixtures" / "labels"
REALISTIC = FIXTURES / "realistic-24.csv"
TODAY = date(2026, 11, 22)


def batch(tmp_path: Path, rows: int = 24) -> Path:
    lines = REALISTIC.read_text(encoding="utf-8").splitlines()
    target = tmp_path / "content" / "batch.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines[: rows + 1]) + "\n", encoding="utf-8")
    return target


def kids(element) -> list:
    found = element.get("/K")
    if found is None:
        return []
    return list(found) if isinstance(found, pikepdf.Array) else [found]


def mcids(element) -> list[int]:
    out = []
    for kid in kids(element):
        out += mcids(kid) if isinstance(kid, pikepdf.Dictionary) else [int(kid)]
    return out


@pytest.fixture(scope="module")
def easy_sheet(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("compose")
    run = run_labels(batch(tmp, 6), LabelOptions(out_dir=tmp / "out", mode="easy-read", sheet="L7166", jobs=1, today=TODAY))
    (path,) = run.outputs
    return run, path.read_bytes()


@pytest.mark.slow
def test_each_page_is_a_section_of_labels_each_a_div_holding_its_own_words(easy_sheet):
    run, data = easy_sheet
    layout = find_layout("easy-read", sheet="L7166")
    pdf = pikepdf.open(io.BytesIO(data))
    checked = open_pdf(data, "labels.pdf")
    (document,) = kids(pdf.Root.StructTreeRoot)
    assert document.S == "/Document"
    sections = kids(document)
    assert [s.S for s in sections] == ["/Sect"] * len(pdf.pages)
    results = json.loads(json.dumps([dataclasses.asdict(r) for r in run.results]))
    labels_on = {}
    for result in results:
        for slot in result["slots"]:
            labels_on.setdefault(slot["page"], []).append((slot["slot"], result["row"]))
    for number, section in enumerate(sections, start=1):
        divs = kids(section)
        assert [d.S for d in divs] == ["/Div"] * len(labels_on[number])
        assert all(d.Pg.objgen == pdf.pages[number - 1].obj.objgen for d in divs)
        # The words tagged under each Div are exactly the words drawn in its slot.
        runs = text_runs(data, number - 1)
        for div, (slot, _) in zip(divs, sorted(labels_on[number])):
            cell = layout.cells[slot - 1]
            drawn = sorted(run[0].strip() for run in runs
                           if cell.left - 0.1 <= run[1] <= cell.left + layout.stock.width
                           and cell.top <= run[2] <= cell.top + layout.stock.height and run[0].strip())
            element = next(e for e in checked.tree.elements if e.objgen == div.objgen)
            tagged = sorted(t.strip() for p, m in checked.tree.content(element) for t in [checked.mcid_text(p, m)] if t.strip())
            assert drawn and tagged == drawn


def test_marked_content_ids_are_unique_per_page_and_the_parent_tree_names_their_elements(easy_sheet):
    _, data = easy_sheet
    pdf = pikepdf.open(io.BytesIO(data))
    nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
    trees = dict(zip(nums[0::2], nums[1::2]))
    for number, page in enumerate(pdf.pages):
        assert int(page.obj.StructParents) == number
        content = page.obj.Contents.read_bytes()
        used = [int(m) for m in re.findall(rb"/MCID (\d+)", content)]
        assert used == list(range(len(used)))  # 0, 1, 2... once each, in drawing order
        holders = trees[number]
        assert len(holders) == len(used)
        for mcid, holder in enumerate(holders):
            assert mcid in [int(k) for k in kids(holder) if not isinstance(k, pikepdf.Dictionary)]
            assert holder.Pg.objgen == page.obj.objgen


def test_every_picture_box_is_inside_its_label_on_its_page(easy_sheet):
    _, data = easy_sheet
    layout = find_layout("easy-read", sheet="L7166")
    pdf = pikepdf.open(io.BytesIO(data))
    figures = []
    stack = kids(pdf.Root.StructTreeRoot)
    while stack:
        element = stack.pop()
        if element.get("/S") == "/Figure":
            figures.append(element)
        stack += [k for k in kids(element) if isinstance(k, pikepdf.Dictionary)]
    assert len(figures) >= 6 * 4  # at least the four times of day on every label
    mm = 72 / 25.4
    for figure in figures:
        x1, y1, x2, y2 = (float(v) for v in figure.A.BBox)
        height = float(figure.Pg.MediaBox[3])
        inside = [c for c in layout.cells if c.left * mm - 0.5 <= x1 and x2 <= (c.left + layout.stock.width) * mm + 0.5
                  and height - (c.top + layout.stock.height) * mm - 0.5 <= y1 and y2 <= height - c.top * mm + 0.5]
        assert len(inside) == 1, (figure.Alt, figure.A.BBox)
        assert str(figure.Alt)


def test_one_bookmark_per_label_names_its_medicine(easy_sheet):
    run, data = easy_sheet
    pdf = pikepdf.open(io.BytesIO(data))
    titles = []
    item = pdf.Root.Outlines.First
    while item is not None:
        titles.append(str(item.Title))
        item = item.get("/Next")
    assert len(titles) == run.labels == int(pdf.Root.Outlines.Count)
    medicines = [line.split(",")[0] for line in titles]
    assert medicines[0].startswith("Amlodipine")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.slow
def test_a_label_whose_drawn_blocks_pass_its_edge_fails_its_row_and_leaves_its_slot_blank(tmp_path, monkeypatch):
    """The "2 of 3" header is laid out only for drawing; if a drawn block is taller than
    the packing assumed, the check on the drawn sizes fails that row, not the run."""
    real = draw.blocks_for

    def taller(parts, mode, laid):
        blocks = real(parts, mode, laid)
        assert blocks is not None
        patients = [n for html, n in blocks.index.items() if "Bartholomew" in html and 'class="blk patient"' in html]
        pieces = list(blocks.drawn.pieces)
        for n in patients:
            pieces[n] = dataclasses.replace(pieces[n], height=pieces[n].height + 400)
        return dataclasses.replace(blocks, drawn=dataclasses.replace(blocks.drawn, pieces=tuple(pieces)))

    monkeypatch.setattr(draw, "blocks_for", taller)
    monkeypatch.setattr("generator.labels.batch.blocks_for", taller)
    source = batch(tmp_path, 6)
    run = run_labels(source, LabelOptions(out_dir=tmp_path / "out", mode="large-print", sheet="L7165", jobs=1, today=TODAY))
    failed = [r for r in run.results if r.status == "failed"]
    rows = source.read_text(encoding="utf-8").splitlines()
    bartholomew = [n for n, line in enumerate(rows[1:], start=1) if "Bartholomew" in line]
    assert bartholomew and [r.row for r in failed] == bartholomew
    errors = [f for f in run.findings if f.level == "error"]
    assert [f.where.row for f in errors] == bartholomew
    assert all(f.rule == "label-overflow" and f.field == "patient_name" and "when the page was drawn" in f.message for f in errors)
    (path,) = run.outputs
    data = path.read_bytes()
    assert "Bartholomew" not in pdf_text(data)
    made = [r for r in run.results if r.status == "made"]
    assert made and all(r.labels for r in made)


def test_compose_refuses_a_source_with_no_blocks(tmp_path):
    empty = pikepdf.new()
    out = io.BytesIO()
    empty.save(out)
    with pytest.raises(Exception, match="no blocks to draw the labels from"):
        compose(out.getvalue(), [Piece(0, 0, 0, 10, 10)], [Sheet(100, 100, (Cell(0, 0, 50, 50, None, (Placement(0, 0, 0),)),))], "x.pdf")


def list_shapes(data: bytes) -> list[tuple[str, ...]]:
    """The kinds of the children of every L in the tree."""
    pdf = pikepdf.open(io.BytesIO(data))
    shapes, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        element = stack.pop()
        children = [k for k in kids(element) if isinstance(k, pikepdf.Dictionary)]
        if element.get("/S") == "/L":
            shapes.append(tuple(str(k.S) for k in children))
        stack += children
    return shapes


@pytest.mark.slow
def test_the_easy_read_day_is_one_list_of_four_items_on_labels_and_companion(tmp_path):
    """Laid out as a table, the <ul> of the day came out as L > L > L > L > LI; it is one L."""
    run = run_labels(batch(tmp_path, 3), LabelOptions(out_dir=tmp_path / "out", mode="easy-read", companion=True, jobs=1, today=TODAY))
    assert len(run.outputs) == 2
    for path in run.outputs:
        shapes = list_shapes(path.read_bytes())
        assert shapes and all(shape == ("/LI",) * 4 for shape in shapes), (path.name, shapes)
