"""Label input: pharmacy exports, encodings, real strengths, and CSV that cannot lose or mix rows.

Most tests read and validate without rendering (``check_batch``), asserting the exact
rows made and the exact findings; one renders a PMR export end to end and reads the
PDF back.
"""

from __future__ import annotations

import codecs
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import ConfigError, SourceError
from generator.labels import limits
from generator.labels.columns import suggestion
from generator.labels.lint import CheckedBatch, check_batch
from generator.labels.settings import project_settings
from generator.labels.strength import problem

from conftest import ROOT, pdf_text

FIXTURES = Path(__file__).parent / "fixtures" / "labels"
TODAY = date(2026, 11, 22)
HEADER = ["id", "patient_name", "medicine_name", "medicine_strength", "directions_text", "date_dispensed", "pharmacy_name", "pharmacy_address"]
PHARMACY = ["Riverside Pharmacy", "14 Mill Lane; Leeds"]


def line(*cells: str, delimiter: str = ",") -> str:
    return delimiter.join(cells)


def good(number: int, patient: str | None = None, delimiter: str = ",") -> str:
    """A valid row; each row's own id and patient, so a mixed-up row shows."""
    address = '"14 Mill Lane; Leeds"' if delimiter == ";" else "14 Mill Lane; Leeds"
    return line(f"R{number}", patient or f"Patient {number}", "Amlodipine", "5 mg", "Take 1 tablet in the morning", "2026-11-16",
                "Riverside Pharmacy", address, delimiter=delimiter)


def batch(tmp_path: Path, text: str | bytes, name: str = "batch.csv", config: str | None = None) -> Path:
    """A throwaway project holding one label file (and its easyread.yaml)."""
    (tmp_path / "content").mkdir(exist_ok=True)
    path = tmp_path / "content" / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    if config is not None:
        (tmp_path / "easyread.yaml").write_text(config, encoding="utf-8")
    return path


def checked(path: Path) -> CheckedBatch:
    return check_batch(path, project_settings(path.parent.parent, TODAY))


def errors(result: CheckedBatch) -> list[tuple[int, str, str]]:
    return [(f.where.row, f.field, f.rule) for f in result.findings if f.level == "error"]


def csv_text(*rows: str) -> str:
    return "\n".join([",".join(HEADER), *rows]) + "\n"


# -- real strengths -----------------------------------------------------------------

@pytest.mark.parametrize("strength", [
    "5 mg", "5mg", "2.5 mg", "0.5 mg", "13.7 g", "10,000 units", "8 mmol", "500 micrograms",
    "500 mg/125 mg", "500/125 mg", "250 mg/62 mg/5 mL", "20 mg/12.5 mg",  # combinations
    "12 micrograms/hour", "5 mg/24 hours", "25 micrograms/hour",  # rates
    "1%", "0.1%", "1% w/w", "2%/1%",  # percentages
    "100 units/mL", "1 mg/g", "3.35 g/5 mL", "250 mg/5 mL",  # concentrations
    "100 micrograms/dose", "50 micrograms/actuation",  # per dose
])
def test_real_strengths_are_accepted(strength):
    assert problem(strength) is None


@pytest.mark.parametrize(("strength", "fix"), [
    ("5 mcg", "write micrograms in full"), ("5mcg", "write micrograms in full"), ("5 ug", "write micrograms in full"),
    ("5 µg", "write micrograms in full"), ("5 μg/hour", "write micrograms in full"),
    ("100 IU", "write units in full (IU"), ("100 U/mL", "write units in full (U"), ("5 cc", "write mL"),
    ("0,5 mg", "use a decimal point"), (".5 mg", "write 0.5, not .5"), ("5.0 mg", "write 5, not 5.0"),
    ("2.50 mg", "write 2.5, not 2.50"),
    ("5", "is not a strength"), ("mg", "is not a strength"), ("five mg", "is not a strength"), ("500/125", "is not a strength"),
    ("10 mg/", "is not a strength"), ("5 mg twice", "is not a strength"), ("5 mg/hour/dose", "is not a strength"),
])
def test_error_prone_strengths_are_refused_with_the_fix(strength, fix):
    message = problem(strength)
    assert message is not None and fix in message


