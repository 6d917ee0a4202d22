"""The poster, read back from the real PDF: words, order, tags, fonts, safety."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest

from generator.pipeline import BuildOptions, build_file
from generator.render import pdf as pdf_writer
from generator.render.verify import smallest_text_pt

from conftest import POSTER, pdf_text, structure

POSTER_WORDS = [
    "Need help with medication?",
    "Medication to take",
    "To open containers or use your medication",
    "Hard to remember things",
    "Keep safe",
    "To remember to take medication",
    "To read your labels better",
    "Ask pharmacy for help",
    "Speak to the pharmacy where you get your medication to see how they can support you.",
    "Leeds and York Partnership NHS Foundation Trust",
]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_poster_is_one_page_with_every_word_in_reading_order(built):
    data, result = built["poster"]
    assert result.pages == 1
    text = flat(pdf_text(data))
    positions = [text.find(words) for words in POSTER_WORDS]
    assert all(p >= 0 for p in positions), [w for w, p in zip(POSTER_WORDS, positions) if p < 0]
    assert positions == sorted(positions)


FLU_POSTER = POSTER.parent / "flu-jabs.md"
FLU_WORDS = ["Get a free flu jab", "You are 65 or older", "You are pregnant", "You have a long-term illness",
             "You live in a care home", "You look after someone", "You work in health or care",
             "Ask us for a flu jab", "It is free. It only takes a few minutes.", "Riverside Pharmacy"]


@pytest.mark.slow
def test_flu_poster_fits_one_page_with_every_word_in_reading_order(tmp_path):
    """The second bundled poster: a picture whose set needs a credit line once pushed it past A4."""
    result = build_file(FLU_POSTER, BuildOptions(out_dir=tmp_path, formats=("pdf",)))
    assert result.ok and result.pages == 1, result.problems
    data = result.outputs[0].read_bytes()
    text = flat(pdf_text(data))
    positions = [text.find(words) for words in FLU_WORDS]
    assert all(p >= 0 for p in positions), [w for w, p in zip(FLU_WORDS, positions) if p < 0]
    assert positions == sorted(positions)
    figures = [a["alt"] for t, a in structure(data) if t == "/Figure"]
    assert "a carer with an arm round the person they look after" in figures and all(figures)


def test_poster_is_tagged_with_language_title_and_alt_text(built):
    data, _ = built["poster"]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.docinfo.Title) == "Need help with medication?"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
    tags = structure(data)
    figures = [attrs for tag, attrs in tags if tag == "/Figure"]
    assert len(figures) == 7
    assert all(f["alt"] for f in figures)
    headings = [tag for tag, _ in tags if re.fullmatch(r"/H\d", tag)]
    assert headings == ["/H1", "/H2"]


def test_poster_fonts_are_embedded(built):
    data, _ = built["poster"]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = [font for page in pdf.pages for font in page.Resources.Font.values()]
        assert fonts
        for font in fonts:
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font.BaseFont
            assert "Atkinson" in str(font.BaseFont)


@pytest.mark.slow
def test_no_poster_text_under_24pt():
    from generator.icons import load_catalogue
    from generator.load import load
    from generator.parse import parse
    from generator.pipeline import render_roots as _roots
    from generator.presets import get_preset
    from generator.project import Project
    from generator.render import Target, render_html

    document = parse(load(POSTER))
    project = Project.for_path(POSTER)
    html = render_html(document, get_preset("poster"), Target("pdf", project, load_catalogue()))
    rendered = pdf_writer.layout(html, "poster", _roots(project), project.root)
    assert smallest_text_pt(rendered) >= 24


@pytest.mark.slow
def test_rendering_twice_gives_the_same_bytes(tmp_path):
    first = build_file(POSTER, BuildOptions(out_dir=tmp_path / "a", formats=("pdf",)))
    second = build_file(POSTER, BuildOptions(out_dir=tmp_path / "b", formats=("pdf",)))
    assert first.outputs[0].read_bytes() == second.outputs[0].read_bytes()


@pytest.mark.slow
def test_a3_poster_scales_the_type(project):
    source = POSTER.read_text().replace("size: A4", "size: A3")
    path = project / "content/posters/big.md"
    path.write_text(source)
    result = build_file(path, BuildOptions(out_dir=project / "output", formats=("pdf",)))
    assert result.ok and result.pages == 1
    with pikepdf.open(result.outputs[0]) as pdf:
        box = [float(v) for v in pdf.pages[0].MediaBox]
    assert round((box[2] - box[0]) / 72 * 25.4) == 297


def test_html_page_has_the_same_words_and_embedded_pictures(built):
    _, result = built["poster"]
    html = next(p for p in result.outputs if p.suffix == ".html").read_text()
    assert '<html lang="en-GB">' in html
    assert "Ask pharmacy for help" in html
    assert "file://" not in html and 'src="data:image/svg+xml;base64,' in html


def test_font_files_are_the_ones_fontpkg_names():
    import fontpkg

    from generator.render.fonts import FALLBACK, FAMILY, faces

    expected = {(FAMILY, 400): fontpkg.path(FAMILY, 400), (FAMILY, 700): fontpkg.path(FAMILY, 700),
                (FALLBACK, 400): fontpkg.path(FALLBACK, 400, nearest=True)}
    assert {(face.family, face.weight): face.path.resolve() for face in faces()} == {k: Path(v).resolve() for k, v in expected.items()}


def _poster(project, front: str) -> Path:
    path = project / "content" / "posters" / "qr.md"
    path.write_text("---\ntitle: Ask us\norganisation: Riverside Pharmacy\n" + front +
                    "---\n\n![a pharmacist](pharmacist) Ask us about your medicine.\n\n## ![help](help) Ask for help\n\nSpeak to us.\n",
                    encoding="utf-8")
    return path


@pytest.mark.slow
def test_qr_code_is_printed_with_the_link_it_encodes(project):
    url = "https://www.nhs.uk/medicines/"
    result = build_file(_poster(project, f'qr: {{url: "{url}", caption: "Find out more"}}\n'), BuildOptions(out_dir=project / "out", formats=("pdf",)))
    assert result.ok, result.problems
    data = result.outputs[0].read_bytes()
    assert f"Findoutmore:{url}" in re.sub(r"\s+", "", pdf_text(data))  # a long link may wrap after a '/'

    assert ("/Figure", {"alt": f"QR code for {url}"}) in structure(data)


def test_qr_code_that_is_not_a_web_link_is_refused(project):
    result = build_file(_poster(project, 'qr: {url: "javascript:alert(1)"}\n'), BuildOptions(out_dir=project / "out", formats=("pdf",)))
    (problem,) = result.problems
    assert (problem.line, problem.rule) == (4, "front-matter") and "not a web link" in problem.message
    assert result.outputs == ()


@pytest.mark.slow
def test_bleed_and_crop_marks_for_print_shops(project):
    plain = build_file(_poster(project, ""), BuildOptions(out_dir=project / "a", formats=("pdf",)))
    bled = build_file(_poster(project, "print: {bleed: 5}\n"), BuildOptions(out_dir=project / "b", formats=("pdf",)))
    marked = build_file(_poster(project, "print: {bleed: 5, marks: true}\n"), BuildOptions(out_dir=project / "c", formats=("pdf",)))

    def boxes(result):
        with pikepdf.open(result.outputs[0]) as pdf:
            page = pdf.pages[0]

            def size(box):
                return [round((float(box[2]) - float(box[0])) * 25.4 / 72, 1), round((float(box[3]) - float(box[1])) * 25.4 / 72, 1)]

            artifacts = re.findall(rb"/Artifact\s+BMC\s+/(\w+) Do", page.Contents.read_bytes())
            drawn = [page.Resources.XObject["/" + name.decode()].read_bytes() for name in artifacts]
            return size(page.MediaBox), size(page.get("/TrimBox", page.MediaBox)), drawn

    assert boxes(plain)[:2] == ([210.0, 297.0], [210.0, 297.0])
    media, trim, drawn = boxes(bled)
    assert trim == [210.0, 297.0] and media == [220.0, 307.0]  # the paper, plus 5 mm on every side
    assert drawn == []
    _, _, (marks,) = boxes(marked)  # crop marks: one drawing, tagged as an artifact (not content)
    assert marks.count(b" l") >= 8  # at least two lines at each corner
