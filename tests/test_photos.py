"""Photos and picture files: verified in full, upright, metadata-free, no bigger than printed.

Photos are generated here with Pillow (EXIF orientation and GPS tags) and
pillow-heif (HEIC), built into real documents, and read back from the PDF with
pikepdf and from the HTML page: the pixel size of each embedded image, which way
up it is, and that no EXIF or GPS block went along.
"""

from __future__ import annotations

import base64
import io
import re
import struct
import zlib

import pikepdf
import pytest
from PIL import Image

from generator.cli import main
from generator.pictures.files import PictureRefused, clean_svg, verify
from generator.pipeline import BuildOptions, build_file

from geometry import multiply

RED = (255, 0, 0)


def phone_photo(path, size=(1500, 2000), orientation=6, gps=True, quality=92):
    """A portrait-stored photo whose EXIF says 'turn 90 degrees clockwise', with a red top-left corner."""
    image = Image.effect_noise(size, 50).convert("RGB")
    image.paste(RED, (0, 0, size[0] // 10, size[0] // 10))
    exif = Image.Exif()
    exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.0), 3: "W", 4: (0.0, 7.0, 40.0)}
    image.save(path, quality=quality, exif=exif)
    return path


def pdf_images(data: bytes) -> list[pikepdf.Object]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        found = {}
        for page in pdf.pages:
            for _, image in (page.obj.get("/Resources", {}).get("/XObject", {}) or {}).items():
                if image.get("/Subtype") == "/Image":
                    found[image.objgen] = image
        return [(int(i.Width), int(i.Height), str(i.get("/Filter")), i.read_raw_bytes(), pikepdf.PdfImage(i).as_pil_image())
                for i in found.values()]


def drawn_inches(data: bytes) -> list[tuple[float, float]]:
    """Width and height, in inches, of every image drawn on every page (from the content streams)."""
    sizes = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            images = page.obj.get("/Resources", {}).get("/XObject", {}) or {}
            ctm, stack = [1, 0, 0, 1, 0, 0], []
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "q":
                    stack.append(ctm)
                elif op == "Q":
                    ctm = stack.pop()
                elif op == "cm":
                    ctm = multiply([float(x) for x in operands], ctm)
                elif op == "Do" and images.get(operands[0], {}).get("/Subtype") == "/Image":
                    sizes.append((abs(ctm[0]) / 72, abs(ctm[3]) / 72))
    return sizes


def html_images(html: str) -> list[Image.Image]:
    return [Image.open(io.BytesIO(base64.b64decode(m))) for m in re.findall(r"data:image/(?:jpeg|png);base64,([A-Za-z0-9+/=]+)", html)]


def build(project, name, body, kind="booklets", check=True):
    path = project / f"content/{kind}/{name}.md"
    path.write_text("---\ntitle: Our group\n---\n\n" + ("## Our group\n\n" if kind == "booklets" else "") + body)
    return build_file(path, BuildOptions(out_dir=project / "output", check=check))


def outputs(result):
    pdf = next(p for p in result.outputs if p.suffix == ".pdf").read_bytes()
    html = next(p for p in result.outputs if p.suffix == ".html").read_text()
    return pdf, html


@pytest.mark.slow
def test_a_phone_photo_is_upright_metadata_free_and_300_ppi_at_its_printed_size(project):
    phone_photo(project / "content/booklets/photo.jpg")
    result = build(project, "photo", "![our group at the meeting](photo.jpg) We met on Monday.\n")
    assert result.ok, result.problems
    pdf, html = outputs(result)
    [(width, height, codec, raw, pixels)] = pdf_images(pdf)
    # 300 pixels per inch at the size it is drawn (about 3 cm in a booklet row), landscape once turned.
    [(inches_wide, inches_high)] = set(drawn_inches(pdf))
    assert abs(width - inches_wide * 300) <= 1.5 and abs(height - inches_high * 300) <= 1.5, (width, height, inches_wide)
    assert 200 < width < 600 and width / height == pytest.approx(4 / 3, rel=0.01) and codec == "/DCTDecode"
    assert pixels.getpixel((width - 3, 3))[0] > 200 and pixels.getpixel((3, 3))[0] < 200  # red corner now top right
    assert b"Exif" not in raw and b"GPS" not in pdf
    [screen] = html_images(html)
    assert screen.size == (1200, 900) and "exif" not in screen.info and not screen.getexif()
    assert len(pdf) < 60_000 and len(html) < 1_000_000  # the source photo is 1.5 MB of noise