def test_a_combination_strength_makes_its_label_and_mcg_in_a_free_text_name_is_refused(tmp_path):
    rows = [good(1).replace("5 mg", "500 mg/125 mg"), good(2).replace("Amlodipine,5 mg", "Fentanyl 12mcg/hour patches,")]
    result = checked(batch(tmp_path, csv_text(*rows)))
    assert [label.strength for label in result.labels] == ["500 mg/125 mg"]
    assert errors(result) == [(2, "medicine_name", "label-bad-value")]
    assert "write micrograms in full" in result.findings[0].message


def test_a_free_text_medicine_column_is_the_medicine_name(tmp_path):
    text = "patient_name,medicine_name,directions_text,date_dispensed,pharmacy_name,pharmacy_address\n" \
           'Ann Lee,Amlodipine 5mg tablets,Take 1 tablet in the morning,2026-11-16,Riverside Pharmacy,"14 Mill Lane; Leeds"\n'
    (label,) = checked(batch(tmp_path, text)).labels
    assert (label.medicine, label.strength, label.medicine_line) == ("Amlodipine 5mg tablets", "", "Amlodipine 5mg tablets")


# -- encodings and delimiters ---------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "cp1252"])
def test_every_export_encoding_reads_the_same_names(tmp_path, encoding):
    text = csv_text(good(1, "José Álvarez-García"), good(2, "Seán O’Neill"), good(3, "Žaneta Šimková")).replace("\n", "\r\n")
    data = {"utf-16-le-bom": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
            "utf-16-be-bom": codecs.BOM_UTF16_BE + text.encode("utf-16-be")}.get(encoding) or text.encode(encoding)
    result = checked(batch(tmp_path, data))
    assert [label.patient for label in result.labels] == ["José Álvarez-García", "Seán O’Neill", "Žaneta Šimková"]
    assert bool(result.notes) == (encoding == "cp1252")  # Windows-1252 is a fallback: the run says so
    assert not errors(result)


def test_unreadable_bytes_and_utf16_without_its_mark_are_refused_with_the_fix(tmp_path):
    with pytest.raises(SourceError) as caught:
        checked(batch(tmp_path, csv_text(good(1)).encode() + b"R2,Ann \x81 Lee\n"))
    assert "byte 0x81 on line 3 is neither UTF-8 nor Windows-1252 text; save the file as 'CSV UTF-8'" in str(caught.value)
    with pytest.raises(SourceError) as caught:
        checked(batch(tmp_path, csv_text(good(1)).encode("utf-16-le")))
    assert "looks like UTF-16 without a byte-order mark" in str(caught.value)


@pytest.mark.parametrize(("delimiter", "ending"), [(";", "\r\n"), ("\t", "\n"), (",", "\r"), (";", "\n")])
def test_the_delimiter_is_sniffed_and_any_line_ending_is_accepted(tmp_path, delimiter, ending):
    text = ending.join([delimiter.join(HEADER), good(1, delimiter=delimiter), good(2, delimiter=delimiter)]) + ending
    result = checked(batch(tmp_path, text))
    assert [(label.id, label.patient, label.address) for label in result.labels] == [
        ("R1", "Patient 1", ("14 Mill Lane", "Leeds")), ("R2", "Patient 2", ("14 Mill Lane", "Leeds"))]
    assert not errors(result)


def test_excel_sep_line_names_the_delimiter(tmp_path):
    text = "sep=;\n" + ";".join(HEADER) + "\n" + good(1, delimiter=";") + "\n"
    assert [label.id for label in checked(batch(tmp_path, text)).labels] == ["R1"]


