"""The studio's logic without a browser: draft notes, picking a picture, the preview server."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from generator.cli import main
from generator.load import load
from generator.parse import parse
from generator.pipeline import check_file, draft_notes
from generator.project import Project
from generator.render.html import runs
from generator.studio import pictures
from generator.studio.picking import Changed, choose
from generator.studio.server import Studio, make_app
from generator.studio.session import version_of

FIXTURE = Path(__file__).parent / "fixtures/studio/visit.md"
PORT = 8123
LONG = "Phone the dentist if you are worried about your visit or if you cannot come on the day."


@pytest.fixture
def visit(project):
    path = project / "content/booklets/visit.md"
    shutil.copy(FIXTURE, path)
    return path


@pytest.fixture
def client(visit):
    studio = Studio(visit)
    with TestClient(make_app(studio, PORT, watch=False), base_url=f"http://127.0.0.1:{PORT}") as test:
        test.studio = studio  # type: ignore[attr-defined]
        yield test


def test_draft_notes_are_numbered_in_source_order_and_quote_their_sentence(visit):
    document, report = check_file(visit)
    notes = draft_notes(document, report, Project.for_path(visit))
    found = [(n.number, n.level, n.rule, n.line, n.quote) for n in notes.notes]
    assert found == [
        (1, "error", "unknown-icon", 12, ""),
        (2, "warning", "sentence-length", 14, ""),  # the checker's message quotes it already
    ]
    assert notes.notes[1].text.startswith('"Phone the dentist if you..." has 18 words')
    assert notes.notes[1].jump == "mark-2" and notes.notes[0].jump == "note-1"
    row = next(b for b in document.blocks if b.span.line == 14)
    html = str(notes.marked(row, runs))
    assert html == (f'<mark class="finding level-warning" id="mark-2" data-notes="2">{LONG}</mark>'
                    '<a class="note-ref level-warning" href="#note-2"><span aria-hidden="true">\u26a0</span>2<span class="spoken"> (note: Check)</span></a>')


def test_marking_one_sentence_keeps_the_others_and_their_spaces(project):
    path = project / "content/booklets/b.md"
    path.write_text("---\ntitle: T\n---\n\n![a pill](pill) Take **one** pill. " + " ".join(["Word"] + ["word"] * 17) + " here. Then rest.\n")
    document, report = check_file(path)
    notes = draft_notes(document, report, Project.for_path(path))
    block = document.blocks[0]
    html = str(notes.marked(block, runs))
    long = " ".join(["Word"] + ["word"] * 17) + " here."
    assert f'<mark class="finding level-warning" id="mark-2" data-notes="2">{long}</mark>' in html
    assert "<strong>one</strong> pill." in html  # styles survive the cut
    assert "</a> <mark" in html and html.endswith("</a> Then rest.")  # spaces between sentences survive


def test_picking_rewrites_only_the_cue(visit):
    before = visit.read_bytes()
    choice = pictures.find("tablets")
    assert choice is not None
    new_version = choose(visit, version_of(before), 12, choice)
    after = visit.read_bytes()
    assert after == before.replace(b"![a toothbrush](no-such-picture)", f"![{choice.alt}](tablets)".encode())
    assert new_version == version_of(after)


def test_picking_never_overwrites_a_file_changed_since_it_was_shown(visit):
    shown = version_of(visit.read_bytes())
    visit.write_text(visit.read_text() + "\n![a tick](tick) Someone else saved this.\n")
    edited = visit.read_bytes()
    with pytest.raises(Changed):
        choose(visit, shown, 12, pictures.find("tablets"))  # type: ignore[arg-type]
    assert visit.read_bytes() == edited


def test_picking_a_cover_cue_in_front_matter_keeps_the_yaml_valid(project):
    path = project / "content/booklets/c.md"
    path.write_text('---\ntitle: T\ncover: "![a group](group)"\n---\n\n![a pill](pill) Take it.\n')
    choose(path, version_of(path.read_bytes()), 3, pictures.find("doctor"))  # type: ignore[arg-type]
    assert path.read_text().split("\n")[2] == f'cover: "![{pictures.find("doctor").alt}](doctor)"'
    assert str(parse(load(path)).meta["cover"].target) == "doctor"


def test_suggestions_and_search():
    suggested = pictures.suggest("Phone the dentist if you are worried", current="")
    assert 0 < len(suggested) <= pictures.SUGGESTIONS and {"phone", "dentist"} <= {c.name for c in suggested[:2]}
    assert [c.name for c in pictures.suggest("Phone the dentist", current="phone")][:1] != ["phone"]
    assert pictures.search("phone")[0].name == "phone"
    assert pictures.search("") == [] and pictures.search("zzzzqqq") == []


def test_server_refuses_a_foreign_host(client):
    assert client.get("/", headers={"host": f"evil.example:{PORT}"}).status_code == 403
    assert client.get("/", headers={"host": "127.0.0.1:9"}).status_code == 403
    assert client.get("/", headers={"host": f"localhost:{PORT}"}).status_code == 200


def test_home_page_shows_the_document_with_its_findings_marked(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.text
    assert "Content-Security-Policy" in response.headers and "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert f'<mark class="finding level-warning" id="mark-2" data-notes="2">{LONG}</mark>' in page
    assert '<li id="note-2" value="2" class="level-warning">' in page  # the note beside its row
    assert '<a href="#mark-2">' in page and '<a href="#note-1">' in page  # the list jumps to each
    assert "Findings: 1 must fix, 1 to check, 0 ideas" in page
    assert 'aria-label="No picture yet: a toothbrush"' in page  # a placeholder, not an error page
    assert '<a class="pick row-picture" href="/pick?line=10"' in page
    assert client.studio.token not in page  # the write token is only on the pages that write


def test_server_serves_only_sandboxed_picture_files(client, visit):
    from PIL import Image

    Image.new("RGB", (4, 3), "red").save(visit.parent / "photo.png")  # a whole picture: a damaged one is refused
    assert client.get("/files/content/booklets/photo.png").status_code == 200
    assert client.get("/files/content/booklets/visit.md").status_code == 404
    assert client.get("/files/..%2F..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/icons/..%2F..%2Fpyproject.toml").status_code == 404
    svg = client.get("/icons/healthicons/phone.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert client.get("/fonts/AtkinsonHyperlegible-Regular.ttf").status_code == 200
    assert client.get("/fonts/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/document.pdf").status_code == 503  # no layout in this test


def test_pick_page_offers_suggestions_and_search(client):
    page = client.get("/pick?line=14").text
    assert "Pictures that may fit" in page and 'name="name" value="' in page
    assert page.count('<button type="submit" class="choice">') <= pictures.SUGGESTIONS
    assert f'name="token" value="{client.studio.token}"' in page
    found = client.get("/pick?line=14&q=zzzqqq").text
    assert "No picture found for \u201czzzqqq\u201d" in found
    assert client.get("/pick?line=3").status_code == 404
    results = client.get("/pictures/search?q=phone").json()
    assert results[0] == {"name": "phone", "alt": pictures.find("phone").alt, "src": "/icons/healthicons/phone.svg"}  # type: ignore[union-attr]


def test_writing_needs_the_session_token_and_the_shown_version(client, visit):
    before = visit.read_bytes()
    form = {"version": version_of(before), "line": "12", "name": "tablets"}
    assert client.post("/pick", data=form).status_code == 403
    assert client.post("/pick", data={**form, "token": "guess"}).status_code == 403
    stale = client.post("/pick", data={**form, "token": client.studio.token, "version": "0" * 16})
    assert stale.status_code == 409 and "Nothing was changed" in stale.text
    assert visit.read_bytes() == before
    done = client.post("/pick", data={**form, "token": client.studio.token}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/#line-12"
    assert b"](tablets) Brush your teeth" in visit.read_bytes()
    assert "tablets" in client.get("/").text and "No picture yet" not in client.get("/").text


def test_a_save_sends_the_new_words_to_open_pages(visit):
    studio = Studio(visit)
    studio.session.refresh()

    async def edit_and_listen() -> dict:
        queue: asyncio.Queue[str] = asyncio.Queue()
        studio.listeners.add(queue)
        visit.write_text(visit.read_text().replace("Make an appointment", "Book a visit"))
        await studio.changed()
        message = await asyncio.wait_for(queue.get(), 5)
        event, data = message.split("\n", 1)
        assert event == "event: view"
        return json.loads(data.removeprefix("data: "))

    update = asyncio.run(edit_and_listen())
    assert update["version"] == version_of(visit.read_bytes())
    assert "Book a visit with the dentist." in update["parts"]["paper"]
    assert "1 must fix, 1 to check" in update["parts"]["status"]
    assert set(update["parts"]) == {"status", "problems", "paper", "findings"}


def test_a_half_saved_file_keeps_the_last_good_page_and_says_why(client, visit):
    visit.write_text("---\ntitle: [unclosed\n---\n")
    asyncio.run(client.studio.changed())
    page = client.get("/").text
    assert "The file cannot be shown as it is now" in page and "Line 3:" in page
    assert "Make an appointment with the dentist." in page


@pytest.mark.parametrize("argv, message", [
    (["preview", "missing.md"], "no such file"),
    (["preview", str(FIXTURE), "--port", "70000"], "--port must be between 1 and 65535"),
])
def test_preview_usage_errors_exit_2(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_preview_port_in_use_is_a_usage_error(capsys):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert main(["preview", str(FIXTURE), "--no-browser", "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err
