"""The co-produced booklet, read back from the real PDF."""

from __future__ import annotations

import io
import re
from collections import Counter

import pikepdf
import pytest
from pypdf import PdfReader

from generator.check.text import split_sentences
from generator.load import load
from generator.parse import parse
from generator.pictures.review import rows
from generator.pipeline import BuildOptions, build_file, check_file

from conftest import BOOKLET, pdf_text, structure


def squash(text: str) -> str:
    return re.sub(r"[\s\u2019']+", "", text).replace("“", "").replace("”", "")


@pytest.mark.slow
def test_booklet_has_every_sentence_in_order_within_24_pages(built):
    data, result = built["booklet"]
    assert 12 <= result.pages <= 24
    text = squash(pdf_text(data))
    cursor = 0
    for sentence in split_sentences(parse(load(BOOKLET))):
        found = text.find(squash(sentence.text), cursor)
        assert found >= 0, f"missing or out of order: {sentence.text!r} (line {sentence.span.line})"
        cursor = found


@pytest.mark.slow
def test_contents_page_numbers_match_where_sections_start(built):
    data, _ = built["booklet"]
    reader = PdfReader(io.BytesIO(data))
    pages = [re.sub(r"[ \t]*\n[ \t]*(?=[a-z])", " ", p.extract_text()) for p in reader.pages]
    contents = next(i for i, t in enumerate(pages) if t.lstrip().startswith("Contents"))
    entries = re.findall(r"(Section \d\. [^\n]*?) (\d+)\n", pages[contents] + "\n")
    assert len(entries) == 6
    for title, number in entries:
        starts = [i + 1 for i, t in enumerate(pages) if i != contents and any(line.startswith(title.strip()) for line in t.splitlines())]
        assert starts == [int(number)], (title, number, starts)


@pytest.mark.slow
def test_booklet_is_tagged_with_headings_in_order_and_alt_text(built):
    data, _ = built["booklet"]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
        assert str(pdf.docinfo.Title).startswith("Co-production Quality Improvement")
    tags = structure(data)
    headings = [int(tag[2:]) for tag, _ in tags if re.fullmatch(r"/H\d", tag)]
    assert headings[0] == 1 and all(h == 2 for h in headings[1:])
    figures = [a for t, a in tags if t == "/Figure"]
    assert len(figures) > 60 and all(f["alt"] for f in figures)


@pytest.mark.slow
def test_no_booklet_text_under_16pt(built):
    _, result = built["booklet"]
    from generator.render import pdf as pdf_writer
    from generator.render.verify import smallest_text_pt

    assert result.pages  # built through the same verify step; check the floor directly too
    from generator.icons import load_catalogue
    from generator.pipeline import render_roots as _roots
    from generator.presets import get_preset
    from generator.project import Project
    from generator.render import Target, render_html

    project = Project.for_path(BOOKLET)
    html = render_html(parse(load(BOOKLET)), get_preset("booklet"), Target("pdf", project, load_catalogue()))
    assert smallest_text_pt(pdf_writer.layout(html, "b", _roots(project), project.root)) >= 16


@pytest.mark.slow
def test_rows_never_split_across_pages(project):
    rows = "\n\n".join(f"![a tick](tick) Row {n} has some words.\n\nIt has a second sentence that makes it taller." for n in range(40))
    path = project / "content/booklets/long.md"
    path.write_text("---\ntitle: Long booklet\n---\n\n## Rows\n\n" + rows + "\n")
    result = build_file(path, BuildOptions(out_dir=project / "out", formats=("pdf",)))
    assert result.ok, result.problems
    reader = PdfReader(result.outputs[0])
    for page in reader.pages:
        text = page.extract_text()
        for n in re.findall(r"Row (\d+) has", text):
            assert re.search(rf"Row {n} has some words\.\s*It has a second sentence", text), f"row {n} split"
    assert len(reader.pages) >= 5


def test_booklet_uses_no_picture_more_than_3_times():
    """Counted as the checker counts: the cover and every row. (The 'Hard words' list shows
    each word with the picture its rows use, on purpose, so it is not counted.)"""
    uses = Counter(row.cue.target for row in rows(parse(load(BOOKLET))))
    assert len(uses) >= 50, "the booklet should draw on the library, not a few pictures"
    assert [name for name, n in uses.items() if n > 3] == []


# Findings about pictures the booklet keeps, each with why (content/booklets/...):
ACCEPTED_PICTURE_FINDINGS = {
    # A question mark for a question: the row's words are a question, but not the word 'question'.
    ("picture-words", "So what are the differences?"),
}


def test_booklet_pictures_fit_their_words_and_every_paragraph_has_one():
    _, report = check_file(BOOKLET)
    lines = BOOKLET.read_text(encoding="utf-8").splitlines()
    found = {(f.rule, lines[f.span.line - 1].split(") ", 1)[-1]) for f in report.active
             if f.rule in ("picture-words", "paragraph-without-picture", "picture-overused")}
    assert found == ACCEPTED_PICTURE_FINDINGS
    assert report.count("error") == 0