def test_utf16_tab_fixture_excel_unicode_text(tmp_path):
    path = batch(tmp_path, (FIXTURES / "unicode-text.txt").read_bytes(), "unicode-text.txt")
    result = checked(path)
    assert [(label.patient, label.strength) for label in result.labels] == [
        ("Gruffydd ap Siôn", "500 mg/125 mg"), ("Łucja Wiśniewska", "12 micrograms/hour"), ("Nguyễn Thị Mai", "100 units/mL")]
    assert not errors(result) and not result.notes  # (the directions reader may flag wording: not ours)


def test_tab_fixture(tmp_path):
    result = checked(batch(tmp_path, (FIXTURES / "tabs.tsv").read_bytes(), "tabs.tsv"))
    assert [(label.id, label.strength) for label in result.labels] == [("T1", "1%"), ("T2", "100 micrograms/dose"), ("T3", "13.7 g")]
    assert not errors(result)


def test_a_semicolon_export_has_no_long_unknown_column_message(tmp_path):
    text = ";".join([*HEADER, "Warnings"]) + "\n" + good(1, delimiter=";") + ";\n"
    with pytest.raises(ConfigError) as caught:
        checked(batch(tmp_path, text))
    (first, *_) = caught.value.problems
    assert first.message.startswith("1 column is not a label field: 'Warnings'.")


# -- PMR export import ------------------------------------------------------------------

PMR_HEADERS = ["Patient Name", "Drug", "Qty", "Directions", "NHS Number", "Date", "Dose", "Rx Ref", "medicine_nmae"]


def test_an_unmapped_export_names_every_unknown_header_at_once_with_lines_to_paste(tmp_path, capsys):
    path = batch(tmp_path, ";".join(PMR_HEADERS) + "\r\nA;B;1;x;1;2;3;4;5\r\n")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("error label-column") == 1
    assert "8 columns are not label fields: 'Drug', 'Qty', 'Directions', 'NHS Number', 'Date', 'Dose', 'Rx Ref', 'medicine_nmae'." in err
    block = err[err.index("labels:\n"):].splitlines()
    assert block[:10] == [
        "labels:",
        "  columns:",
        '    "Drug":          medicine_name',
        '    "Qty":           quantity',
        '    "Directions":    directions_text',
        '    "NHS Number":    ignore           # not printed on labels',
        '    "Date":          FIELD            # replace FIELD: date_dispensed if it is the date supplied, else ignore',
        '    "Dose":          FIELD            # replace FIELD: directions_text if it holds the directions (prn_dose is the as-needed amount only)',
        '    "Rx Ref":        FIELD            # replace FIELD: the field it holds, or ignore',
        '    "medicine_nmae": medicine_name    # did you mean medicine_name? (or correct the header)',
    ]


@pytest.mark.parametrize(("header", "field"), [
    ("Drug", "medicine_name"), ("Medicine", "medicine_name"), ("Qty", "quantity"), ("Directions", "directions_text"),
    ("Dosage instructions", "directions_text"), ("Patient  Name", "patient_name"), ("medicine_nmae", "medicine_name"),
    ("Rx No", "rx_number"), ("Date dispensed", "date_dispensed"), ("NHS Number", "ignore"), ("nhs_number", "ignore"),
    ("Date of birth", "ignore"),
    ("Dose", None), ("Rx", None), ("Date", None), ("Warnings", None), ("Address", None), ("Name", None),
])
def test_did_you_mean_only_offers_a_field_with_the_same_meaning(header, field):
    assert suggestion(header) == field  # never 'NHS Number' -> rx_number, never 'Dose' -> prn_dose


