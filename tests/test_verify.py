"""`easyread verify`: the bundled outputs pass; PDFs broken on purpose fail with the exact finding.

The broken PDFs are made here from the real poster and booklet with pikepdf, one
fault each: a wrong figure box, a missing alt text, untagged text, 12pt text, a
P inside a P, and more. Each must give exactly the finding that names it.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name
from pypdf import PdfReader

from generator.cli import main
from generator.icons import load_catalogue
from generator.pipeline import BuildOptions, build_file
from generator.project import ICONS, TEMPLATES
from generator.render import pdf as pdf_writer
from generator.render.fonts import font_dirs, font_face_css
from generator.verify import verify_html, verify_pdf

from conftest import ROOT, pdf_text, structure


def broken(data: bytes, change) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def elements(pdf: pikepdf.Pdf, kind: str) -> list[Dictionary]:
    found = []
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if node.get("/S") == Name("/" + kind):
            found.append(node)
        kids = node.get("/K")
        for kid in reversed(list(kids) if isinstance(kids, Array) else [kids] if kids is not None else []):
            if isinstance(kid, Dictionary) and "/S" in kid:
                stack.append(kid)
    return found


def alt_of(data: bytes, index: int) -> str:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return str(elements(pdf, "Figure")[index].Alt)


def rules(findings) -> list[tuple[str, int | None, str]]:
    return [(f.rule, f.page, f.element) for f in findings]


@pytest.mark.slow
def test_bundled_poster_and_booklet_pass(built):
    for name in ("poster", "booklet"):
        data, result = built[name]
        assert verify_pdf(data, name) == [], name
        html = next(p for p in result.outputs if p.suffix == ".html")
        assert verify_html(html.read_text(), html.name) == [], name


def test_figure_box_in_css_pixels_from_the_top_is_found(built):
    data, _ = built["poster"]

    def back_to_weasyprint(pdf):  # what WeasyPrint 70 writes: px from the top-left
        figure = elements(pdf, "Figure")[0]
        x1, y1, x2, y2 = (float(v) for v in figure.A.BBox)
        height = float(pdf.pages[0].MediaBox[3])
        figure.A.BBox = Array([x1 / 0.75, (height - y2) / 0.75, x2 / 0.75, (height - y1) / 0.75])

    findings = verify_pdf(broken(data, back_to_weasyprint), "p.pdf", "poster")
    assert rules(findings) == [("figure-bbox", 1, f'Figure "{alt_of(data, 0)}"')]
    assert "does not hold the picture, which is drawn at" in findings[0].message


def test_figure_box_outside_the_page_is_found(built):
    data, _ = built["poster"]

    def off_the_page(pdf):
        elements(pdf, "Figure")[1].A.BBox = Array([600, 10, 700, 60])

    assert rules(verify_pdf(broken(data, off_the_page), "p.pdf", "poster")) == [("figure-bbox", 1, f'Figure "{alt_of(data, 1)}"')]


def test_missing_alt_text_is_found(built):
    data, _ = built["poster"]

    def no_alt(pdf):
        del elements(pdf, "Figure")[2].Alt

    findings = verify_pdf(broken(data, no_alt), "p.pdf", "poster")
    assert rules(findings) == [("figure-alt", 1, "Figure")]


def test_untagged_text_is_found(built):
    data, _ = built["poster"]

    def untagged(pdf):
        page = pdf.pages[0]
        font = next(iter(page.Resources.Font.keys()))
        page.contents_add(pikepdf.Stream(pdf, f"BT {font} 30 Tf 100 100 Td <0003> Tj ET".encode()), prepend=False)

    findings = verify_pdf(broken(data, untagged), "p.pdf", "poster")
    assert rules(findings) == [("untagged-content", 1, "content")]
    assert "1 x Tj" in findings[0].message


@pytest.mark.slow
def test_12pt_text_is_found(built):
    data, _ = built["booklet"]

    def smaller(pdf):  # one line of the about page set at 12pt instead of 16pt (21.33 px)
        stream = pdf.pages[1].Contents
        text = stream.read_bytes()
        stream.write(re.sub(rb"21\.33\d* Tf", b"16 Tf", text, count=1))

    findings = verify_pdf(broken(data, smaller), "b.pdf", "booklet")
    assert rules(findings) == [("text-floor", 2, 'text "We have split this booklet up into diffe"')]
    assert "1 text run is below 16pt, the booklet floor (smallest 12.0pt)" in findings[0].message


def test_paragraph_inside_a_paragraph_is_found(built):
    data, _ = built["poster"]

    def p_in_p(pdf):
        paragraph = next(p for p in elements(pdf, "P") if any(isinstance(k, Dictionary) and k.get("/S") == "/Span" for k in p.K))
        next(k for k in paragraph.K if isinstance(k, Dictionary) and k.get("/S") == "/Span").S = Name.P

    findings = verify_pdf(broken(data, p_in_p), "p.pdf", "poster")
    assert [(f.rule, f.page) for f in findings] == [("nesting", 1)]
    assert findings[0].message.startswith("a P inside a P")


@pytest.mark.slow
def test_link_in_link_fragment_description_and_duplicate_annotation_are_found(built):
    data, _ = built["booklet"]

    def as_weasyprint_wrote_it(pdf):
        link = elements(pdf, "Link")[0]
        inner = next(k for k in link.K if isinstance(k, Dictionary) and "/S" in k)
        inner.S = Name.Link  # the ::after box, tagged Link again
        annotation = next(k for k in link.K if isinstance(k, Dictionary) and k.get("/Type") == "/OBJR").Obj
        annotation.Contents = pikepdf.String("section-1")
        pdf.pages[2].Annots.append(pdf.make_indirect(Dictionary(annotation)))  # a second annotation, in no tag

    findings = verify_pdf(broken(data, as_weasyprint_wrote_it), "b.pdf", "booklet")
    assert sorted({(f.rule, f.page) for f in findings}) == [("link-annotation", 3), ("nesting", 3)]
    messages = " | ".join(f.message for f in findings)
    assert "a Link inside a Link" in messages
    assert 'described as "section-1", an id, not in words' in messages
    assert "in no tag" in messages and "one link, one annotation" in messages


def test_document_level_checkpoints(built):
    data, _ = built["poster"]

    def strip(pdf):
        del pdf.Root.Lang
        pdf.Root.ViewerPreferences.DisplayDocTitle = False
        del pdf.Root.Metadata

    assert sorted(f.rule for f in verify_pdf(broken(data, strip), "p.pdf", "poster")) == ["display-doc-title", "lang", "xmp"]


@pytest.mark.slow
def test_unreachable_tags_and_skipped_heading_levels_are_found(built):
    data, _ = built["booklet"]

    def orphan_and_skip(pdf):
        heading = elements(pdf, "H2")[0]
        heading.S = Name.H3  # H1 then H3
        section = elements(pdf, "Sect")[-1]
        parent = section.P
        parent.K = Array([k for k in parent.K if not (isinstance(k, Dictionary) and k.objgen == section.objgen)])

    found = verify_pdf(broken(data, orphan_and_skip), "b.pdf", "booklet")
    assert ("heading-order", 2, 'H3 "About this booklet"') in rules(found)
    assert any(f.rule == "reachable" and f.page == len(PdfReader(io.BytesIO(data)).pages) for f in found)  # the back page


def pdf_from_html(body: str, product: str) -> bytes:
    """A tagged PDF from our own WeasyPrint adapter, with HTML the test controls."""
    tick = load_catalogue().icons["tick"].path.resolve().as_uri()
    html = (f'<!DOCTYPE html><html lang="en-GB"><head><title>Test</title><style>{font_face_css()} body {{ font: 16pt Arimo; }}'
            f"img {{ display: block; }}</style></head><body>{body.replace('TICK', tick)}</body></html>")
    rendered = pdf_writer.layout(html, "test", [ICONS, TEMPLATES, *font_dirs()], ROOT)
    return pdf_writer.pdf_bytes(rendered, product)


def test_small_pictures_and_words_under_their_pictures_are_found():
    row = '<div><img src="TICK" alt="a tick" style="{}"><p>{}</p></div>'
    data = pdf_from_html(row.format("width: 10mm; height: 10mm", "The words are under the picture.")
                         + row.format("float: left; width: 35mm; height: 35mm", "These words are on its right.")
                         + '<div style="clear: both"></div>' + row.format("float: right; width: 35mm; height: 35mm", "These words are on its left."),
                         "booklet")
    found = verify_pdf(data, "t.pdf")
    assert rules(found) == [("picture-size", 1, 'Figure "a tick"'), ("picture-left", 1, 'Figure "a tick"'), ("picture-left", 1, 'Figure "a tick"')]
    assert found[0].message == "the picture is 10 x 10 mm; booklet pictures are at least 30 mm"
    assert found[1].message == "its words are above or below it; easy read puts the picture on the left and the words on its right"
    assert re.fullmatch(r'the words "These words are on its left\." start at \d+ mm, left of the picture\'s edge at \d+ mm', found[2].message)


def test_a_pdf_from_elsewhere_is_held_to_the_unknown_floor_and_a_non_pdf_is_unreadable(tmp_path):
    assert [f.rule for f in verify_pdf(b"%PDF-1.7 nonsense", "x.pdf")] == ["unreadable"]


def test_static_html_checks_name_line_and_fix():
    page = """<!DOCTYPE html><html><head><title></title><style>
    :root { --font: 'Atkinson Hyperlegible', sans-serif; }
    .cover-picture { width: 90mm; }
    @media print { .wide { width: 200mm; } }
    </style></head><body><p>Outside</p><main><h2>Skipped</h2><img src="data:image/png;base64,AA==">
    <img src="https://example.org/x.png" alt="x"></main></body></html>"""
    found = {(f.rule, f.element) for f in verify_html(page, "x.html")}
    assert found == {
        ("html-lang", "<html>"),
        ("html-title", "<title>"),
        ("html-alt", 'line 5: <img src="data:image/png;base64,AA==">'),
        ("html-landmarks", 'line 5: text "Outside"'),
        ("html-heading-order", 'line 5: <h2> "Skipped"'),
        ("html-reflow", "<meta name=viewport>"),
        ("html-reflow", "CSS .cover-picture"),
        ("html-fonts", 'font "Atkinson Hyperlegible"'),
        ("html-resources", 'line 6: <img src="https://example.org/x.png">'),
    }


def test_cli_verify_exit_codes_and_json(built, tmp_path, capsys):
    data, _ = built["poster"]
    good = tmp_path / "good.pdf"
    good.write_bytes(data)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(broken(data, lambda pdf: elements(pdf, "Figure")[0].__delitem__("/Alt")))
    assert main(["verify", str(good)]) == 0
    assert capsys.readouterr().err == "verified 1 file: all pass\n"
    assert main(["verify", str(good), str(bad), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert [entry["ok"] for entry in report["files"]] == [True, False]
    finding = report["files"][1]["findings"][0]
    assert {k: finding[k] for k in ("file", "page", "element", "rule")} == {"file": str(bad), "page": 1, "element": "Figure", "rule": "figure-alt"}
    assert finding["checkpoint"].startswith("Matterhorn 13-004")
    assert main(["verify", str(tmp_path / "missing.pdf")]) == 2
    (tmp_path / "notes.txt").write_text("x")
    assert main(["verify", str(tmp_path / "notes.txt")]) == 2
    assert main(["verify", str(good), "--product", "leaflet"]) == 2
    err = capsys.readouterr().err
    assert "unknown product 'leaflet'" in err and "no such file" in err and "verify checks .pdf and .html files" in err


def test_a_decorative_picture_is_an_artifact_in_the_pdf_and_has_empty_alt_in_the_html(project):
    path = project / "content/booklets/decorative.md"
    path.write_text('---\ntitle: Decorative pictures\nabout: false\ncontents: false\n---\n\n## Start\n\n'
                    '![](tick "decorative") We check everything.\n\n![a tick](tick) We say yes.\n', encoding="utf-8")
    result = build_file(path, BuildOptions(out_dir=project / "out"))
    assert result.ok, (result.problems, [f.format() for f in result.findings])
    pdf, html = sorted(result.outputs, key=lambda p: p.suffix, reverse=True)
    data = pdf.read_bytes()
    assert [a["alt"] for t, a in structure(data) if t == "/Figure" and a["alt"] == "a tick"] == ["a tick"]
    assert all(a["alt"] for t, a in structure(data) if t == "/Figure")
    assert verify_pdf(data, pdf.name) == []  # drawn, but as an artifact: nothing untagged
    assert "We check everything." in pdf_text(data)
    assert re.findall(r'<img class="row-picture" src="data:[^"]*" alt="([^"]*)">', html.read_text())[:2] == ["", "a tick"]


def _long_booklet(project: Path) -> Path:
    sections = "\n\n".join(f"<!-- easyread: page-break -->\n\n## Part {n}\n\n![a tick](tick) Part {n} has one row." for n in range(1, 27))
    path = project / "content/booklets/long.md"
    path.write_text(f"---\ntitle: A long booklet\nabout: false\ncontents: false\n---\n\n{sections}\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_build_that_fails_verify_is_written_as_failed_and_keeps_the_good_file(project, capsys):
    source = _long_booklet(project)
    out = project / "output"
    good = out / "booklets/long.pdf"
    good.parent.mkdir(parents=True)
    good.write_bytes(b"%PDF- an earlier good build")
    assert main(["build", str(source), "--format", "pdf", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "error page-count: document: 28 pages; a booklet has at most 24" in err
    assert f"verify failed: wrote {out / 'booklets/long.failed.pdf'} (28 pages)" in err
    assert f"{good} is from an earlier build and was not replaced" in err
    assert good.read_bytes() == b"%PDF- an earlier good build"
    with pikepdf.open(out / "booklets/long.failed.pdf") as pdf:
        assert len(pdf.pages) == 28
    # --draft: the same file under its own name, the findings as warnings, exit 0
    assert main(["build", str(source), "--format", "pdf", "--out", str(out), "--draft"]) == 0
    captured = capsys.readouterr()
    assert "warning page-count" in captured.err and "(draft: verify found problems)" in captured.out
    assert len(pikepdf.open(good).pages) == 28
    assert not (out / "booklets/long.failed.pdf").exists()


@pytest.mark.slow
def test_every_bundled_output_passes_verify(tmp_path):
    """Labels in three modes, the comparison pages, the companion sheets, contact sheets and the gallery."""
    batch = ROOT / "content/labels/example-batch.csv"
    for flags in (["--mode", "standard"], ["--mode", "large-print", "--compare"], ["--mode", "easy-read", "--companion"]):
        assert main(["labels", str(batch), "--out", str(tmp_path), *flags]) == 0
    assert main(["icons", "--search", "pill", "--sheet", "--out", str(tmp_path)]) == 0  # the whole library takes minutes
    labels = sorted((tmp_path / "labels").glob("*.pdf"), key=lambda p: p.name)
    sheets = sorted((tmp_path / "pictures").glob("*.pdf"))
    assert [p.name for p in labels] == ["example-batch.companion.pdf", "example-batch.compare.pdf", "example-batch.easy-read.pdf",
                                        "example-batch.large-print.pdf", "example-batch.standard.pdf"]
    assert sheets
    assert main(["verify", *map(str, labels + sheets), str(tmp_path / "pictures/index.html")]) == 0
    products = {}
    for path in labels + sheets:
        with pikepdf.open(path) as pdf:
            products[path.name] = str(pdf.docinfo["/EasyreadProduct"])
    assert products["example-batch.easy-read.pdf"] == "labels-easy-read" and products["example-batch.compare.pdf"] == "compare"
    assert {products[p.name] for p in sheets} == {"contact-sheet"}


def test_a_picture_clipped_by_an_svg_clip_path_is_measured_inside_that_clip(project):
    # Fluent's breathe-out draws inside an SVG clip path made of curves, not a rectangle;
    # a clip read only from its last rectangle put the picture at a point and failed figure-bbox.
    path = project / "content/booklets/calm.md"
    path.write_text("---\ntitle: Calm\n---\n\n## Breathing\n\n![a face breathing out](breathe-out) I breathe out slowly.\n", encoding="utf-8")
    result = build_file(path, BuildOptions(out_dir=project / "out", formats=("pdf",)))
    assert result.ok, [p.format() for p in result.problems]
    data = (project / "out/booklets/calm.pdf").read_bytes()
    assert verify_pdf(data, "calm.pdf") == []


@pytest.mark.parametrize(("stream", "bounds"), [
    (b"10 20 m 30 5 l 12 40 18 44 50 41 c h", (10.0, 5.0, 50.0, 44.0)),  # pairs all the way: read in one go
    (b"10 20 m 30 5 l 100 200 20 -300 re", (10.0, -100.0, 120.0, 200.0)),  # a rectangle counts its two corners
    (b"10 20 m 1 0 0 1 500 500 cm 30 5 l", (10.0, 5.0, 30.0, 20.0)),  # an operator a path may not hold is not part of it
    (b"", None),
])
def test_a_path_is_bounded_by_its_own_points(stream, bounds):
    from generator.verify.content import _path_bounds

    words = stream.split()
    assert _path_bounds(words, 0, len(words)) == bounds