@pytest.mark.slow
def test_a_photo_without_orientation_keeps_its_shape(project):
    phone_photo(project / "content/booklets/flat.jpg", size=(2000, 1500), orientation=1, gps=False)
    result = build(project, "flat", "![our group at the meeting](flat.jpg) We met on Monday.\n")
    pdf = outputs(result)[0]
    [(width, height, _, _, pixels)] = pdf_images(pdf)
    [(inches_wide, _)] = set(drawn_inches(pdf))
    assert abs(width - inches_wide * 300) <= 1.5 and width / height == pytest.approx(4 / 3, rel=0.01)
    assert pixels.getpixel((3, 3))[0] > 200  # red corner still top left


@pytest.mark.slow
def test_a_heic_photo_from_an_iphone_is_used(project):
    pillow_heif = pytest.importorskip("pillow_heif")
    image = Image.linear_gradient("L").resize((800, 600)).convert("RGB")  # smooth: noise takes 20 s to encode
    pillow_heif.from_pillow(image).save(str(project / "content/posters/group.heic"), quality=50)
    result = build(project, "heic", "![our group at the meeting](group.heic) We met on Monday\n", kind="posters")
    assert result.ok, result.problems
    pdf, html = outputs(result)
    [(width, height, codec, _raw, _)] = pdf_images(pdf)
    assert codec == "/DCTDecode" and width <= 800 and width / height == pytest.approx(4 / 3, rel=0.02)
    assert len(html_images(html)) >= 1


@pytest.mark.slow
def test_a_48_megapixel_photo_is_accepted_and_brought_down(project):
    image = Image.new("RGB", (8000, 6000), (200, 220, 240))
    image.save(project / "content/posters/big.jpg", quality=80)
    result = build(project, "big", "![the view from the window](big.jpg) Look outside\n", kind="posters")
    assert result.ok, result.problems
    pdf, html = outputs(result)
    [(width, height, _, _, _)] = pdf_images(pdf)
    assert width < 2000 and width / height == pytest.approx(4 / 3, rel=0.02)
    assert max(html_images(html)[0].size) == 1200


@pytest.mark.slow
def test_between_pillows_warning_and_our_limit_is_fine(project):
    path = project / "content/posters/wide.png"
    Image.new("1", (10_000, 9_500)).save(path)  # 95 MP: over Pillow's default 89.5 MP warning, under 100 MP
    assert verify(path) is None


