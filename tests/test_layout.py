"""Layout read back from the PDFs: picture sizes and places, words beside them,
rows kept together, poster grids that fill the sheet, links, folding order."""

from __future__ import annotations

import io
import re
import subprocess

import pikepdf
import pytest
from pypdf import PdfReader

from generator.pipeline import BuildOptions, build_file
from generator.render.impose import folding_order, padded_order

from conftest import ROOT, text_runs
from geometry import Box, figure_boxes

MM_PER_PT = 25.4 / 72
LINE_GAP_MM = 11.5  # lines of one row are closer than this; rows are further apart


def word_blocks(data: bytes, page: int, left_of_words: float) -> list[tuple[float, float, str]]:
    """Blocks of text lines right of the picture column: (top mm, bottom mm, words)."""
    runs = sorted((r for r in text_runs(data, page) if r[1] >= left_of_words and not r[0].startswith("Page ")), key=lambda r: r[2])
    blocks: list[list[tuple[str, float, float, float]]] = []
    for run in runs:
        if blocks and run[2] - blocks[-1][-1][2] <= LINE_GAP_MM:
            blocks[-1].append(run)
        else:
            blocks.append([run])
    out = []
    for block in blocks:
        size = block[0][3] * MM_PER_PT
        out.append((block[0][2] - 0.72 * size, block[-1][2] + 0.22 * size, " ".join(r[0] for r in block)))
    return out


def words_beside(figure: Box, runs: list[tuple[str, float, float, float]], right_limit: float) -> list[tuple[str, float, float, float]]:
    """Text runs right of a picture (before ``right_limit``) whose baselines fall within its height."""
    return [r for r in runs if figure.right <= r[1] < right_limit and figure.top <= r[2] <= figure.bottom + 2]


def centre_of(lines: list[tuple[str, float, float, float]]) -> float:
    size = lines[0][3] * MM_PER_PT
    baselines = sorted(r[2] for r in lines)
    return (baselines[0] - 0.72 * size + baselines[-1] + 0.22 * size) / 2


# -- posters -----------------------------------------------------------------------------


@pytest.mark.slow
def test_poster_pictures_are_at_least_40mm_and_left_of_their_centred_words(built):
    data, _ = built["poster"]
    figures = figure_boxes(data)
    assert len(figures) == 7
    runs = text_runs(data)
    for figure in figures:
        assert figure.width >= 40 - 0.01 and figure.height >= 40 - 0.01, figure
        right_limit = min([f.left for f in figures if f.left > figure.right] + [210])
        words = words_beside(figure, runs, right_limit)
        assert words, f"no words beside the picture at {figure}"
        assert all(r[1] >= figure.right + 2 for r in words)  # a clear gap, words on the right
        assert abs(centre_of(words) - figure.middle) < 2, (words, figure)


@pytest.mark.slow
def test_the_poster_qr_code_is_a_link_in_the_pdf_and_the_html(project):
    url = "https://www.nhs.uk/medicines/"
    path = project / "content/posters/qr.md"
    path.write_text(f'---\ntitle: Ask us\nqr: {{url: "{url}", caption: "Find out more"}}\n---\n\n'
                    "![a pharmacist](pharmacist) Ask us about your medicine.\n\n![a pill](pill) Bring your pills.\n\n"
                    "![a label](label) Read the label.\n\n![a question](question) Ask a question.\n", encoding="utf-8")
    result = build_file(path, BuildOptions(out_dir=project / "out"))
    assert result.ok, result.problems
    pdf_path, html_path = result.outputs
    with pikepdf.open(pdf_path) as pdf:
        links = [a for a in pdf.pages[0].get("/Annots", []) if a.get("/Subtype") == "/Link"]
        assert links and {str(a.A.URI) for a in links} == {url}  # the code and its printed link
        height = float(pdf.pages[0].mediabox[3]) * MM_PER_PT
        rects = []
        for a in links:
            x1, y1, x2, y2 = (float(v) * MM_PER_PT for v in a.Rect)
            rects.append((min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)))
    qr = figure_boxes(pdf_path.read_bytes())[-1]  # the QR code is the last picture
    assert any(r[0] <= qr.left + 0.5 and r[2] >= qr.right - 0.5 and height - r[3] <= qr.top + 0.5 and height - r[1] >= qr.bottom - 0.5
               for r in rects)  # a link covers the whole code
    html = html_path.read_text()
    assert re.search(rf'<a class="qr-code" href="{re.escape(url)}"><img [^>]*alt="QR code for {re.escape(url)}"', html)
    assert f'<a href="{url}">Find out more: {url}</a>' in html