def test_a_mapped_cp1252_semicolon_export_prints_end_to_end(tmp_path, capsys):
    project = tmp_path / "pmr"
    shutil.copytree(FIXTURES / "pmr", project)
    source = project / "content" / "pmr-export.csv"
    report = tmp_path / "report.json"
    assert main(["labels", str(source), "--out", str(tmp_path / "out"), "--report", str(report), "--jobs", "1"]) == 0
    captured = capsys.readouterr()
    assert "4 rows, 4 labels made, 0 failed" in captured.out
    assert "read as Windows-1252" in captured.err
    text = re.sub(r"\s+", " ", pdf_text((tmp_path / "out" / "pmr-export.large-print.pdf").read_bytes()))
    for words in ("Žaneta Šimková", "Seán O’Neill", "José Álvarez-García", "Chloë Brontë-Smith", "Amlodipine 5mg tablets",
                  "Co-amoxiclav 500mg/125mg tablets", "Paracetamol 500mg tablets; caplets", "Fentanyl 12micrograms/hour",
                  "20 Nov 2026", "19 Nov 2026", "18 Nov 2026", "Riverside Pharmacy"):
        assert words in text, words
    assert "943 476" not in text  # the NHS number column is ignored, never printed
    assert json.loads(report.read_text())["made"] == 4


def test_mapped_dates_are_read_with_date_format_and_bad_ones_name_row_field_and_format(tmp_path):
    config = 'labels:\n  columns:\n    "Supplied": date_dispensed\n  date_format: "%d/%m/%Y"\n'
    header = ",".join(HEADER).replace("date_dispensed", "Supplied")
    rows = [good(1).replace("2026-11-16", "20/11/2026"), good(2), good(3).replace("2026-11-16", "31/02/2026")]
    result = checked(batch(tmp_path, "\n".join([header, *rows]) + "\n", config=config))
    assert [(label.id, label.dispensed) for label in result.labels] == [("R1", date(2026, 11, 20))]
    assert errors(result) == [(2, "date_dispensed", "label-bad-date"), (3, "date_dispensed", "label-bad-date")]
    assert result.findings[0].message == ("'2026-11-16' is not a real date written as %d/%m/%Y (labels: date_format in easyread.yaml), "
                                          "for example 20/11/2026")


def test_a_column_and_its_mapped_twin_are_a_duplicate(tmp_path):
    config = 'labels:\n  columns:\n    "Patient": patient_name\n'
    with pytest.raises(ConfigError) as caught:
        checked(batch(tmp_path, ",".join([*HEADER, "Patient"]) + "\n" + good(1) + ",X\n", config=config))
    assert [p.message for p in caught.value.problems] == [
        "columns 2 ('patient_name') and 9 ('Patient') both give patient_name; keep one, or map the other to ignore in easyread.yaml (labels: columns:)"]


@pytest.mark.parametrize(("config", "line", "message"), [
    ('labels:\n  columns:\n    "Drug": medicne_name\n', 3, "labels.columns: 'Drug' -> 'medicne_name' is not a label field; did you mean 'medicine_name'?"),
    ('labels:\n  columns:\n    "Drug": medicine_name\n    "Date": FIELD\n', 4, "labels.columns: 'Date' needs the field it holds"),
    ('labels:\n  columns:\n    "NHS Number": rx_numbr\n', 3, "did you mean 'rx_number'?"),
    ('labels:\n  columns:\n    "Drug": medicine_name\n    "drug": ignore\n', 4, "'drug' is mapped twice"),
    ('labels:\n  columns: [Drug]\n', 2, "labels.columns must be a set of 'key: value' lines"),
    ('profile: easy-read\nlabels:\n\n  date_format: "%d/%m"\n', 4, "labels.date_format: '%d/%m' cannot be read back to a date"),
    ('labels:\n  date_format: 12\n', 2, "must be strftime codes in quotes"),
    ('labels:\n  bnf_fallback: true\n  colums: {}\n', 3, "unknown labels setting 'colums'; did you mean 'columns'?"),
    ('labels:\n  defaults:\n    pharmacy_nmae: X\n', 3, "labels.defaults: unknown column 'pharmacy_nmae'; did you mean 'pharmacy_name'?"),
])
def test_label_settings_mistakes_are_usage_errors_at_their_line(tmp_path, capsys, config, line, message):
    path = batch(tmp_path, csv_text(good(1)), config=config)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"easyread.yaml:{line}:1: error config: " in err and message in err, err


