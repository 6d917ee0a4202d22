"""The same input gives the same bytes, beyond the poster: the booklet, label sheets
and the companion sheet. A pharmacy that reprints a batch, or a reviewer diffing two
builds, must see no change where nothing changed. Also: every made label's medicine is
on its patient's companion sheet, under that patient.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from generator.labels.batch import LabelOptions, run_labels
from generator.pipeline import BuildOptions, build_file

from conftest import BOOKLET, ROOT, pdf_text

EXAMPLE = ROOT / "content/labels/example-batch.csv"
TODAY = date(2026, 11, 22)

pytestmark = pytest.mark.slow  # each test renders the same documents twice


def test_the_booklet_builds_to_the_same_bytes_twice(tmp_path):
    first = build_file(BOOKLET, BuildOptions(out_dir=tmp_path / "a"))
    second = build_file(BOOKLET, BuildOptions(out_dir=tmp_path / "b"))
    assert first.ok and second.ok
    pairs = list(zip(sorted(first.outputs), sorted(second.outputs)))
    assert {p.suffix for p, _ in pairs} == {".pdf", ".html"}
    for one, two in pairs:
        assert one.name == two.name and one.read_bytes() == two.read_bytes(), one.name


@pytest.mark.parametrize("mode", ["standard", "large-print", "easy-read"])
def test_labels_and_the_companion_build_to_the_same_bytes_twice(tmp_path, mode):
    def made(folder: str) -> dict[str, bytes]:
        run = run_labels(EXAMPLE, LabelOptions(out_dir=tmp_path / folder, mode=mode, companion=True, rows="1-4", jobs=1, today=TODAY))
        return {path.name: path.read_bytes() for path in run.outputs}

    first, second = made("a"), made("b")
    assert f"example-batch.{mode}.pdf" in first and "example-batch.companion.pdf" in first
    assert first == second


def test_every_made_label_is_on_its_patients_companion_sheet(tmp_path):
    run = run_labels(EXAMPLE, LabelOptions(out_dir=tmp_path, companion=True, rows="1-6", jobs=1, today=TODAY))
    assert run.made == 6
    data = next(p for p in run.outputs if p.name.endswith("companion.pdf")).read_bytes()
    text = re.sub(r"\s+", " ", pdf_text(data))
    patients = {"Amira O'Neill": ["Amlodipine", "Metformin", "Sertraline"], "José Álvarez-García": ["Paracetamol"],
                "Siobhán Ní Bhriain": ["Co-amoxiclav", "Salbutamol"]}
    starts = sorted((text.index(name), name) for name in patients)
    for number, (start, name) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(text)
        section = text[start:end]
        for medicine in patients[name]:
            assert medicine in section, (name, medicine)
        for other, medicines in patients.items():
            if other != name:
                assert not any(m in section for m in medicines), (name, other)