FLU = [("vaccine", "a needle", "Flu jabs are free"), ("elderly", "an older person", "You are 65 or older"),
       ("woman", "a woman", "You are pregnant"), ("heart", "a heart", "You have a long-term illness"),
       ("home", "a house", "You live in a care home"), ("carer", "a carer", "You look after someone"),
       ("young-people", "young people", "Children aged 2 or 3"), ("health-worker", "a health worker", "You work in health care"),
       ("calendar", "a calendar", "Get it in the autumn")]


def _tiles_poster(project, tiles: int, size: str, orientation: str = "portrait", call: bool = True):
    body = "\n\n".join(f"![{alt}]({icon}) {words}" for icon, alt, words in FLU[:tiles])
    if call:
        body += "\n\n## ![a pharmacist](pharmacist) Ask us at the counter\n\nIt only takes 5 minutes."
    path = project / "content/posters" / f"flu-{tiles}-{size}-{orientation}.md"
    path.write_text(f"---\ntitle: Get your flu jab\norganisation: Riverside Pharmacy\nsize: {size}\n"
                    f"orientation: {orientation}\n---\n\n{body}\n", encoding="utf-8")
    return build_file(path, BuildOptions(out_dir=project / "out", formats=("pdf",), check=False))


@pytest.mark.slow
@pytest.mark.parametrize("tiles, size, orientation, call", [
    (4, "A4", "portrait", True), (6, "A4", "portrait", True), (4, "A3", "portrait", True), (6, "A3", "portrait", True),
    (9, "A4", "landscape", False), (9, "A3", "landscape", False),
])
def test_tile_grid_fills_the_sheet_with_pictures_left_of_words(project, tiles, size, orientation, call):
    result = _tiles_poster(project, tiles, size, orientation, call)
    assert result.ok and result.pages == 1, result.problems
    data = result.outputs[0].read_bytes()
    scale = 1.414 if size == "A3" else 1.0
    with pikepdf.open(io.BytesIO(data)) as pdf:
        width, height = (float(v) * MM_PER_PT for v in pdf.pages[0].mediabox[2:])
    figures = figure_boxes(data)
    assert len(figures) == tiles + call
    runs = text_runs(data)
    columns = 3 if orientation == "landscape" else 2
    tiles_per_row = {round(f.top) for f in figures[:tiles]}
    assert len(tiles_per_row) == -(-tiles // columns)  # rows of 2 (portrait) or 3 (landscape)
    for figure in figures:
        assert figure.width >= 40 * scale - 0.1 and figure.height >= 40 * scale - 0.1
        words = words_beside(figure, runs, min([f.left for f in figures if f.left > figure.right] + [width]))
        assert words and abs(centre_of(words) - figure.middle) < 2 * scale, figure
    # Filled: drawn things (pictures and words) leave no band of a third of the sheet
    # empty, and the footer sits at the bottom of the sheet.
    spans = sorted([(f.top, f.bottom) for f in figures] + [(r[2] - r[3] * MM_PER_PT, r[2]) for r in runs])
    reached, widest = 0.0, 0.0
    for top, bottom in spans:
        widest = max(widest, top - reached)
        reached = max(reached, bottom)
    widest = max(widest, height - reached)
    assert widest < height / 6, (widest, height)
    assert height - reached < 12 * scale  # the last line is in the bottom margin's reach


@pytest.mark.slow
def test_a_crowded_poster_is_an_error_that_says_how_much_room_it_needs(project):
    result = _tiles_poster(project, 9, "A4")
    (problem,) = result.problems
    assert problem.rule == "overflow" and result.outputs == ()
    assert re.search(r"its tiles need \d+(\.\d)? mm more height than the sheet has \(from 'Children aged 2 or 3' on\)", problem.message)
    assert problem.message.endswith("so cut words or tiles, or try 'orientation: landscape' (3 tiles a row)")


def test_a_word_too_wide_for_its_tile_is_an_error_naming_it(project):
    path = project / "content/posters/wide.md"
    path.write_text("---\ntitle: Wide\norientation: landscape\n---\n\n" + "\n\n".join(
        f"![a pill](pill) {w}" for w in ("Ask", "prescriptions", "pharmacist about", "medication", "your")) + "\n", encoding="utf-8")
    result = build_file(path, BuildOptions(out_dir=project / "out", formats=("pdf",), check=False))
    (problem,) = result.problems
    assert problem.message == ("the word 'prescriptions' is wider than its tile ('prescriptions'); text is never made smaller, "
                               "so use a shorter word, or use 'orientation: portrait' (2 wider tiles a row)")


def test_make_poster_and_make_booklet_build_the_file_given():
    def dry_run(*args: str) -> str:
        return subprocess.run(["make", "-n", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout

    assert 'easyread build "content/posters/flu-jabs.md"' in dry_run("poster", "POSTER=content/posters/flu-jabs.md")
    assert 'easyread build "content/booklets/other.md"' in dry_run("booklet", "BOOKLET=content/booklets/other.md")
    assert 'easyread build "content/posters/need-help-with-medication.md"' in dry_run("poster")


@pytest.mark.slow
def test_kind_in_the_front_matter_wins_over_the_folder_and_a_lost_poster_gets_a_hint(project):
    lost = project / "flu.md"  # outside content/posters/, so read as a booklet
    lost.write_text("---\ntitle: Flu jabs\nsize: A3\nqr: {url: 'https://www.nhs.uk/flu'}\n---\n\n![a needle](vaccine) Flu jabs are free\n")
    result = build_file(lost, BuildOptions(out_dir=project / "out", formats=("pdf",)))
    assert [p.message for p in result.problems][-1] == (
        "this looks like a poster, not a booklet: add 'kind: poster' to the front matter (or save it in content/posters/)")
    lost.write_text(lost.read_text().replace("title: Flu jabs\n", "title: Flu jabs\nkind: poster\n"))
    result = build_file(lost, BuildOptions(out_dir=project / "out", formats=("pdf",)))
    assert result.ok and result.pages == 1
    booklet = project / "content/posters/really-a-booklet.md"
    booklet.write_text("---\ntitle: Our booklet\nkind: booklet\nabout: false\ncontents: false\n---\n\n## Part 1\n\n![a tick](tick) One row.\n")
    result = build_file(booklet, BuildOptions(out_dir=project / "out", formats=("pdf",)))
    assert result.ok and "To find out more" in PdfReader(result.outputs[0]).pages[-1].extract_text()


# -- booklets ----------------------------------------------------------------------------


@pytest.mark.slow
def test_booklet_pictures_are_35mm_left_of_their_centred_words_on_every_page(built):
    data, result = built["booklet"]
    checked = 0
    for page in range(1, result.pages):
        figures = figure_boxes(data, page)
        for figure in figures:
            assert 35 - 0.1 <= figure.width <= 40 and figure.height == pytest.approx(figure.width), (page, figure)
        if not figures:
            continue
        rights = [round(f.right, 1) for f in figures]
        column = max(set(rights), key=rights.count)
        assert column == pytest.approx(16 + 35, abs=0.2) or len(figures) == 1  # one column at the margin (and the credit box)
        for top, bottom, words in word_blocks(data, page, column + 5):
            beside = [f for f in figures if top - 1 <= f.middle <= bottom + 1]
            if not beside:
                continue  # a heading or the credits line, not a row
            assert len(beside) == 1, (page, words)
            assert abs((top + bottom) / 2 - beside[0].middle) < 2, (page, words)
            checked += 1
    assert checked >= 90


@pytest.mark.slow
def test_the_cover_picture_is_big(built):
    data, _ = built["booklet"]
    (cover,) = figure_boxes(data, 0)
    assert cover.width >= 80


@pytest.mark.slow
def test_no_page_of_the_booklet_holds_one_lonely_row_or_ends_with_a_heading(built):
    data, result = built["booklet"]
    reader = PdfReader(io.BytesIO(data))
    for page in range(1, result.pages):
        figures = figure_boxes(data, page)
        text = reader.pages[page].extract_text()
        if figures and "Contents" not in text:
            assert len(figures) >= 2, (page + 1, text[:80])
        lines = [line for line in text.splitlines() if line.strip() and not line.startswith("Page ")]
        assert not re.match(r"Section \d", lines[-1]), (page + 1, lines[-1])


def _booklet(project, body: str, extra: str = "") -> bytes:
    path = project / "content/booklets/keep.md"
    path.write_text(f"---\ntitle: Keeping rows together\nabout: false\ncontents: false\n{extra}---\n\n{body}\n", encoding="utf-8")
    result = build_file(path, BuildOptions(out_dir=project / "out", formats=("pdf",), check=False))
    assert result.ok, result.problems
    return result.outputs[0].read_bytes()


@pytest.mark.slow
def test_a_short_numbered_list_and_the_row_that_introduces_it_share_a_page(project):
    filler = "\n\n".join(f"![a tick](tick) Filler row {n}." for n in range(4))
    listed = "\n\n".join(f"{n}. ![a tick](tick) Step {n} of the list." for n in range(1, 5))
    data = _booklet(project, f"## Part 1\n\n{filler}\n\n![a list](contents) Here are the steps:\n\n{listed}\n\n![a tick](tick) The end.")
    reader = PdfReader(io.BytesIO(data))
    pages = [p.extract_text() for p in reader.pages]
    (where,) = [i for i, t in enumerate(pages) if "Here are the steps:" in t]
    for n in range(1, 5):
        assert f"Step {n} of the list." in pages[where], n  # not one item left behind
    assert "Filler row 3." in pages[where - 1]  # the page before ends with room to spare, not a lonely intro


@pytest.mark.slow
def test_the_last_row_of_a_section_never_starts_a_page_alone(project):
    rows = "\n\n".join(f"![a tick](tick) Row {n} of the section." for n in range(7))
    data = _booklet(project, f"## Part 1\n\n{rows}\n\n<!-- easyread: page-break -->\n\n## Part 2\n\n![a tick](tick) Next part.")
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]
    (last,) = [t for t in pages if "Row 6 of the section." in t]
    assert "Row 5 of the section." in last


# -- folding ----------------------------------------------------------------------------


def printed_pages(data: bytes) -> list[tuple[int | None, int | None]]:
    """For each side of the print file, the page number printed on its left and right half.

    Each half is a reading page placed as a form XObject; its text is read back by
    putting that XObject on a page of its own. The cover has no number (1); a blank
    half is None.
    """
    sides = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            halves: dict[int, int | None] = {0: None, 1: None}
            shift = 0.0
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "cm":
                    shift = float(operands[4])
                elif str(operator) == "Do":
                    form = page.Resources.XObject[str(operands[0])]
                    with pikepdf.new() as alone:
                        blank = alone.add_blank_page(page_size=(float(form.BBox[2]), float(form.BBox[3])))
                        copied = alone.copy_foreign(form)
                        blank.obj.Resources = copied.Resources
                        blank.obj.Contents = alone.make_stream(copied.read_bytes())
                        out = io.BytesIO()
                        alone.save(out)
                    text = PdfReader(out).pages[0].extract_text()
                    number = re.search(r"Page (\d+)", text)
                    halves[int(shift > float(page.mediabox[2]) / 2 - 10)] = int(number.group(1)) if number else 1
            sides.append((halves[0], halves[1]))
    return sides


def test_folding_order_for_saddle_stitching():
    assert padded_order(7) == [0, 1, 2, 3, 4, 5, None, 6]  # a blank before the back page
    assert folding_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    assert folding_order(6) == [(5, 0), (1, None), (None, 2), (3, 4)]
    assert folding_order(1) == [(None, 0), (None, None)]


@pytest.mark.slow
def test_fold_writes_an_a4_landscape_print_file_in_saddle_stitch_order(project):
    rows = "\n\n".join(f"![a tick](tick) Row {n} has some words.\n\nAnd a second sentence." for n in range(6))
    path = project / "content/booklets/fold.md"
    path.write_text(f"---\ntitle: Folded\nsize: A5\nprint: {{fold: true}}\ncontact: {{email: a@example.org}}\n---\n\n## Rows\n\n{rows}\n")
    result = build_file(path, BuildOptions(out_dir=project / "out", formats=("pdf",), check=False))
    assert result.ok, result.problems
    reading, imposed = result.outputs
    assert (reading.name, imposed.name) == ("fold.pdf", "fold.print.pdf")
    pages = result.pages
    assert pages % 4 in (1, 2), pages  # blank pages are needed, and more than one
    total = -(-pages // 4) * 4
    with pikepdf.open(imposed) as pdf:
        assert len(pdf.pages) == total // 2
        assert [round(float(v) * MM_PER_PT) for v in pdf.pages[0].mediabox] == [0, 0, 297, 210]

    printed = printed_pages(imposed.read_bytes())
    # Number the padded pages 1..total, blanks just before the back page. On every
    # side of a saddle-stitched booklet the two pages add up to total + 1, fronts
    # carry the odd pages on the right (1, 3, 5...) and backs the even ones on the left.
    numbered = [(total if left == pages else left, total if right == pages else right) for left, right in printed]
    position = [(total + 1 - right if left is None else left, total + 1 - left if right is None else right) for left, right in numbered]
    blank = sorted(p for side, was in zip(position, printed) for p, w in zip(side, was) if w is None)
    assert blank == list(range(pages, total)), printed  # the blanks are the pages just before the back page
    assert all(left + right == total + 1 for left, right in position), printed
    assert [right for left, right in position[0::2]] == list(range(1, total // 2, 2))
    assert [left for left, right in position[1::2]] == list(range(2, total // 2 + 1, 2))
    assert printed[0] == (pages, 1)  # the outside of the first sheet: back page and cover


@pytest.mark.slow
def test_a_call_without_a_picture_uses_the_whole_width(project):
    path = project / "content/posters/plain-call.md"
    path.write_text("---\ntitle: Ask us\n---\n\n" + "\n\n".join(f"![a pill](pill) Tile {n}" for n in range(1, 5)) +
                    "\n\n## Ask us at the counter\n\nWe can help you with your medicine.\n", encoding="utf-8")
    result = build_file(path, BuildOptions(out_dir=project / "out", formats=("pdf",), check=False))
    assert result.ok, result.problems
    lines = [r for r in text_runs(result.outputs[0].read_bytes()) if "We can help" in r[0]]
    assert [r[0].strip() for r in lines] == ["We can help you with your medicine."]  # one line, not a narrow column
