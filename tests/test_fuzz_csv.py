"""Fuzzing label CSV files: nothing lost, nothing mixed, never a traceback.

Two Hypothesis suites under a fixed seed and a time budget:

* **Structured**: rows with known values (names with quotes, commas, semicolons,
  accents), written in any encoding, delimiter, quoting and line ending we accept,
  with damage on some rows (a stray quote, an invisible character, a cell over the
  limit, a cell too many or too few, a line break in a cell, blank lines). Every
  undamaged row must make a label carrying exactly its own values; every damaged
  row must fail; rows made + rows failed = rows in the file.
* **Raw**: arbitrary text over the characters that matter to CSV. Any file is
  either refused as a whole with a message or read so that rows made + rows failed
  = rows read, and every label's patient and medicine come from its own line.

Both also run ``easyread check --format json`` and assert an exit code of 0, 1 or 2
and no internal error. No PDF is rendered: validation is what decides each label.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.errors import ConfigError, SourceError
from generator.labels.limits import MAX_CELL_CHARS
from generator.labels.lint import check_batch
from generator.labels.settings import LabelSettings

pytestmark = pytest.mark.slow

SEED = 20261120
BUDGET_S = 60.0  # per suite, wall time; examples past the budget return at once (and are not counted)
CLI_EVERY = 4  # the command line runs on every 4th example (it costs 6 times the validation)
TODAY = date(2026, 11, 22)
SETTINGS = LabelSettings(today=TODAY)
FUZZ = settings(max_examples=1500, deadline=5000, database=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
HEADER = ["id", "patient_name", "medicine_name", "medicine_strength", "directions_text", "date_dispensed", "pharmacy_name",
          "pharmacy_address", "x_note"]
TEXT_FIELDS = ("patient_name", "medicine_name", "directions_text", "x_note")
NAME = st.text(alphabet="AaBbéÉøŁłñçšŽ’'-. ,;\"\u00a0\t0123456789", min_size=1, max_size=40).filter(
    lambda s: len(s.strip()) > 0 and "\t" not in s)
MEDICINES = ("Amlodipine", "Amlodipine 5mg tablets", "Co-amoxiclav", "Paracetamol 500mg tablets; caplets", 'Cream "A", 1%', "=SUM(A1)")
STRENGTHS = ("", "5 mg", "500 mg/125 mg", "12 micrograms/hour", "1%", "100 units/mL", "3.35 g/5 mL", "10,000 units")
DIRECTIONS = ("Take 1 tablet in the morning", "Take 2 tablets when needed, for pain", 'Put on 1 new patch; "every 3 days"',
              "Put a thin layer on the rash in the morning and at bedtime")
INVISIBLE = ("\x00", "\u202e", "\u202d", "\u200b", "\u200d", "\u2060", "\ufeff", "\x1b", "\u2028", "\x85", "\u00ad", "\u2066", "\x0b", "\x0c", "\x1e")
DAMAGE = ("none", "none", "none", "none", "stray_quote", "invisible", "huge", "extra_cell", "missing_cell", "unquoted_delimiter",
          "line_break", "last_cell_break")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252")
# Strategies built once: building them inside a draw costs more than the test itself.
PICK = {name: st.sampled_from(values) for name, values in {
    "medicine": MEDICINES, "strength": STRENGTHS, "directions": DIRECTIONS, "note": ("", "checked", 'said "thanks", ok'),
    "damage": DAMAGE, "invisible": INVISIBLE, "invisible_field": (*TEXT_FIELDS[:3], "id"), "break_field": TEXT_FIELDS[:3],
    "break": ("\n", "\r\n", "\r"), "blank": (None, None, None, "", "  ", "DELIMS"), "delimiter": (",", ";", "\t"),
    "ending": ("\n", "\r\n"), "quoting": (csv.QUOTE_MINIMAL, csv.QUOTE_ALL), "encoding": ENCODINGS,
    "suffix": (".csv", ".tsv", ".txt"), "start": ("", "HEADER"),
}.items()}
DAY = st.integers(1, 22)
ROWS = st.integers(1, 8)
POSITION = st.integers(0, 10_000)  # taken modulo the length of what it cuts


def cut(draw: st.DrawFn, text: str, insert: str) -> str:
    at = draw(POSITION) % (len(text) + 1)
    return text[:at] + insert + text[at:]


@dataclass
class Spec:
    values: dict[str, str]
    damage: str
    blank_after: str | None


def row_specs(draw: st.DrawFn, count: int) -> list[Spec]:
    specs = []
    for index in range(count):
        values = {
            "id": f"R{index + 1}", "patient_name": draw(NAME), "medicine_name": draw(PICK["medicine"]),
            "medicine_strength": draw(PICK["strength"]), "directions_text": draw(PICK["directions"]),
            "date_dispensed": f"2026-11-{draw(DAY):02d}", "pharmacy_name": "Riverside Pharmacy",
            "pharmacy_address": "14 Mill Lane; Leeds", "x_note": draw(PICK["note"])}
        damage = draw(PICK["damage"])
        if damage == "invisible":
            field = draw(PICK["invisible_field"])
            values[field] = cut(draw, values[field], draw(PICK["invisible"]))
        elif damage == "huge":
            values["directions_text"] = "x" * (MAX_CELL_CHARS + 1)
        elif damage == "last_cell_break":
            values["x_note"] = "checked"
        elif damage == "line_break":
            field = draw(PICK["break_field"])
            values[field] = cut(draw, values[field], draw(PICK["break"]))
        specs.append(Spec(values, damage, draw(PICK["blank"])))
    return specs


@st.composite
def structured(draw: st.DrawFn) -> tuple[bytes, str, list[tuple[Spec | None, int]]]:
    """A file, its suffix, and what each row the reader should see came from (None: a fragment)."""
    delimiter, ending, quoting = draw(PICK["delimiter"]), draw(PICK["ending"]), draw(PICK["quoting"])
    specs = row_specs(draw, draw(ROWS))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=ending)
    writer.writerow(HEADER)
    expected: list[tuple[Spec | None, int]] = []
    physical = 2
    for spec in specs:
        row = io.StringIO()
        csv.writer(row, delimiter=delimiter, quoting=quoting, lineterminator=ending).writerow([spec.values[h] for h in HEADER])
        text = row.getvalue()[: -len(ending)]
        if spec.damage == "stray_quote":
            text = cut(draw, text, '"')
        elif spec.damage == "extra_cell":
            text += delimiter + "extra"
        elif spec.damage == "missing_cell" and '"' not in text:
            text = text.rsplit(delimiter, 1)[0]
            if expected and expected[-1][1] == physical - 1 and expected[-1][0] is not None:
                expected[-1][0].damage = "next_line_short"  # it may be the rest of that row's last cell: it fails too
        elif spec.damage == "missing_cell":
            text += "\x00"  # quoted cells: damage it another way
        elif spec.damage == "unquoted_delimiter" and quoting == csv.QUOTE_MINIMAL and '"' not in text:
            text = text.replace(spec.values["pharmacy_name"], spec.values["pharmacy_name"].replace(" ", delimiter), 1)
        elif spec.damage == "unquoted_delimiter":
            text += "\x00"  # cannot unquote this row safely: damage it another way
        elif spec.damage == "last_cell_break":  # a line break in the last cell, quoted or not
            head, _, tail = text.rpartition("checked")
            text = head + "chec\nked" + tail
        # A file's lines end as its first line does: other line breaks stay inside their line.
        breaks = text.count("\r\n") if ending == "\r\n" else text.count("\n")
        out.write(text + ending)
        for _part in range(breaks + 1):
            expected.append((spec if breaks == 0 else None, physical))
            physical += 1
        if spec.blank_after is not None:
            out.write((delimiter * 3 if spec.blank_after == "DELIMS" else spec.blank_after) + ending)
            physical += 1
    return encode(out.getvalue(), draw(PICK["encoding"])), draw(PICK["suffix"]), expected


def encode(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``, or UTF-8 when it cannot be written in it.

    Windows-1252 is only a fallback: bytes that also happen to be valid UTF-8 (like
    'Éš', C9 9A) are read as UTF-8, as any detector would. Such files are written as
    UTF-8 here; the docs tell pharmacies to export 'CSV UTF-8' to be sure.
    """
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")
    if encoding == "cp1252" and not text.isascii():
        try:
            data.decode("utf-8")
            return text.encode("utf-8")
        except UnicodeDecodeError:
            pass
    return data