# -- CSV that cannot lose or mix rows ------------------------------------------------------

def test_a_repeated_header_is_a_usage_error_naming_both_columns(tmp_path, capsys):
    header = ",".join([*HEADER, "patient_name"])
    path = batch(tmp_path, header + "\n" + good(1) + ",Someone Else\n")
    assert main(["labels", str(path), "--out", str(tmp_path / "out")]) == 2
    assert "columns 2 ('patient_name') and 9 ('patient_name') both give patient_name" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_blank_header_is_a_usage_error_unless_it_is_a_trailing_empty_column(tmp_path):
    with pytest.raises(ConfigError) as caught:
        checked(batch(tmp_path, "id,,patient_name,medicine_name\nR1,x,Ann,Amlodipine\n"))
    assert "column 2 has no name; name it (or remove the column), so its cells cannot be lost" in str(caught.value)
    # A trailing delimiter on every line (some exports) loses nothing while the column stays empty...
    text = ",".join(HEADER) + ",\n" + good(1) + ",\n" + good(2) + ",\n"
    assert [label.id for label in checked(batch(tmp_path, text)).labels] == ["R1", "R2"]
    # ...but text under it would be lost, so it stops the batch.
    with pytest.raises(ConfigError) as caught:
        checked(batch(tmp_path, ",".join(HEADER) + ",\n" + good(1) + ",\n" + good(2) + ",lost words\n"))
    assert "the last column has no name, but row 2 has text in it" in str(caught.value)


def test_a_stray_quote_fails_its_row_alone_and_the_next_line_starts_afresh(tmp_path):
    rows = [good(1), '"' + good(2), good(3), good(4).replace("Patient 4", 'Ann "Nan" Lee'), good(5)]
    result = checked(batch(tmp_path, csv_text(*rows)))
    assert [(label.id, label.patient) for label in result.labels] == [("R1", "Patient 1"), ("R3", "Patient 3"), ("R5", "Patient 5")]
    assert errors(result) == [(2, "row", "label-bad-row"), (4, "row", "label-bad-row")]
    assert result.findings[0].message.startswith("broken row: the quote that opens cell 1 is not closed on this line")
    assert "a quote inside cell 2; put the whole cell in quotes" in result.findings[1].message
    assert result.rows == 5 and len(result.labels) + len(result.failed_rows) == result.rows


def test_quoted_cells_keep_commas_semicolons_and_doubled_quotes_exactly(tmp_path):
    row = 'R1, "Ann ""Nan"" Lee, Jr" ,Amlodipine,5 mg,"Take 1 tablet, in the morning",2026-11-16,Riverside Pharmacy,"14 Mill Lane; Leeds"'
    (label,) = checked(batch(tmp_path, csv_text(row))).labels
    assert (label.patient, label.directions_text, label.address) == ('Ann "Nan" Lee, Jr', "Take 1 tablet, in the morning", ("14 Mill Lane", "Leeds"))


def test_a_cell_broken_over_two_lines_fails_both_lines_and_nothing_else(tmp_path):
    rows = [good(1), good(2).replace("Take 1 tablet in the morning", '"Take 1 tablet\nin the morning"'), good(3)]
    result = checked(batch(tmp_path, csv_text(*rows)))
    assert [label.id for label in result.labels] == ["R1", "R3"]
    assert errors(result) == [(2, "row", "label-bad-row"), (3, "row", "label-bad-row")]
    assert [f.where.line for f in result.findings] == [3, 4]


