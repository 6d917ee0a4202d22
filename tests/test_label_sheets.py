"""Labels on real sheets: flowing onto more labels, the slot map, reprints, the test sheet,
the companion that never hides a medicine, the dose grid, and workers that die with the run.

Everything is read back from the PDFs and the JSON report."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pikepdf
import pytest

from generator.cli import main
from generator.labels.batch import LabelOptions, run_labels
from generator.labels.flow import Item, Packing, Space, Unfit, pack
from generator.labels.stock import find_layout

from conftest import ROOT, pdf_text, structure, text_runs

FIXTURES = Path(__file__).parent / "fixtures" / "labels"
REALISTIC = FIXTURES / "realistic-24.csv"
EXAMPLE = ROOT / "content/labels/example-batch.csv"
TODAY = date(2026, 11, 22)
DISCLAIMER = "Mockup: does not replace your pharmacy label."


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def cell_runs(data: bytes, layout, page: int, slot: int) -> list[tuple[str, float, float, float]]:
    """The text runs drawn inside one slot of one page (page and slot from 1, as the report gives them)."""
    cell = layout.cells[slot - 1]
    return [run for run in text_runs(data, page - 1)
            if cell.left - 0.1 <= run[1] <= cell.left + layout.stock.width and cell.top <= run[2] <= cell.top + layout.stock.height]


def copy_batch(tmp_path: Path, source: Path = REALISTIC) -> Path:
    target = tmp_path / "content" / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())
    return target


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    """The realistic batch on L7165 and L7166 in large print and on L7166 in easy read, with JSON reports."""
    out = tmp_path_factory.mktemp("sheets")
    made = {}
    for mode, sheet in (("large-print", "L7165"), ("large-print", "L7166"), ("easy-read", "L7166")):
        report = out / f"{mode}.{sheet}.json"
        run = run_labels(REALISTIC, LabelOptions(out_dir=out / f"{mode}.{sheet}", mode=mode, sheet=sheet, report=report, jobs=1, today=TODAY))
        made[(mode, sheet)] = (run, json.loads(report.read_text(encoding="utf-8")), run.outputs[0].read_bytes())
    return made


@pytest.mark.slow
@pytest.mark.parametrize("mode, sheet, average, most", [("large-print", "L7165", 2.0, 4), ("large-print", "L7166", 1.5, 4), ("easy-read", "L7166", 2.0, 3)])
def test_every_realistic_row_prints_within_the_label_budget(sheets, mode, sheet, average, most):
    run, report, _ = sheets[(mode, sheet)]
    counts = [r["labels"] for r in report["results"]]
    assert run.failed_rows == [] and report["made"] == 24 and len(counts) == 24
    assert all(r["status"] == "made" for r in report["results"])
    assert sum(counts) / len(counts) <= average and max(counts) <= most, counts
    assert report["labels"] == sum(counts)


@pytest.mark.slow
@pytest.mark.parametrize("mode, sheet", [("large-print", "L7165"), ("easy-read", "L7166")])
def test_each_label_in_the_slot_map_names_its_patient_and_medicine(sheets, mode, sheet):
    """The JSON slot map is the drawn sheet: each slot shows its own row, and 'k of n' when it has parts."""
    _, report, data = sheets[(mode, sheet)]
    layout = find_layout(mode, sheet=sheet)
    rows = rows_of(REALISTIC)
    used = set()
    for result in report["results"]:
        row = rows[result["row"] - 1]
        assert result["id"] == row["id"]
        for k, slot in enumerate(result["slots"], 1):
            assert slot["file"] == f"realistic-24.{mode}.{sheet}.pdf" and slot["file_page"] == slot["page"]
            text = squash(" ".join(t for t, *_ in cell_runs(data, layout, slot["page"], slot["slot"])))
            assert squash(row["patient_name"]) in text and squash(row["medicine_name"]) in text, (result, text)
            assert squash(DISCLAIMER) in text
            if result["labels"] > 1:
                assert f"{k}of{result['labels']}" in text
            used.add((slot["page"], slot["slot"]))
    pages = len(pikepdf.open(io.BytesIO(data)).pages)
    assert len(used) == report["labels"] and pages == report["pages"] == max(p for p, _ in used)
    # Slots run on without a gap: every slot but the last page's tail is used.
    assert sorted(used) == [(p, s) for p in range(1, pages + 1) for s in range(1, layout.per_page + 1)][: len(used)]


@pytest.mark.slow
def test_patient_text_is_16pt_or_more_and_only_the_legal_footer_is_smaller(sheets):
    _, report, data = sheets[("large-print", "L7165")]
    layout = find_layout("large-print", sheet="L7165")
    rows = rows_of(REALISTIC)
    for result in report["results"]:
        row = rows[result["row"] - 1]
        when = date.fromisoformat(row["date_dispensed"])
        footer = squash(f"{when.day} {when:%b %Y}, {row['quantity']} {row['quantity_unit']}. {row['pharmacy_name']}, "
                        f"{row['pharmacy_address'].replace(';', ',')}, {row['pharmacy_postcode']}. Phone {row['pharmacy_phone']}. {DISCLAIMER}")
        for slot in result["slots"]:
            runs = cell_runs(data, layout, slot["page"], slot["slot"])
            small = [(t, size) for t, _, _, size in runs if size < 16 - 0.01]
            assert all(size >= 10 - 0.01 for _, size in small)
            assert all(squash(t) in footer for t, _ in small), small
            bottom = max(y for _, _, y, _ in runs)
            assert all(y >= bottom - 12 for t, _, y, size in runs if size < 16 - 0.01), "the footer is at the bottom"
            medicine = [size for t, _, _, size in runs if t.startswith(row["medicine_name"].split()[0])]
            assert medicine and min(medicine) == pytest.approx(18, abs=0.01)


@pytest.mark.slow
def test_easy_read_labels_show_the_day_as_four_pictures(sheets):
    _, _, data = sheets[("easy-read", "L7166")]
    text = re.sub(r"\s+", " ", pdf_text(data, 0))
    assert "How many tablets: Morning 1 Midday none Evening none Bedtime none" in text  # Amlodipine, in the morning
    alts = [attrs["alt"] for tag, attrs in structure(data) if tag == "/Figure"]
    for time_of_day in ("morning", "midday", "evening", "bedtime"):
        assert any(time_of_day in alt for alt in alts)
    sizes = _picture_sizes(data)
    assert sizes and min(sizes) >= 12 - 0.05


def test_a_medicine_flows_onto_more_single_labels_with_parts_marked(tmp_path):
    """Single stock (one label a page) flows the same way: here a label the size of one L7165 label."""
    source = copy_batch(tmp_path)
    run = run_labels(source, LabelOptions(out_dir=tmp_path / "out", stock="99x67.7", rows="13", report=tmp_path / "r.json", today=TODAY))
    (result,) = json.loads((tmp_path / "r.json").read_text())["results"]
    assert run.made == 1 and result["labels"] >= 2
    data = run.outputs[0].read_bytes()
    assert len(pikepdf.open(io.BytesIO(data)).pages) == result["labels"]
    for k in range(result["labels"]):
        text = re.sub(r"\s+", " ", pdf_text(data, k))
        assert "Doxycycline 100 mg capsules" in text and "José María Álvarez-García" in text and f"{k + 1} of {result['labels']}" in text
    assert "Take 1 capsule in the morning" in re.sub(r"\s+", " ", pdf_text(data, 0))  # the dose comes first


def test_a_block_taller_than_any_label_names_the_field_and_the_fix(tmp_path):
    source = tmp_path / "content" / "tall.csv"
    source.parent.mkdir()
    source.write_text("patient_name,medicine_name,medicine_strength,medicine_form,sched_morning,sched_unit,custom_warnings,date_dispensed,"
                      "pharmacy_name,pharmacy_address\nAnn Lee,Amlodipine,5 mg,tablet,1,tablet," + "Take it with a full glass of water every time " * 2
                      + ",2026-11-16,Riverside Pharmacy,14 Mill Lane; Leeds\n", encoding="utf-8")
    run = run_labels(source, LabelOptions(out_dir=tmp_path / "out", sheet="L7163", today=TODAY))
    (finding,) = [f for f in run.findings if f.level == "error"]
    assert (finding.field, finding.rule) == ("warnings", "label-overflow")
    assert "does not fit on a 99.1 x 38.1 mm label at 16pt" in finding.message and "--sheet L7166" in finding.message
    assert "never made smaller" in finding.message and run.outputs == ()


def test_two_part_stays_an_explicit_choice(tmp_path):
    run = run_labels(EXAMPLE, LabelOptions(out_dir=tmp_path, sheet="L7169", two_part=True, rows="1", today=TODAY))
    text = re.sub(r"\s+", " ", pdf_text(run.outputs[0].read_bytes()))
    assert run.labels == 2 and "1 of 2" in text and "2 of 2" in text


# The slot map, reprints and the test sheet

def test_start_and_rows_reprint_one_spoiled_label_into_a_chosen_slot(tmp_path, capsys):
    source = copy_batch(tmp_path, EXAMPLE)
    report = tmp_path / "reprint.json"
    code = main(["labels", str(source), "--sheet", "L7165", "--rows", "3,7-9", "--start", "5", "--out", str(tmp_path / "out"), "--report", str(report)])
    assert code == 0
    data = json.loads(report.read_text())
    assert [r["row"] for r in data["results"]] == [3, 7, 8, 9] and data["rows_selected"] == "3,7-9" and data["start"] == 5
    slots = [(s["page"], s["slot"]) for r in data["results"] for s in r["slots"]]
    assert slots[0] == (1, 5) and slots == sorted(slots) and len(set(slots)) == len(slots)
    pdf = next((tmp_path / "out").rglob("*.pdf")).read_bytes()
    layout = find_layout("large-print", sheet="L7165")
    assert not cell_runs(pdf, layout, 1, 4)  # slots 1-4 of the part-used sheet stay empty
    assert "Sertraline" in "".join(t for t, *_ in cell_runs(pdf, layout, 1, 5))  # row 3
    out = capsys.readouterr().out
    assert "4 rows, 4 labels made" in out


@pytest.mark.parametrize("spec, message", [
    ("0", "rows count from 1"), ("9-7", "a range goes from low to high"), ("3,x", "'x' is not a row number"),
    ("99", "row 99 is not in the file: it has rows 1 to 16"), ("", "'' is not a row number"),
])
def test_bad_row_lists_are_usage_errors(tmp_path, capsys, spec, message):
    assert main(["labels", str(EXAMPLE), "--rows", spec, "--out", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err
    assert not list(tmp_path.rglob("*.pdf"))


def test_csv_report_has_one_line_per_row_with_its_slots(tmp_path):
    source = copy_batch(tmp_path, FIXTURES / "bad-rows.csv")
    run_labels(source, LabelOptions(out_dir=tmp_path / "out", sheet="L7169", today=TODAY))
    lines = list(csv.DictReader(io.StringIO((tmp_path / "out" / "bad-rows.large-print.L7169.report.csv").read_text(encoding="utf-8"))))
    results = [line for line in lines if line["status"]]
    assert [(r["row"], r["status"], r["labels"], r["slots"]) for r in results] == [
        ("1", "made", "1", "1:1"), *[(str(n), "failed", "0", "") for n in range(2, 8)]]
    assert results[0]["message"] == "1 label: page 1 slot 1"
    problems = [line for line in lines if line["level"] == "error"]
    assert problems and all(not p["status"] for p in problems)
    order = [int(line["row"]) for line in lines]
    assert order == sorted(order)  # each row's line, then its problems


@pytest.mark.slow
def test_test_sheet_is_one_true_size_page_with_every_slot_and_a_100mm_ruler(tmp_path, capsys):
    assert main(["labels", "--test-sheet", "L7165", "--out", str(tmp_path)]) == 0
    assert "print it at 100%" in capsys.readouterr().out
    path = tmp_path / "labels" / "test-sheet.L7165.pdf"
    data = path.read_bytes()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1
        box = [float(v) for v in pdf.pages[0].MediaBox]
        assert box[2] * 25.4 / 72 == pytest.approx(210, abs=0.05) and box[3] * 25.4 / 72 == pytest.approx(297, abs=0.05)
        ticks = _vertical_rules(pdf.pages[0])
    layout = find_layout("large-print", sheet="L7165")
    for slot, cell in enumerate(layout.cells, 1):
        inside = [t for t, x, y, _ in text_runs(data) if cell.left <= x <= cell.left + layout.stock.width and cell.top <= y <= cell.top + layout.stock.height]
        assert str(slot) in inside and f"slot {slot}" in inside
    assert len(ticks) == 101 and max(ticks) - min(ticks) == pytest.approx(100, abs=0.05)


def _vertical_rules(page) -> list[float]:
    """x (mm) of the thin vertical rectangles WeasyPrint draws for the ruler's ticks."""
    xs = []
    matrix = [1.0, 0, 0, 1.0, 0, 0]
    for operands, operator in pikepdf.parse_content_stream(page):
        if operator == pikepdf.Operator("cm"):
            matrix = [float(v) for v in operands]
        elif operator == pikepdf.Operator("re"):
            x, _, w, h = (float(v) for v in operands)
            if abs(w) < 1.2 and abs(h) > 5:  # 0.3 mm wide, 3 to 9 mm tall
                xs.append(round((x * matrix[0] + matrix[4]) * 25.4 / 72, 2))
    ticks: list[float] = []
    for x in sorted(xs):  # a border is drawn as its outer and inner edge: keep the left one
        if not ticks or x - ticks[-1] > 0.5:
            ticks.append(x)
    return ticks


