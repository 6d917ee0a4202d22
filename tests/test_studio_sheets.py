"""The review sheet and the "what changed" page, read back from their PDFs and HTML."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.cli import main
from generator.load import load
from generator.parse import parse
from generator.studio.diff import compare, marked_words

from conftest import pdf_text, structure

FIXTURE = Path(__file__).parent / "fixtures/studio/visit.md"


def run(argv, capsys):
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def visit(project):
    path = project / "content/booklets/visit.md"
    shutil.copy(FIXTURE, path)
    return path


def edited(path: Path) -> Path:
    """A second version: one row's words changed, one picture changed, one row added, one taken out."""
    new = path.with_name("visit-new.md")
    text = path.read_text()
    text = text.replace("Brush your teeth in the morning.", "Brush your teeth after breakfast.")
    text = text.replace("![a telephone](phone)", "![a mobile phone](mobile)")
    text = text.replace("![a calendar](calendar) Make an appointment with the dentist.\n", "![a clock](clock) Get there 10 minutes early.\n")
    new.write_text(text)
    return new


@pytest.mark.slow
def test_review_sheet_has_a_sheet_per_page_with_tick_boxes(visit, capsys):
    code, out, err = run(["review", str(visit), "--out", str(visit.parent.parent.parent / "out")], capsys)
    assert code == 0, err
    path = visit.parent.parent.parent / "out/booklets/visit-review.pdf"
    assert "(4 sheets)" in out and path.is_file()
    data = path.read_bytes()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 4  # how to use it, then one sheet for each of the 3 pages
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Review sheet Going to the dentist" in first and "Tick a box for each page." in first
    for number in (1, 2, 3):
        text = " ".join(reader.pages[number].extract_text().split())
        assert f"Page {number}" in text
        for words in ("I understand this page", "Change the words", "Change the picture", "Write or draw here"):
            assert words in text
    figures = [attrs["alt"] for tag, attrs in structure(data) if tag == "/Figure"]
    page_pictures = [alt for alt in figures if alt.startswith("Page ")]
    assert len(page_pictures) == 3 and page_pictures[1].startswith("Page 2 of the booklet: ")
    assert "Before you go Make an appointment with the dentist." in page_pictures[1]  # the page's words, for a screen reader
    assert all(alt for alt in figures)


@pytest.mark.slow
def test_review_sheet_text_is_never_under_16pt(visit):
    from generator.studio.review import review_sheet

    from conftest import text_runs

    sheet = review_sheet(visit)
    sizes = [size for page in range(sheet.pages) for _, _, _, size in text_runs(sheet.pdf, page)]
    assert sizes and min(sizes) >= 16 - 0.05


def test_compare_lines_rows_up(visit):
    new = edited(visit)
    changes = compare(parse(load(visit)), parse(load(new)))
    summary = [(c.status, c.old.words if c.old else "", c.new.words if c.new else "", c.same) for c in changes]
    assert summary == [
        ("same", "", "", 1),
        ("added", "", "Get there 10 minutes early.", 0),
        ("removed", "Make an appointment with the dentist.", "", 0),
        ("changed", "Brush your teeth in the morning.", "Brush your teeth after breakfast.", 0),
        ("changed", changes[4].old.words, changes[4].old.words, 0),
    ]
    assert changes[3].words_changed and not changes[3].picture_changed
    assert changes[4].picture_changed and not changes[4].words_changed
    before, after = marked_words("Brush your teeth in the morning.", "Brush your teeth after breakfast.")
    assert str(before) == "Brush your teeth <del>in the morning.</del>"
    assert str(after) == "Brush your teeth <ins>after breakfast.</ins>"


@pytest.mark.slow
def test_diff_writes_a_pdf_and_html_that_say_each_change_in_words(visit, capsys):
    new = edited(visit)
    target = visit.parent / "changes.pdf"
    code, out, err = run(["diff", str(visit), str(new), "--out", str(target)], capsys)
    assert code == 0, err
    assert out.startswith("2 changed, 1 new, 1 taken out\n")
    text = " ".join(pdf_text(target.read_bytes()).split())
    assert "2 rows changed. 1 new row. 1 row taken out." in text
    assert "New row (line 10) Get there 10 minutes early." in text
    assert "Taken out: row (line 10) Make an appointment with the dentist." in text
    assert "Words changed (line 12)" in text and "Before: Brush your teeth in the morning. Now: Brush your teeth after breakfast." in text
    assert "Picture changed (line 14)" in text and "Before Now" in text
    html = target.with_suffix(".html").read_text()
    assert "<ins>after breakfast.</ins>" in html and 'alt="a mobile phone"' in html and 'alt="a telephone"' in html


def test_diff_since_a_git_revision(visit, capsys):
    root = visit.parent.parent.parent

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "first")
    visit.write_text(visit.read_text().replace("Brush your teeth in the morning.", "Brush your teeth after breakfast."))
    code, out, err = run(["diff", str(visit), "--since", "HEAD"], capsys)
    assert code == 0, err
    assert out.startswith("1 changed, 0 new, 0 taken out\n")
    assert (root / "output/booklets/visit-changes.pdf").is_file() and (root / "output/booklets/visit-changes.html").is_file()
    code, _, err = run(["diff", str(visit), "--since", "no-such-ref"], capsys)
    assert code == 2 and "cannot read this file at 'no-such-ref'" in err
    code, _, err = run(["diff", str(visit), "--since=-p"], capsys)
    assert code == 2 and "'-p' is not a git revision" in err


@pytest.mark.parametrize("argv", [["diff", "a.md"], ["diff", "a.md", "b.md", "c.md"]])
def test_diff_usage_errors(argv, capsys):
    code, _, err = run(argv, capsys)
    assert code == 2 and "give two files" in err