def run_cli(path: Path) -> None:
    """The command line on the same file: exit 0, 1 or 2, valid JSON, never an internal error."""
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", str(path), "--format", "json"], stdout=out, stderr=err)
    assert code in (0, 1, 2), err.getvalue()
    assert "internal error" not in err.getvalue() and "Traceback" not in err.getvalue(), err.getvalue()
    if code != 2 and out.getvalue():
        json.loads(out.getvalue())


class Budget:
    def __init__(self) -> None:
        self.started = time.monotonic()
        self.ran = self.labels = self.failed = 0

    def spent(self) -> bool:
        return time.monotonic() - self.started > BUDGET_S

    def report(self) -> None:
        """Say what ran (pytest -s shows it) and make sure the suite was not empty."""
        print(f"\n{self.ran} examples, {self.labels} labels made, {self.failed} rows failed, {time.monotonic() - self.started:.1f} s")
        assert self.ran >= 300, f"only {self.ran} examples ran in the {BUDGET_S:g} s budget"
        assert self.labels >= 100 and self.failed >= 100, "the inputs no longer exercise both made and failed rows"


def test_fuzz_structured_rows_are_never_lost_or_mixed():
    budget = Budget()
    with tempfile.TemporaryDirectory() as folder:

        @FUZZ
        @seed(SEED)
        @given(structured())
        def one(case: tuple[bytes, str, list[tuple[Spec | None, int]]]) -> None:
            if budget.spent():
                return
            data, suffix, expected = case
            path = Path(folder) / f"batch{suffix}"
            path.write_bytes(data)
            result = check_batch(path, SETTINGS)  # never raises for these files: no header is ever wrong
            assert result.rows == len(expected)
            assert len(result.labels) + len(result.failed_rows) == result.rows
            made = {label.where.row: label for label in result.labels}
            budget.labels += len(result.labels)
            budget.failed += len(result.failed_rows)
            for number, (spec, line) in enumerate(expected, 1):
                if spec is None or spec.damage != "none":  # every kind of damage fails its row
                    assert number not in made, (number, spec and spec.damage)
                    continue
                label = made.get(number)
                assert label is not None, [f.format() for f in result.findings if f.where.row == number]
                values = spec.values
                assert (label.where.line, label.id, label.patient, label.medicine, label.strength, label.directions_text) == (
                    line, values["id"], values["patient_name"].strip(), values["medicine_name"], values["medicine_strength"],
                    values["directions_text"])
                assert label.dispensed == date.fromisoformat(values["date_dispensed"])
            if budget.ran % CLI_EVERY == 0:
                run_cli(path)
            budget.ran += 1

        one()
    budget.report()


