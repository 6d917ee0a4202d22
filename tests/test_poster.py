"""The poster, read back from the real PDF: words, order, tags, fonts, safety."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf

from conftest import POSTER, pdf_text, structure
from generator.pipeline import BuildOptions, build_file
from generator.render import pdf as pdf_writer
from generator.render.verify import smallest_text_pt

POSTER_WORDS = [
    "Need help with medication?",
    "Medication to take",
    "To open containers or use your medication",
    "Hard to remember things",
    "Ask pharmacy for help",
    "Keep safe",
    "To remember to take medication",
    "To read your labels better",
    "Speak to the pharmacy where you get your medication to see how they can support you.",
    "We want people with a learning disability and carers to know they can ask for support with medication, including large print labels.",
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


def test_no_poster_text_under_24pt():
    from generator.load import load
    from generator.parse import parse
    from generator.pipeline import _roots
    from generator.presets import get_preset
    from generator.project import Project
    from generator.render import Target, render_html
    from generator.icons import load_catalogue

    document = parse(load(POSTER))
    project = Project.for_path(POSTER)
    html = render_html(document, get_preset("poster"), Target("pdf", project, load_catalogue()))
    rendered = pdf_writer.layout(html, "poster", _roots(project), project.root)
    assert smallest_text_pt(rendered) >= 24


def test_rendering_twice_gives_the_same_bytes(tmp_path):
    first = build_file(POSTER, BuildOptions(out_dir=tmp_path / "a", formats=("pdf",)))
    second = build_file(POSTER, BuildOptions(out_dir=tmp_path / "b", formats=("pdf",)))
    assert first.outputs[0].read_bytes() == second.outputs[0].read_bytes()


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