def test_an_excel_line_break_in_a_crlf_file_is_one_failed_row(tmp_path):
    rows = [good(1), good(2).replace("Take 1 tablet in the morning", '"Take 1 tablet\nin the morning"'), good(3)]
    result = checked(batch(tmp_path, csv_text(*rows).replace("\n", "\r\n").replace("tablet\r\nin", "tablet\nin")))
    assert [label.id for label in result.labels] == ["R1", "R3"] and result.rows == 3
    (finding,) = result.findings
    assert (finding.where.row, finding.field) == (2, "directions_text")
    assert finding.message == "character 14 is a line break (LF), U+000A: a cell must be on one line, so remove the line break"


@pytest.mark.parametrize("rest", ["Leeds", "Leeds, LS2 7PQ"])
def test_an_unquoted_line_break_in_the_last_cell_fails_the_row_it_cuts_short(tmp_path, rest):
    rows = [good(1), good(2).replace("14 Mill Lane; Leeds", f"14 Mill Lane\n{rest}"), good(3)]
    result = checked(batch(tmp_path, csv_text(*rows)))
    assert [label.id for label in result.labels] == ["R1", "R3"]  # never a label with half an address
    assert errors(result) == [(2, "row", "label-bad-row"), (3, "row", "label-bad-row")]
    assert "the next line has too few cells, so it may be the rest of this row's last cell" in result.findings[0].message


def test_a_lone_cr_inside_a_line_of_an_lf_file_fails_its_row(tmp_path):
    result = checked(batch(tmp_path, csv_text(good(1), good(2, "Ann\rLee"), good(3))))
    assert [label.id for label in result.labels] == ["R1", "R3"]
    assert errors(result) == [(2, "patient_name", "label-control-character")]


def test_rows_with_too_many_or_too_few_cells_fail_alone(tmp_path):
    rows = [good(1), good(2) + ",extra", good(3).rsplit(",", 1)[0], "", good(4), good(5), good(6).rsplit(",", 1)[0]]
    result = checked(batch(tmp_path, csv_text(*rows)))
    assert [label.id for label in result.labels] == ["R1", "R4"]
    messages = [(f.where.row, f.message) for f in result.findings]
    assert messages == [(2, "broken row: this row has 9 cells but the header has 8 columns; a cell holds a comma without quotes around it"),
                        (3, "broken row: this row has 7 cells but the header has 8 columns; a cell or a comma is missing"),
                        # a short line right after a good row may be the rest of that row's last cell: both fail
                        (5, "broken row: the next line has too few cells, so it may be the rest of this row's last cell (a line break "
                            "inside it); put that cell in quotes or remove the line break"),
                        (6, "broken row: this row has 7 cells but the header has 8 columns; a cell or a comma is missing")]


def test_a_cell_over_the_limit_fails_its_row_only(tmp_path):
    rows = [good(1), good(2).replace("Take 1 tablet in the morning", "x" * 128_000), good(3)]
    result = checked(batch(tmp_path, csv_text(*rows)))
    assert [label.id for label in result.labels] == ["R1", "R3"]
    assert errors(result) == [(2, "directions_text", "label-too-long")]
    assert result.findings[0].message == f"the cell is 128,000 characters; a cell may hold {limits.MAX_CELL_CHARS:,} at most"


@pytest.mark.parametrize(("patient", "position", "what"), [
    ("Ann\x00 Lee", 4, "a NUL (zero) byte, U+0000"),
    ("Ann \u202eeeL", 5, "a right-to-left override, U+202E"),
    ("Ann\u200b Lee", 4, "a zero-width space, U+200B"),
    ("A\u2066nn Lee", 2, "a left-to-right isolate, U+2066"),
    ("Ann\x1bLee", 4, "an invisible control character"),
])
def test_invisible_characters_fail_the_row_naming_field_and_position(tmp_path, patient, position, what):
    result = checked(batch(tmp_path, csv_text(good(1), good(2, patient), good(3))))
    assert [label.id for label in result.labels] == ["R1", "R3"]
    (finding,) = [f for f in result.findings if f.level == "error"]
    assert (finding.where.row, finding.field, finding.rule) == (2, "patient_name", "label-control-character")
    assert finding.message.startswith(f"character {position} is {what}")