def png_header_only(path, width, height):
    """A PNG whose header claims ``width`` x ``height`` (the pixels are never there)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 10)) + chunk(b"IEND", b""))
    return path


@pytest.mark.parametrize(("size", "message"), [
    ((30_000, 30_000), "'huge.png' is too big: 900 megapixels; the limit is 100 megapixels. "
                       "Resize it: 3000 pixels on the long side is plenty for print"),
    ((12_000, 10_000), "'huge.png' is too big: 120 megapixels (12000x10000); the limit is 100 megapixels. "
                       "Resize it: 3000 pixels on the long side is plenty for print"),
])
def test_too_many_pixels_says_how_many_and_the_limit_without_decoding(project, size, message):
    assert verify(png_header_only(project / "huge.png", *size)) == message


def test_a_truncated_png_is_an_error_not_a_blank_picture(project, capsys):
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 50).convert("RGB").save(buffer, "PNG")
    (project / "content/posters/cut.png").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    path = project / "content/posters/cut.md"
    path.write_text("---\ntitle: Test\n---\n\n![a red box](cut.png) Take it\n")
    code = main(["build", str(path), "--out", str(project / "output"), "--no-check"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{path}:5:1: error picture-too-big: 'cut.png' is damaged: the file ends too early" in err
    assert not (project / "output").exists()


def test_a_truncated_jpeg_is_an_error(project):
    path = phone_photo(project / "cut.jpg", size=(600, 400), gps=False)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    assert verify(path).startswith("'cut.jpg' is damaged: the file ends too early")


def test_a_picture_file_over_the_byte_limit_is_refused(project, monkeypatch):
    from generator import limits

    path = phone_photo(project / "heavy.jpg", size=(300, 200), gps=False)
    monkeypatch.setattr(limits, "PICTURE_BYTES", 1_000)
    assert verify(path) == f"'heavy.jpg' is too big: {path.stat().st_size / 1e6:.1f} MB; the limit is 0.0 MB. Save it smaller, as a JPEG"


def test_not_a_picture_at_all(project):
    path = project / "fake.png"
    path.write_text("this is text")
    assert verify(path) == "'fake.png' cannot be read as a picture (cannot identify image file '" + str(path) + "'); open it and save it again as PNG or JPEG"


# --- SVG ----------------------------------------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">{}</svg>'


def test_svg_cleaning_removes_and_reports_each_thing():
    dirty = SVG.format(
        '<script>x()</script><foreignObject><p>hi</p></foreignObject>'
        '<a xlink:href="http://evil.example/"><rect width="5" height="5" onclick="x()"/></a>'
        '<image href="file:///etc/passwd"/><use href="#ok"/><rect style="fill: url(http://x/y.svg#g)"/>'
        '<image href="data:image/png;base64,iVBORw0KGgo="/>'
    )
    clean = clean_svg(dirty.encode(), "map.svg")
    text = clean.data.decode()
    assert clean.removed == (
        "a script", "a <foreignObject> element", "an event handler (onclick)", "a link to 'http://evil.example/'",
        "a link to 'file:///etc/passwd'", "a style that loads a file",
    )
    for gone in ("script", "foreignObject", "onclick", "evil.example", "/etc/passwd", "http://x/"):
        assert gone not in text
    assert 'href="#ok"' in text and "data:image/png" in text and text.count(":rect ") == 2


@pytest.mark.parametrize(("svg", "reason"), [
    ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
     "'x.svg' has a <!DOCTYPE> or <!ENTITY> declaration, which is refused (entities can expand without limit); export it again as plain SVG"),
    (SVG.format("<g>" * 60 + "</g>" * 60), "'x.svg' nests elements more than 50 deep; the limit is 50. Simplify it"),
    (SVG.format("<rect/>" * 10_001), "'x.svg' has more than 10,000 elements; the limit is 10,000. Simplify it"),
    ("<html><body>hello</body></html>", "'x.svg' is not an SVG picture (it starts with <html>)"),
    ("<svg><rect></svg>", "'x.svg' is not well-formed SVG (mismatched tag: line 1, column 13); export it again"),
])
def test_svgs_that_cannot_be_cleaned_are_refused_with_the_reason(svg, reason):
    with pytest.raises(PictureRefused) as caught:
        clean_svg(svg.encode(), "x.svg")
    assert str(caught.value) == reason


def test_a_refused_svg_names_its_reason_at_the_cue(project):
    (project / "content/posters/bomb.svg").write_text(
        '<!DOCTYPE svg [<!ENTITY a "a">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    )
    result = build(project, "svg", "![a map](bomb.svg) Find us\n", kind="posters")
    assert [(f.rule, f.span.line, f.message) for f in result.report.active if f.level == "error"] == [
        ("missing-picture", 5, "'bomb.svg' has a <!DOCTYPE> or <!ENTITY> declaration, which is refused "
                               "(entities can expand without limit); export it again as plain SVG.")
    ]
