"""easyread pictures search|list|suggest|--sheet: the contracts other tools rely on."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from generator.cli import main
from generator.pictures import load_catalogue
from generator.pictures.sheets import write_contact_sheet, write_gallery

FIXTURES = Path(__file__).parent / "fixtures" / "check"
FIELDS = {"name", "file", "source", "licence", "alt", "tags"}


def run(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_search_prints_the_best_match_first_and_json_has_the_contract_fields(capsys):
    code, out, _ = run(["pictures", "search", "travelling by bus", "--limit", "3"], capsys)
    assert code == 0 and len(out.splitlines()) == 3 and "bus" in out.splitlines()[0].split()[0]
    code, out, _ = run(["pictures", "search", "buses", "--json", "--limit", "2"], capsys)
    data = json.loads(out)
    assert code == 0 and data[0]["name"] == "bus" and FIELDS | {"score", "matched"} <= set(data[0])
    assert data[0]["matched"] == ["buses"] and data[0]["score"] >= data[1]["score"]


def test_search_with_no_match_says_so_and_exits_1(capsys):
    code, out, err = run(["pictures", "search", "zzyzx"], capsys)
    assert (code, out) == (1, "") and "no picture fits 'zzyzx'" in err
    assert run(["pictures", "search", "bus", "--limit", "0"], capsys)[0] == 2


def test_list_json_has_every_picture_with_its_source_and_licence(capsys):
    code, out, _ = run(["pictures", "list", "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and len(data) == len(load_catalogue().icons) >= 800
    assert all(set(entry) >= FIELDS and entry["licence"] and entry["source"] for entry in data)
    code, out, _ = run(["pictures", "list", "--set", "easyread"], capsys)
    assert code == 0 and "pharmacist" in out and "CC0-1.0" in out and "mulberry" not in out
    code, _, err = run(["pictures", "list", "--set", "openmoji"], capsys)
    assert code == 2 and "no picture set 'openmoji'" in err


def test_pictures_without_an_action_is_a_usage_error(capsys):
    code, _, err = run(["pictures"], capsys)
    assert code == 2 and "pictures search" in err


def test_suggest_lists_rows_whose_picture_does_not_fit_with_better_pictures(capsys):
    code, out, _ = run(["pictures", "suggest", str(FIXTURES / "picture-words.md")], capsys)
    lines = out.splitlines()
    assert code == 1 and len(lines) == 2
    assert lines[0].endswith("picture-words.md:9:1: 'pill': its words are not in the row. Try: park (a park), train (a train), training (people learning together)")
    code, out, _ = run(["pictures", "suggest", str(FIXTURES / "picture-overused.md"), "--json"], capsys)
    rows = json.loads(out)
    assert code == 1 and [(r["line"], r["reasons"], r["uses"]) for r in rows] == [(13, ["overused"], 5), (17, ["overused"], 5)]
    assert "happy-man" not in [s["name"] for s in rows[0]["suggestions"]] and len(rows[0]["suggestions"]) == 3


def test_suggest_is_quiet_when_every_picture_fits(tmp_path, capsys):
    path = tmp_path / "fits.md"
    path.write_text("---\ntitle: Fits\n---\n\n## Travel\n\n![a bus](bus) Take the bus to town.\n")
    code, out, _ = run(["pictures", "suggest", str(path)], capsys)
    assert code == 0 and "every picture fits its words" in out


def test_a_list_without_pictures_is_part_of_the_row_it_prints_in(tmp_path, capsys):
    """The booklet prints a list with no pictures inside the row above it, so its words count
    for that row's picture; a list whose items have pictures is rows of its own."""
    path = tmp_path / "list.md"
    path.write_text("---\ntitle: Lists\n---\n\n## Places\n\n![a hospital](hospital) These organisations cover:\n\n"
                    "- hospitals\n- mental health\n\n![a bus](bus) Then we went home.\n\n"
                    "1. ![a bus](bus) Take the bus.\n")
    code, out, _ = run(["pictures", "suggest", str(path)], capsys)
    assert code == 1 and out.splitlines() == [f"{path}:12:1: 'bus': its words are not in the row. Try: go (a person going), go-out (a person going out through a door), go-in (a person going in through a door)"]


def test_gallery_is_one_offline_page_with_a_labelled_search_box(tmp_path):
    catalogue = load_catalogue()
    pictures = [catalogue.get(n) for n in ("bus", "family", "pharmacist", "pill")]
    written = write_gallery(pictures, tmp_path, catalogue)
    html = written.path.read_text()
    assert '<label for="q">Search for a picture</label>' in html and 'id="q" type="search"' in html
    assert 'role="status"' in html and "<main>" in html and '<html lang="en-GB">' in html
    assert "http" not in html.split("<footer")[0]  # nothing fetched: pictures are beside the page
    for picture in pictures:
        assert (tmp_path / "files" / picture.file).read_bytes().startswith(b"<svg")
    tables = json.loads(html.split('<script id="tables" type="application/json">')[1].split("</script>")[0])
    assert tables["forms"]["buses"] == ["bus"] and "coach" in tables["synonyms"]["bus"]


@pytest.mark.slow
def test_contact_sheet_captions_are_16pt_and_it_credits_its_set(tmp_path):
    catalogue = load_catalogue()
    pictures = [p for p in catalogue.icons.values() if p.set == "easyread"]
    written = write_contact_sheet(pictures, catalogue.sets["easyread"], tmp_path, catalogue)
    data = written.path.read_bytes()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert all(p.name in text.replace("\n", "") for p in pictures)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.docinfo["/rights"]).startswith("Pictures: easyread pictures by easyread contributors")
    from generator.render.verify import smallest_text_pt  # noqa: F401 - same floor as every output
    sizes = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: sizes.add(round(size * tm[0], 1)) if text.strip() else None)
    assert min(sizes) >= 16


@pytest.mark.slow
def test_every_library_picture_renders_on_its_contact_sheet_without_warnings(tmp_path, caplog):
    catalogue = load_catalogue()
    with caplog.at_level(logging.WARNING):
        for picture_set in catalogue.sets.values():
            members = [p for p in catalogue.icons.values() if p.set == picture_set.key]
            written = write_contact_sheet(members, picture_set, tmp_path, catalogue)
            with pikepdf.open(written.path) as pdf:
                figures = sum(1 for _ in _figures(pdf.Root.StructTreeRoot))
            assert figures == len(members), picture_set.key  # a tagged figure for every picture drawn
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def _figures(node):
    if isinstance(node, pikepdf.Dictionary) and node.get("/S") == "/Figure":
        yield node
    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
    if isinstance(kids, pikepdf.Array):
        for kid in kids:
            yield from _figures(kid)
    elif isinstance(kids, pikepdf.Dictionary):
        yield from _figures(kids)


def test_the_commands_in_docs_pictures_work(capsys):
    """Every `easyread pictures ...` example in docs/pictures.md runs (the slow --sheet aside)."""
    import shlex

    docs = (Path(__file__).parent.parent / "docs" / "pictures.md").read_text()
    commands = [line.strip().split("#")[0].strip() for line in docs.splitlines() if line.strip().startswith("easyread pictures ")]
    assert len(commands) >= 5
    for command in commands:
        args = shlex.split(command)[1:]
        if "--sheet" in args:
            continue
        args = [str(FIXTURES / "picture-words.md") if a.endswith("my-booklet.md") else a for a in args]
        args = [a for a in args if not (a.startswith("[") or a.endswith("]"))]  # optional flags shown in brackets
        code, _, err = run(args, capsys)
        assert code in (0, 1) and "error" not in err, (command, err)