def test_invisible_characters_in_a_mapped_column_name_the_export_header(tmp_path):
    config = 'labels:\n  columns:\n    "Drug": medicine_name\n'
    text = ",".join(HEADER).replace("medicine_name", "Drug") + "\n" + good(1).replace("Amlodipine", "Amlo\u200ddipine") + "\n"
    result = checked(batch(tmp_path, text, config=config))
    assert errors(result) == [(1, "medicine_name", "label-control-character")]
    assert result.findings[0].message.startswith("character 5 (column 'Drug') is a zero-width joiner, U+200D")


def test_invisible_characters_in_a_yaml_label_fail_it(tmp_path):
    text = ("labels:\n  - patient: {name: \"Ann \\u202eLee\"}\n    medicine: {name: Amlodipine}\n"
            "    directions: {text: Take 1 tablet in the morning}\n    date_dispensed: 2026-11-16\n"
            "    pharmacy: {name: Riverside Pharmacy, address: [14 Mill Lane, Leeds]}\n")
    result = checked(batch(tmp_path, text, "one.yaml"))
    assert not result.labels
    assert [(f.where.line, f.field, f.rule) for f in result.findings] == [(2, "patient_name", "label-control-character")]


def test_the_file_limits_stop_the_file_before_work_with_their_own_message(tmp_path, monkeypatch):
    path = batch(tmp_path, csv_text(good(1), good(2), good(3)))
    monkeypatch.setattr("generator.labels.read.MAX_ROWS", 2)
    with pytest.raises(SourceError, match="the file has more than 2 labels, the most one file may hold; split it"):
        checked(path)
    monkeypatch.setattr("generator.labels.read.MAX_FILE_BYTES", 100)
    with pytest.raises(SourceError, match="the file is over 1 KB, the most a label file may be; split it"):
        checked(path)
    monkeypatch.undo()
    with pytest.raises(SourceError, match="the header names 201 columns; a label file may have 200 at most"):
        checked(batch(tmp_path, ",".join(f"x_{i}" for i in range(201)) + "\n"))
    with pytest.raises(SourceError, match="column 1's name is 300 characters long"):
        checked(batch(tmp_path, "x" * 300 + ",patient_name\n"))


# -- easyread check on a batch -----------------------------------------------------------------

