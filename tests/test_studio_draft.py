"""easyread build --draft: it always prints, and says what to fix on the page itself."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.cli import main

from conftest import pdf_text, structure

FIXTURE = Path(__file__).parent / "fixtures/studio/visit.md"


def run(argv, capsys):
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.slow
def test_draft_prints_a_file_with_an_unknown_picture_and_findings(project, capsys):
    path = project / "content/booklets/visit.md"
    shutil.copy(FIXTURE, path)
    out = project / "out"
    code, _, err = run(["build", str(path), "--out", str(out)], capsys)
    assert code == 1 and "not built" in err and not out.exists()  # a final build stops
    code, stdout, err = run(["build", str(path), "--out", str(out), "--draft"], capsys)
    assert code == 0, err
    assert ":12:1: error unknown-icon: no picture called 'no-such-picture'" in err  # still on the terminal
    assert ":14:" in err and "sentence-length" in err
    assert "wrote" in stdout
    data = (out / "booklets/visit.pdf").read_bytes()
    text = " ".join(pdf_text(data).split())
    assert "?a toothbrush no-such- picture Brush your teeth" in text  # the placeholder box carries the cue's words
    assert "Must fix 1: no picture called 'no-such-picture'" in text
    assert 'Check 2: "Phone the dentist if you..." has 18 words; keep it to 15 or fewer.' in text
    reader = PdfReader(io.BytesIO(data))
    today = date.today()
    stamp = f"Draft \u00b7 {today.day} {today:%B %Y}"
    assert all(stamp in page.extract_text() for page in reader.pages)  # every page says Draft and the date
    tags = [tag for tag, _ in structure(data)]
    assert "/H1" in tags and "/Figure" in tags  # still a tagged PDF
    html = (out / "booklets/visit.html").read_text()
    assert 'aria-label="No picture yet: a toothbrush"' in html and '<mark class="finding level-warning"' in html


def test_no_check_exits_0_once_written_but_an_unknown_picture_still_stops_it(project, capsys):
    path = project / "content/booklets/visit.md"
    shutil.copy(FIXTURE, path)
    code, _, err = run(["build", str(path), "--out", str(project / "out"), "--no-check"], capsys)
    assert code == 1 and "no picture called 'no-such-picture'" in err and not (project / "out/booklets/visit.pdf").exists()
    path.write_text(path.read_text().replace("(no-such-picture)", "(tablets)"))
    code, _, err = run(["build", str(path), "--out", str(project / "out"), "--no-check", "--format", "html"], capsys)
    assert code == 0 and "sentence-length" in err and (project / "out/booklets/visit.html").is_file()


@pytest.mark.slow
def test_a_draft_poster_that_overflows_is_written_with_a_warning(project, capsys):
    path = project / "content/posters/p.md"
    words = " ".join(["Speak to the pharmacy about your medication."] * 14)
    path.write_text(f"---\ntitle: Need help?\n---\n\n![a pill](pill) Take it.\n\n## Ask us\n\n{words}\n")
    code, stdout, err = run(["build", str(path), "--out", str(project / "out"), "--draft", "--format", "pdf"], capsys)
    assert code == 0, err
    assert "warning overflow: " in err and "(a draft is written anyway)" in err
    assert "wrote" in stdout and (project / "out/posters/p.pdf").is_file()