def test_unknown_test_sheet_is_a_usage_error(tmp_path, capsys):
    assert main(["labels", "--test-sheet", "L9999", "--out", str(tmp_path)]) == 2
    assert "unknown stock 'L9999'" in capsys.readouterr().err


# The companion sheet

@pytest.mark.slow
def test_companion_never_hides_a_medicine_whose_label_failed(tmp_path, capsys):
    source = tmp_path / "content" / "mixed.csv"
    source.parent.mkdir()
    rows = rows_of(EXAMPLE)[:3]
    rows[1]["bnf_labels"] = "20"  # Metformin: a BNF number that does not exist
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    code = main(["labels", str(source), "--companion", "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == 1
    assert "3 rows, 2 labels made, 1 failed (rows 2)" in captured.out
    assert "note: the companion sheets list row 2 with 'Ask the pharmacy about this medicine'" in captured.err
    data = (tmp_path / "out" / "mixed.companion.pdf").read_bytes()
    text = re.sub(r"\s+", " ", pdf_text(data))
    assert "Amlodipine 5 mg tablets" in text and "Sertraline 50 mg tablets" in text
    assert "Metformin 500 mg Ask the pharmacy about this medicine." in text
    order = [text.index(name) for name in ("Amlodipine 5 mg", "Metformin 500 mg", "Sertraline 50 mg")]
    assert order == sorted(order)


@pytest.mark.slow
def test_companion_shows_the_day_with_big_pictures_and_when_needed_apart(tmp_path):
    run = run_labels(EXAMPLE, LabelOptions(out_dir=tmp_path, companion=True, rows="4,5", today=TODAY))
    data = next(p for p in run.outputs if p.name.endswith("companion.pdf")).read_bytes()
    text = re.sub(r"\s+", " ", pdf_text(data))
    assert "How many tablets: Morning 1 Midday 1 Evening 1 Bedtime none" in text  # Co-amoxiclav
    assert "When you need it: take 2 tablets for pain" in text and "Most in 24 hours: 8 tablets" in text  # Paracetamol
    sizes = _picture_sizes(data)
    assert sizes and min(sizes) >= 20 - 0.05


def _picture_sizes(data: bytes) -> list[float]:
    """Widths (mm) of every tagged picture, from each Figure's layout /BBox in the structure tree."""
    widths: list[float] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        def walk(node):
            if isinstance(node, pikepdf.Dictionary) and str(node.get("/S")) == "/Figure" and "/A" in node and "/BBox" in node.A:
                x1, _, x2, _ = (float(v) for v in node.A.BBox)
                widths.append((x2 - x1) * 25.4 / 72)
            kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if isinstance(kids, pikepdf.Dictionary) else []:
                walk(kid)
        walk(pdf.Root.StructTreeRoot)
    return widths


@pytest.mark.slow
def test_info_url_puts_a_qr_link_per_medicine_on_the_companion(tmp_path):
    source = copy_batch(tmp_path, EXAMPLE)
    (tmp_path / "easyread.yaml").write_text('labels:\n  info_url: "https://www.example-pharmacy.co.uk/easy-read/{medicine}"\n', encoding="utf-8")
    run = run_labels(source, LabelOptions(out_dir=tmp_path / "out", companion=True, rows="7", today=TODAY))
    data = next(p for p in run.outputs if p.name.endswith("companion.pdf")).read_bytes()
    text = re.sub(r"\s+", "", pdf_text(data))
    assert "www.example-pharmacy.co.uk/easy-read/Hydroxychloroquine%20sulfate" in text
    assert "QR code: www.example-pharmacy.co.uk/easy-read/Hydroxychloroquine%20sulfate" in [a["alt"] for t, a in structure(data) if t == "/Figure"]


def test_no_info_url_no_qr(tmp_path):
    run = run_labels(EXAMPLE, LabelOptions(out_dir=tmp_path, companion=True, rows="7", today=TODAY))
    data = next(p for p in run.outputs if p.name.endswith("companion.pdf")).read_bytes()
    assert not any((a["alt"] or "").startswith("QR code") for t, a in structure(data) if t == "/Figure")


@pytest.mark.parametrize("value, message", [
    ('"http://example.org/{medicine}"', "must start with https://"),
    ('"https://example.org/medicines"', "must hold {medicine} once"),
    ("[1, 2]", "must be a link in quotes"),
])
def test_a_bad_info_url_is_a_usage_error_at_its_line(tmp_path, capsys, value, message):
    source = copy_batch(tmp_path, EXAMPLE)
    (tmp_path / "easyread.yaml").write_text(f"profile: easy-read\nlabels:\n  bnf_fallback: true\n  info_url: {value}\n", encoding="utf-8")
    assert main(["labels", str(source), "--companion", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "easyread.yaml:4:1: error config: labels.info_url" in err and message in err


# Packing, as arithmetic

SPACE = Space(height=60, head=15, head_parts=15, foot_each=4, foot_last=12)


def test_pack_fits_one_label_when_everything_fits():
    assert pack([Item("directions", 10), Item("warnings", 20)], SPACE) == Packing([[0, 1]], 0)


def test_pack_keeps_order_and_puts_the_legal_footer_where_there_is_room():
    items = [Item("directions", 20, "dose"), Item("directions", 10, "dose"), Item("warnings", 30), Item("child_warning", 10)]
    assert pack(items, SPACE) == Packing([[0, 1], [2, 3]], 0)  # room is 41 a label; the footer needs 8 more: label 1 has 11 free
    assert pack([Item("warnings", 35), Item("warnings", 20), Item("warnings", 20)], SPACE) == Packing([[0], [1], [2]], 2)
    assert pack([Item("warnings", 35), Item("warnings", 36)], SPACE) == Packing([[0], [1], []], 2)  # a label for the footer alone


def test_pack_keeps_the_dose_together_when_it_can():
    items = [Item("warnings", 30), Item("directions", 8, "dose"), Item("directions", 8, "dose")]
    assert pack(items, SPACE).parts == [[0], [1, 2]]  # type: ignore[union-attr]


def test_pack_splits_a_dose_too_long_for_one_label_line_by_line():
    items = [Item("directions", 20, "dose"), Item("directions", 20, "dose"), Item("directions", 20, "dose")]
    assert pack(items, SPACE).parts == [[0, 1], [2]]  # type: ignore[union-attr]


def test_pack_starts_a_new_label_where_two_part_asks():
    items = [Item("directions", 5, "dose"), Item("warnings", 5, break_before=True)]
    assert pack(items, SPACE) == Packing([[0], [1]], 1)


def test_pack_refuses_what_no_label_can_hold():
    assert pack([Item("warnings", 45)], SPACE) == Unfit("warnings", 4.0)
    assert pack([Item("warnings", 1)], Space(20, 15, 18, 4, 12)) == Unfit("medicine_name", 2.0)
    assert pack([Item("warnings", 40)] * 7, SPACE) == Unfit("", 0.0, 8)


# Processes

@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["kill -9", "Ctrl-C"])
def test_stopping_a_labels_run_leaves_no_worker_processes(tmp_path, stop):
    rows = rows_of(REALISTIC)
    source = tmp_path / "content" / "big.csv"
    source.parent.mkdir()
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for index in range(600):
            writer.writerow({**rows[index % len(rows)], "id": f"K{index:04d}"})
    command = [sys.executable, "-m", "generator", "labels", str(source), "--jobs", "2", "--out", str(tmp_path / "out")]
    parent = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        workers: list[int] = []
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline and parent.poll() is None:
            time.sleep(0.2)
            workers = _children(parent.pid)
        assert len(workers) >= 2, "the run never started its workers"
        os.kill(parent.pid, stop)
        code = parent.wait(timeout=60)
        assert code == (130 if stop == signal.SIGINT else -signal.SIGKILL)  # Ctrl-C: "easyread: stopped", exit 130
        deadline = time.monotonic() + 20
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if _alive(pid)], "workers outlived their parent"
    finally:
        if parent.poll() is None:
            parent.kill()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