def test_check_lints_a_batch_without_rendering_in_the_checker_line_format(tmp_path, capsys):
    path = batch(tmp_path, (FIXTURES / "bad-rows.csv").read_bytes(), "bad-rows.csv")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}:3:1: error label-missing-field: row 2, patient_name: missing; the label must name the person the medicine is for"
    assert out[-1] == f"{path}: 7 rows, 1 ready, 6 failed (rows 2, 3, 4, 5, 6, 7) · 6 errors, 1 warning"
    assert not (tmp_path / "output").exists()
    assert main(["check", str(path), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {(f["row"], f["field"], f["rule"]) for f in data["findings"] if f["level"] == "error"} == {
        (2, "patient_name", "label-missing-field"), (3, "bnf_labels", "label-bnf-number"), (4, "bnf_labels", "label-bnf-number"),
        (5, "directions_text", "label-directions-disagree"), (6, "id", "label-bad-value"), (7, "id", "label-duplicate-id")}
    assert data["metrics"][str(path)] == {"kind": "labels", "rows": 7, "labels": 1, "failed": 6}
    assert data["summary"]["error"] == 6


def test_check_passes_a_good_batch_and_a_yaml_label_with_exit_0(capsys):
    assert main(["check", str(ROOT / "content/labels/one-label.yaml"), str(FIXTURES / "tabs.tsv")]) == 0
    out = capsys.readouterr().out
    assert "one-label.yaml: 1 row, 1 ready, 0 failed · 0 errors, 0 warnings" in out
    assert "tabs.tsv: 3 rows, 3 ready, 0 failed · 0 errors, " in out  # (warnings: free-text wording to check)


def test_check_sarif_carries_label_findings(tmp_path, capsys):
    path = batch(tmp_path, (FIXTURES / "bad-rows.csv").read_bytes(), "bad-rows.csv")
    assert main(["check", str(path), "--format", "sarif"]) == 1
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results if r["level"] == "error"} >= {
        ("label-missing-field", 3), ("label-duplicate-id", 8)}


def test_pre_commit_hook_lints_label_batches():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hook = text[text.index("- id: easyread-labels-check"):]
    assert "entry: easyread check" in hook and re.search(r"files: .*csv", hook)


# -- the docs say what the code does -------------------------------------------------------------

def doc_section(name: str, title: str) -> str:
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    start = text.index(title)
    end = text.find("\n## ", start + len(title))
    return text[start:end if end != -1 else len(text)]


@pytest.mark.parametrize("title", ["## Reading pharmacy exports", "## Checking a batch without printing"])
def test_the_input_docs_commands_work_as_written(tmp_path, monkeypatch, capsys, title):
    monkeypatch.chdir(ROOT)
    section = doc_section("labels.md", title)
    commands = [line for block in re.findall(r"```sh\n(.*?)```", section, re.S) for line in block.splitlines() if line.startswith("easyread ")]
    assert commands
    for command in commands:
        words, _, comment = command.partition("#")
        argv = words.split()[1:]
        if "--out" in argv:
            argv[argv.index("--out") + 1] = str(tmp_path / "out")
        assert main(argv) == (1 if "exit 1" in comment else 0), command
        out = capsys.readouterr().out
        if argv[0] == "labels":
            assert "4 rows, 4 labels made, 0 failed" in out
            assert "20 Nov 2026" in re.sub(r"\s+", " ", pdf_text((tmp_path / "out" / "pmr-export.large-print.pdf").read_bytes()))


def test_the_docs_mapping_is_the_example_exports_mapping():
    section = doc_section("labels.md", "## Reading pharmacy exports")
    documented = re.search(r"```yaml\n(labels:.*?)```", section, re.S).group(1)
    fixture = (FIXTURES / "pmr" / "easyread.yaml").read_text(encoding="utf-8")
    assert fixture[fixture.index("labels:"):] == documented


def test_the_limits_page_states_the_label_limits_in_force():
    section = doc_section("limits.md", "## Label batches")
    assert f"| file size | {limits.size(limits.MAX_FILE_BYTES)} |" in section
    assert f"| rows | {limits.MAX_ROWS:,} labels |" in section
    assert f"| columns | {limits.MAX_COLUMNS} |" in section
    assert f"| header name | {limits.MAX_HEADER_CHARS} characters |" in section
    assert f"| cell | {limits.MAX_CELL_CHARS:,} characters |" in section
    assert f"| patient name | {limits.FIELD_CHARS['patient_name']} characters |" in section
    assert f"| directions | {limits.FIELD_CHARS['directions_text']} characters |" in section


def test_the_documented_check_output_is_what_check_prints(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    section = doc_section("labels.md", "## Checking a batch without printing")
    (shown,) = re.findall(r"```text\n(.*?)```", section, re.S)
    assert main(["check", "tests/fixtures/labels/bad-rows.csv"]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert all(line in printed for line in shown.splitlines()), (shown, printed)


def test_check_does_not_mistake_the_settings_file_for_labels(tmp_path, capsys):
    batch(tmp_path, csv_text(good(1)), config="labels:\n  bnf_fallback: true\n")
    assert main(["check", str(tmp_path / "easyread.yaml")]) == 1
    assert "this is the settings file, not a label file" in capsys.readouterr().err
