"""Medication labels, read back from the real PDFs and reports."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from datetime import date
from pathlib import Path

import pikepdf
import pytest

from generator.cli import main
from generator.labels import batch
from generator.labels.batch import LabelOptions, run_labels
from generator.labels.stock import find_layout

from conftest import ROOT, pdf_text, structure, text_runs

EXAMPLE = ROOT / "content/labels/example-batch.csv"
FIXTURES = Path(__file__).parent / "fixtures" / "labels"
TODAY = date(2026, 11, 22)
DISCLAIMER = "Mockup: does not replace your pharmacy label."
HEADER = ("id,patient_name,medicine_name,medicine_strength,medicine_form,directions_text,sched_morning,sched_unit,"
          "quantity,quantity_unit,date_dispensed,pharmacy_name,pharmacy_address,pharmacy_postcode\n")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def example_rows() -> list[dict[str, str]]:
    with EXAMPLE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def large_print(tmp_path_factory):
    """The example batch in large print, with comparison pages and companion sheets, rendered silently."""
    out = tmp_path_factory.mktemp("labels")
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger().addHandler(handler)
    try:
        run = run_labels(EXAMPLE, LabelOptions(out_dir=out, mode="large-print", compare=True, companion=True, jobs=1, today=TODAY))
    finally:
        logging.getLogger().removeHandler(handler)
    assert not records, [r.getMessage() for r in records]
    return run, {path.name: path.read_bytes() for path in run.outputs}


@pytest.mark.slow
def test_example_batch_makes_every_label_with_every_required_particular(large_print):
    run, files = large_print
    assert run.failed_rows == [] and run.made == run.rows == len(example_rows())
    data = files["example-batch.large-print.pdf"]
    for page, row in enumerate(example_rows()):
        text = flat(pdf_text(data, page))
        for particular in (row["patient_name"], row["medicine_name"], row["medicine_strength"], "Riverside Pharmacy",
                           "14 Mill Lane, Leeds, LS2 7PQ", "Keep out of the reach and sight of children.", DISCLAIMER):
            assert particular in text, (row["id"], particular, text)
        when = date.fromisoformat(row["date_dispensed"])
        assert f"{when.day} {when:%b %Y}" in text
        assert text.startswith(f"{row['medicine_name']} {row['medicine_strength']}")
        assert "Take" in text or "Apply" in text  # directions are always there


@pytest.mark.slow
def test_large_print_directions_are_one_part_of_the_day_per_line(large_print):
    _, files = large_print
    text = pdf_text(files["example-batch.large-print.pdf"], 4)  # Co-amoxiclav: morning, midday and evening
    assert "Take 1\xa0tablet in the morning\n1\xa0tablet at midday\nand 1\xa0tablet in the evening" in text


@pytest.mark.slow
def test_no_large_print_label_text_is_under_16pt(large_print):
    """Only the legal footer (date, quantity, pharmacy, mockup line) may be smaller: 10pt, never less."""
    _, files = large_print
    data = files["example-batch.large-print.pdf"]
    runs = [(text, size) for page in range(len(example_rows())) for text, _, _, size in text_runs(data, page)]
    footer = ("Riverside Pharmacy", "Mill Lane", "Leeds", "Phone", "Mockup", "label.", "2026")
    patient = [size for text, size in runs if not any(word in text for word in footer)]
    assert patient and min(patient) >= 16 - 0.01
    assert min(size for _, size in runs) >= 10 - 0.01
    medicine = [size for text, _, _, size in text_runs(data, 0) if text.startswith("Amlodipine")]
    assert medicine == [pytest.approx(18)]


@pytest.mark.slow
def test_labels_are_tagged_with_language_title_and_embedded_fonts(large_print):
    _, files = large_print
    for name in ("example-batch.large-print.pdf", "example-batch.compare.pdf", "example-batch.companion.pdf"):
        with pikepdf.open(io.BytesIO(files[name])) as pdf:
            assert str(pdf.Root.Lang) == "en-GB"
            assert str(pdf.docinfo.Title)
            assert "/StructTreeRoot" in pdf.Root
            for page in pdf.pages:
                for font in page.Resources.Font.values():
                    descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                    assert any(k in descendant.FontDescriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        figures = [attrs for tag, attrs in structure(files[name]) if tag == "/Figure"]
        assert all(attrs["alt"] for attrs in figures), name


@pytest.mark.slow
def test_every_mockup_says_it_does_not_replace_the_pharmacy_label(large_print):
    _, files = large_print
    for name, data in files.items():
        text = flat(pdf_text(data))
        pages = len(pikepdf.open(io.BytesIO(data)).pages)
        assert text.count(DISCLAIMER) >= pages, name


@pytest.mark.slow
def test_comparison_page_shows_both_labels_at_real_size(large_print):
    _, files = large_print
    data = files["example-batch.compare.pdf"]
    text = flat(pdf_text(data, 0))
    assert "Standard, 70 x 35 mm" in text and "Large print, 105 x 148 mm" in text
    sizes = {round(size, 1) for _, _, _, size in text_runs(data, 0)}
    assert 8.0 in sizes and 9.5 in sizes and 18.0 in sizes  # the same label at both sizes


@pytest.mark.slow
def test_companion_sheet_is_easy_read_per_patient(large_print):
    _, files = large_print
    data = files["example-batch.companion.pdf"]
    text = flat(pdf_text(data))
    patients = list(dict.fromkeys(row["patient_name"] for row in example_rows()))
    assert text.count("My medicines") == len(patients)
    first = flat(pdf_text(data, 0))
    assert "For Amira O'Neill" in first and "It is for high blood pressure." in first and "Morning 1 Midday none" in first
    assert "Take it with food, or just after you eat." in text  # BNF 21 in our plain words
    assert "Ask the pharmacist at Riverside Pharmacy. Phone 0113 496 0123." in text
    assert min(size for page in range(2) for *_, size in text_runs(data, page)) >= 16 - 0.01


@pytest.mark.slow
def test_easy_read_label_has_a_time_of_day_grid_with_pictures(tmp_path):
    run = run_labels(EXAMPLE, LabelOptions(out_dir=tmp_path, mode="easy-read", today=TODAY))
    data = run.outputs[0].read_bytes()
    text = flat(pdf_text(data, 4))
    assert "How many tablets: Morning 1 Midday 1 Evening 1 Bedtime none" in text
    figures = [attrs["alt"] for tag, attrs in structure(data) if tag == "/Figure"]
    assert figures and all(figures)


def test_bad_rows_fail_alone_and_are_reported_with_row_and_field(tmp_path):
    out = tmp_path / "out"
    source = tmp_path / "content" / "bad-rows.csv"
    source.parent.mkdir()
    source.write_bytes((FIXTURES / "bad-rows.csv").read_bytes())
    run = run_labels(source, LabelOptions(out_dir=out, today=TODAY))
    errors = sorted({f"row {f.where.row}, {f.field}: {f.rule}" for f in run.findings if f.level == "error"})
    assert errors == (FIXTURES / "bad-rows.expected").read_text().splitlines()
    assert run.made == 1 and run.failed_rows == [2, 3, 4, 5, 6, 7]
    messages = " ".join(f.message for f in run.findings)
    assert "BNF label 20 does not exist" in messages and "BNF label 31 does not exist" in messages
    assert "the text says 2 times a day ('twice daily') but the schedule gives 3" in messages
    text = flat(pdf_text(run.outputs[0].read_bytes()))
    assert "Nia Hughes" in text and "Owen Price" not in text and "Ffion Lloyd" not in text
    report = (out / "bad-rows.large-print.report.csv").read_text(encoding="utf-8")
    assert "'=SUM(A1)" in report and ",=SUM" not in report
    summary = json.loads((out / "bad-rows.large-print.report.json").read_text(encoding="utf-8"))
    assert summary["made"] == 1 and summary["failed"] == 6
    assert {(p["row"], p["field"]) for p in summary["problems"] if p["level"] == "error"} >= {(2, "patient_name"), (3, "bnf_labels")}


def test_cli_exit_code_is_1_when_a_row_fails_and_names_the_row(tmp_path, capsys):
    source = tmp_path / "content" / "bad-rows.csv"
    source.parent.mkdir()
    source.write_bytes((FIXTURES / "bad-rows.csv").read_bytes())
    assert main(["labels", str(source), "--out", str(tmp_path / "out"), "--report", str(tmp_path / "r.json")]) == 1
    err = capsys.readouterr().err
    assert "bad-rows.csv:3:1: error label-missing-field: row 2, patient_name: missing" in err
    assert json.loads((tmp_path / "r.json").read_text())["failed"] == 6


def long_name_batch(tmp_path: Path) -> Path:
    source = tmp_path / "content" / "long.csv"
    source.parent.mkdir(exist_ok=True)
    source.write_text(
        HEADER
        + "LONG,Ann Lee,Beclometasone dipropionate with formoterol fumarate dihydrate,100 micrograms/dose,inhaler,"
          "Take 2 puffs in the morning,2,puff,1,inhaler,2026-11-16,Riverside Pharmacy,14 Mill Lane; Leeds,LS2 7PQ\n",
        encoding="utf-8",
    )
    return source


def test_an_over_long_medicine_name_at_18pt_on_70x35_is_an_error_not_a_smaller_font(tmp_path):
    source = long_name_batch(tmp_path)
    run = run_labels(source, LabelOptions(out_dir=tmp_path / "out", mode="large-print", stock="70x35", today=TODAY))
    assert run.made == 0 and run.outputs == ()
    (finding,) = [f for f in run.findings if f.level == "error"]
    assert (finding.rule, finding.field) == ("label-overflow", "medicine_name")
    assert "does not fit on a 70 x 35 mm label at 18pt" in finding.message and "never made smaller" in finding.message
    assert "--stock a6" in finding.message
    # The same label on A6 fits, still at 18pt.
    run = run_labels(source, LabelOptions(out_dir=tmp_path / "a6", mode="large-print", today=TODAY))
    assert run.made == 1
    sizes = [size for text, *_, size in text_runs(run.outputs[0].read_bytes()) if "Beclometasone" in text]
    assert sizes == [pytest.approx(18)]


@pytest.mark.slow
def test_sheet_layout_puts_labels_at_the_right_millimetres(tmp_path):
    run = run_labels(EXAMPLE, LabelOptions(out_dir=tmp_path, mode="standard", sheet="L7163", start=2, today=TODAY))
    layout = find_layout("standard", sheet="L7163")
    data = next(p for p in run.outputs if p.name == "example-batch.standard.L7163.pdf").read_bytes()
    made = [row for row in example_rows() if int(row["id"][2:]) - 1000 not in run.failed_rows]
    firsts = [(x, y) for text, x, y, _ in text_runs(data, 0) for row in made[:13] if text.startswith(row["quantity"]) and row["medicine_name"] in text]
    assert len(firsts) == min(13, len(made))
    for (x, y), cell in zip(firsts, layout.cells[1:]):  # --start 2: the first cell is used
        assert x == pytest.approx(cell.left + layout.stock.padding, abs=0.05)
        assert cell.top + layout.stock.padding < y < cell.top + layout.stock.padding + 5
    assert (layout.cells[1].left, layout.cells[1].top) == (4.65 + 101.6, 15.15)
    assert (layout.cells[13].left, layout.cells[13].top) == pytest.approx((4.65 + 101.6, 15.15 + 6 * 38.1))


@pytest.mark.slow
def test_batches_are_split_into_parts_rendered_on_two_processes(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "PART_SIZE", 5)
    run = run_labels(EXAMPLE, LabelOptions(out_dir=tmp_path, mode="standard", jobs=2, today=TODAY))
    names = sorted(p.name for p in run.outputs)
    assert len(names) >= 4 and names == sorted(f"example-batch.standard.part-{i}-of-{len(names)}.pdf" for i in range(1, len(names) + 1))
    pages = [len(pikepdf.open(p).pages) for p in sorted(run.outputs)]
    assert sum(pages) == run.made == len(example_rows())


def test_yaml_label_with_qr_code_prints_its_caption(tmp_path):
    run = run_labels(ROOT / "content/labels/one-label.yaml", LabelOptions(out_dir=tmp_path, mode="easy-read", today=TODAY))
    assert run.made == 1
    data = run.outputs[0].read_bytes()
    assert "nhs.uk/medicines/ramipril" in pdf_text(data)
    assert any(attrs["alt"] == "QR code: nhs.uk/medicines/ramipril" for tag, attrs in structure(data) if tag == "/Figure")


def test_text_from_the_csv_is_escaped(tmp_path):
    source = tmp_path / "content" / "html.csv"
    source.parent.mkdir()
    source.write_text(HEADER + 'X1,<b>Bob</b> & Co,Amlodipine,5 mg,tablet,Take 1 tablet in the morning,1,tablet,28,tablets,'
                      '2026-11-16,Riverside Pharmacy,14 Mill Lane; Leeds,LS2 7PQ\n', encoding="utf-8")
    run = run_labels(source, LabelOptions(out_dir=tmp_path / "out", today=TODAY))
    assert "<b>Bob</b> & Co" in pdf_text(run.outputs[0].read_bytes())


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["labels", str(EXAMPLE), "--sheet", "L9999", "--out", str(tmp_path)]) == 2
    assert "unknown sheet layout 'L9999'" in capsys.readouterr().err
    assert main(["labels", str(EXAMPLE), "--sheet", "L7160", "--start", "22", "--out", str(tmp_path)]) == 2
    assert main(["labels", "--stocks"]) == 0
    listing = capsys.readouterr().out
    assert "L7160" in listing and "L7163" in listing and "L7165" in listing and "uk-dispensing-70x35" in listing


def test_unknown_column_is_named_with_a_suggestion(tmp_path, capsys):
    source = tmp_path / "content" / "typo.csv"
    source.parent.mkdir()
    source.write_text("patient_name,medicine_nmae\nA,B\n", encoding="utf-8")
    assert main(["labels", str(source), "--out", str(tmp_path)]) == 2  # a header problem is a usage error
    err = capsys.readouterr().err
    assert "typo.csv:1:1: error label-column: 1 column is not a label field: 'medicine_nmae'." in err
    assert '    "medicine_nmae": medicine_name    # did you mean medicine_name? (or correct the header)' in err


def test_every_palette_keeps_7_to_1_contrast_and_a_weak_one_is_refused():
    from generator.labels.stock import catalogue, contrast_with_black

    palettes = catalogue().palettes
    assert set(palettes) == {"black_on_white", "black_on_yellow", "black_on_pale_green", "black_on_cream"}
    assert all(contrast_with_black(colour) >= 7 for colour in palettes.values())
    assert contrast_with_black("#ffffff") == pytest.approx(21)
    assert contrast_with_black("#595959") < 7  # mid grey would be refused


def test_schedule_wording_follows_the_universal_medication_schedule():
    from generator.labels.directions import disagreement, schedule_lines, schedule_sentence
    from generator.labels.model import Schedule
    from generator.labels.reading import read

    both = Schedule((("morning", 1.0), ("evening", 1.0)), "tablet")
    assert schedule_lines(both) == ["Take 1\xa0tablet in the morning", "and 1\xa0tablet in the evening"]
    half = Schedule((("bedtime", 0.5),), "tablet", with_food="with_food")
    assert schedule_lines(half) == ["Take ½\xa0tablet at bedtime with food"]
    prn = Schedule((), "tablet", as_needed=True, as_needed_dose=2, as_needed_for="pain", max_per_24h=8)
    assert schedule_lines(prn) == ["Take 2\xa0tablets when you need it for pain", "No more than 8\xa0tablets in 24 hours"]
    three = Schedule((("morning", 1.0), ("midday", 1.0), ("evening", 1.0)), "tablet", duration_days=7)
    assert schedule_sentence(three) == ("Take 1\xa0tablet in the morning, 1\xa0tablet at midday and 1\xa0tablet in the evening. "
                                        "Take for 7 days, then stop.")
    assert schedule_sentence(prn) == "Take 2\xa0tablets when you need it for pain. No more than 8\xa0tablets in 24 hours."
    assert read("Take ONE tablet TWICE a day").times_a_day == 2
    assert read("Take 1 tablet in the morning and at night").times_a_day == 2
    assert disagreement("Take 1 tablet three times a day", both) is not None
    assert disagreement("Take 2 tablets in the morning and evening", both) == "the text says take 2 but the schedule gives 1 each time"
    assert disagreement("Take one tablet twice daily", both) is None


@pytest.mark.slow
def test_two_part_labels_repeat_patient_and_medicine_and_split_dose_from_details(tmp_path):
    run = run_labels(EXAMPLE, LabelOptions(out_dir=tmp_path, mode="large-print", two_part=True, today=TODAY))
    assert run.failed_rows == []
    data = run.outputs[0].read_bytes()
    assert run.outputs[0].name == "example-batch.large-print.two-part.pdf"
    assert len(pikepdf.open(io.BytesIO(data)).pages) == 2 * len(example_rows())
    first, second = flat(pdf_text(data, 0)), flat(pdf_text(data, 1))
    for text in (first, second):
        assert "Amlodipine 5 mg tablets" in text and "Amira O'Neill" in text and DISCLAIMER in text
    assert "1 of 2" in first and "Take 1 tablet in the morning" in first and "Keep out of the reach" not in first
    assert "2 of 2" in second and "Keep out of the reach and sight of children." in second and "Take 1 tablet" not in second


@pytest.mark.slow
def test_overflow_suggests_a_two_part_label(tmp_path):
    """A standard label never flows, so a split into two labels is the fix to offer."""
    source = tmp_path / "content" / "warnings.csv"
    source.parent.mkdir()
    source.write_text(HEADER.strip() + ",custom_warnings\n" + "W1,Ann Lee,Amlodipine,5 mg,tablet,Take 1 tablet in the morning,1,tablet,28,tablets,"
                      "2026-11-16,Riverside Pharmacy,14 Mill Lane; Leeds,LS2 7PQ," + ";".join(["Do not take it with milk or antacids"] * 4) + "\n",
                      encoding="utf-8")
    run = run_labels(source, LabelOptions(out_dir=tmp_path / "out", mode="standard", today=TODAY))
    assert run.made == 0 and "--two-part" in run.findings[0].message
    assert run_labels(source, LabelOptions(out_dir=tmp_path / "out", mode="standard", two_part=True, today=TODAY)).made == 1


def test_an_unknown_field_in_one_yaml_label_fails_that_label_only(tmp_path):
    source = tmp_path / "content" / "two.yaml"
    source.parent.mkdir()
    good = ("    medicine: {name: Ramipril, strength: 2.5 mg, form: capsule}\n    directions: {schedule: {morning: 1, unit: capsule}}\n"
            "    date_dispensed: 2026-11-18\n    pharmacy: {name: Riverside Pharmacy, address: [14 Mill Lane, Leeds]}\n")
    source.write_text("labels:\n  - patient: {name: Ann Lee}\n" + good + "  - patient: {name: Bob Hale}\n    colour: red\n" + good, encoding="utf-8")
    run = run_labels(source, LabelOptions(out_dir=tmp_path / "out", today=TODAY))
    assert run.made == 1 and run.failed_rows == [2]
    (finding,) = [f for f in run.findings if f.level == "error"]
    assert (finding.where.line, finding.field, finding.rule) == (8, "colour", "label-column")
    text = flat(pdf_text(run.outputs[0].read_bytes()))
    assert "Ann Lee" in text and "Take 1 capsule in the morning" in text and "Bob Hale" not in text


def test_a_bad_labels_section_in_easyread_yaml_is_a_usage_error_with_its_line(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    source = tmp_path / "content" / "one.yaml"
    source.write_bytes((ROOT / "content/labels/one-label.yaml").read_bytes())
    (tmp_path / "easyread.yaml").write_text("profile: easy-read\nlabels: yes\n", encoding="utf-8")
    assert main(["labels", str(source), "--out", str(tmp_path / "out")]) == 2
    assert "easyread.yaml:2:1: error config: 'labels' must be a set of 'key: value' lines" in capsys.readouterr().err