CSV_CHARS = st.sampled_from([*list(',;\t"\n\r  aAzé’1-\x00\u202e\u200b'), "Ann", "Amlodipine", "2026-11-16", "Riverside Pharmacy", "14 Mill Lane", '""'])


RAW_FIELDS = {"patient_name": "Ann", "medicine_name": "Amlodipine", "directions_text": "Take 1 tablet in the morning",
              "date_dispensed": "2026-11-16", "pharmacy_name": "Riverside Pharmacy", "pharmacy_address": "14 Mill Lane"}
RAW_ORDER = st.permutations(list(RAW_FIELDS))
RAW_BODY = st.lists(CSV_CHARS, max_size=120)
RAW_SHAPE = st.sampled_from(["body", "header+body", "header+body+good", "header+good+body+good"])


@st.composite
def raw_files(draw: st.DrawFn) -> tuple[bytes, str]:
    """Text over the characters that matter to CSV, around a header and a good row (or not)."""
    delimiter, order = draw(PICK["delimiter"]), draw(RAW_ORDER)
    header, good = delimiter.join(order), delimiter.join(RAW_FIELDS[name] for name in order)
    body = "".join(draw(RAW_BODY))
    parts = {"body": [body], "header+body": [header, body], "header+body+good": [header, body, good],
             "header+good+body+good": [header, good, body, good]}[draw(RAW_SHAPE)]
    return encode(draw(PICK["ending"]).join(parts), draw(PICK["encoding"])), draw(PICK["suffix"])


def test_fuzz_raw_text_is_refused_whole_or_read_row_by_row():
    budget = Budget()
    with tempfile.TemporaryDirectory() as folder:

        @settings(FUZZ, max_examples=1500)
        @seed(SEED)
        @given(raw_files())
        def one(case: tuple[bytes, str]) -> None:
            if budget.spent():
                return
            data, suffix = case
            path = Path(folder) / f"raw{suffix}"
            path.write_bytes(data)
            try:
                result = check_batch(path, SETTINGS)
            except (ConfigError, SourceError) as exc:
                assert all(p.message and p.rule for p in exc.problems)
            else:
                assert len(result.labels) + len(result.failed_rows) == result.rows
                text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("utf-8-sig", errors="replace")
                if "\ufffd" in text:
                    text = data.decode("cp1252", errors="replace")
                first = re.search(r"\r\n|\r|\n", text)  # lines end as the first one does
                lines = [line.removesuffix("\r") if first and first.group() == "\n" else line for line in text.split(first.group() if first else "\n")]
                budget.labels += len(result.labels)
                budget.failed += len(result.failed_rows)
                for label in result.labels:
                    own = lines[label.where.line - 1]
                    unquoted = own.replace('""', '"')
                    assert label.patient in unquoted and label.medicine in unquoted, (label, own)
            if budget.ran % CLI_EVERY == 0:
                run_cli(path)
            budget.ran += 1

        one()
    budget.report()
