"""The preview server's moving parts: the background layout, the event stream, the file
watcher, the refusals, and ``serve`` itself on a real port.

The layout is a stand-in (a function in a thread) where the test is about the server,
and the real one (``layout.lay_out``, in-process or in the spawned worker) where the
test is about the PDF.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.client
import io
import re
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdf
import pytest
import uvicorn
from starlette.testclient import TestClient

from generator.errors import Problem
from generator.studio import page, server
from generator.studio.layout import Laid, lay_out
from generator.studio.server import Studio, make_app
from generator.studio.session import version_of

FIXTURE = Path(__file__).parent / "fixtures/studio/visit.md"
PORT = 8124
FAKE_PDF = b"%PDF-1.7 not really a layout"


@pytest.fixture
def visit(project: Path) -> Path:
    path = project / "content/booklets/visit.md"
    shutil.copy(FIXTURE, path)
    return path


def units(studio: Studio) -> int:
    """How many units (headings and rows) the preview page has."""
    return len(page._UNIT.findall(str(studio.view.body)))


def wait_for(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


class FakeLayout:
    """Lays every version out as FAKE_PDF on two pages (the last unit on page 2), or fails when told."""

    def __init__(self, count: int) -> None:
        self.count, self.calls, self.fail = count, [], ""

    def __call__(self, path: str, shown: str, text: str, version: str, profile: str | None) -> Laid:
        self.calls.append(version)
        if self.fail:
            return Laid(version, problems=(Problem(shown, 3, 1, "render", self.fail),))
        return Laid(version, FAKE_PDF, 2, (1,) * (self.count - 1) + (2,))


def test_the_background_layout_serves_the_pdf_and_marks_page_breaks(visit: Path) -> None:
    count = units(Studio(visit))
    assert count == 7  # the title, two headings and four rows
    fake = FakeLayout(count)
    with ThreadPoolExecutor(1) as pool:
        studio = Studio(visit, executor=pool, layout=fake)
        with TestClient(make_app(studio, PORT, watch=False), base_url=f"http://127.0.0.1:{PORT}") as client:
            wait_for(lambda: studio.laid is not None)  # the app's start scheduled it
            assert fake.calls == [version_of(visit.read_bytes())]
            pdf = client.get("/document.pdf")
            assert (pdf.status_code, pdf.content, pdf.headers["content-type"]) == (200, FAKE_PDF, "application/pdf")
            home = client.get("/").text
            assert "The PDF is ready: 2 pages." in home
            brk = '<p class="page-break" data-page="2"><span>Page 2</span></p>'
            assert home.count(brk) == 1
            assert home.index("Phone the dentist") < home.index(brk) < home.index("A co-production group")

            # A version that cannot be laid out keeps the last PDF, and says why.
            fake.fail = "the page is too full"
            visit.write_text(visit.read_text().replace("Make an appointment", "Book a visit"))
            client.portal.call(studio.changed)  # in the server's own event loop, as the watcher calls it
            wait_for(lambda: studio.laid is not None and bool(studio.laid.problems))
            assert client.get("/document.pdf").content == FAKE_PDF
            home = client.get("/").text
            assert "The PDF could not be made: the page is too full" in home and "Book a visit" in home
            assert len(fake.calls) == 2


def test_no_layout_runs_while_the_file_is_broken(visit: Path) -> None:
    fake = FakeLayout(4)
    visit.write_text("---\ntitle: [unclosed\n---\n")
    with ThreadPoolExecutor(1) as pool:
        studio = Studio(visit, executor=pool, layout=fake)
        with TestClient(make_app(studio, PORT, watch=False), base_url=f"http://127.0.0.1:{PORT}") as client:
            response = client.get("/document.pdf")
            assert (response.status_code, response.text) == (503, "The PDF is still being made. Try again in a few seconds.")
    assert fake.calls == []


def test_pdf_status_words() -> None:
    view = Studio(FIXTURE).view
    assert page.pdf_status(view, None) == "The PDF is being made."
    assert page.pdf_status(view, Laid(view.version, FAKE_PDF, 1)) == "The PDF is ready: 1 page."
    assert page.pdf_status(view, Laid("older", FAKE_PDF, 3)) == "The PDF (3 pages) is being updated."
    assert str(page.with_pages("<h2>A</h2>", None)) == "<h2>A</h2>"


def test_the_event_stream_catches_up_then_forwards_and_keeps_alive(visit: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server, "KEEPALIVE_SECONDS", 0.05)
    studio = Studio(visit)

    async def listen() -> list[str]:
        stream = studio.stream(since="an old version")
        got = [await anext(stream), await anext(stream)]  # retry, then the view the page missed
        assert len(studio.listeners) == 1
        studio.publish("view", {"version": "new"})
        got.append(await anext(stream))
        got.append(await anext(stream))  # nothing more: a keep-alive comment
        await stream.aclose()
        assert studio.listeners == set()
        up_to_date = studio.stream(since=studio.view.version)
        got.append(await anext(up_to_date))
        got.append(await anext(up_to_date))  # up to date: straight to keep-alives
        await up_to_date.aclose()
        return got

    got = asyncio.run(listen())
    assert got[0] == "retry: 500\n\n"
    assert got[1].startswith("event: view\ndata: {") and f'"version": "{studio.view.version}"' in got[1]
    assert got[2:] == ['event: view\ndata: {"version": "new"}\n\n', ": still here\n\n", "retry: 500\n\n", ": still here\n\n"]


@pytest.mark.slow
def test_saving_the_file_reaches_open_pages_through_the_watcher(visit: Path) -> None:
    studio = Studio(visit)
    studio.session.refresh()

    async def save_and_listen() -> str:
        queue: asyncio.Queue[str] = asyncio.Queue()
        studio.listeners.add(queue)
        watcher = asyncio.create_task(studio.watch())
        await asyncio.sleep(0.5)  # let the watcher start
        visit.write_text(visit.read_text().replace("Make an appointment", "Ring to book"))
        try:
            return await asyncio.wait_for(queue.get(), 10)
        finally:
            watcher.cancel()

    message = asyncio.run(save_and_listen())
    assert message.startswith("event: view\n") and "Ring to book with the dentist." in message


def test_refusals_and_assets(visit: Path) -> None:
    studio = Studio(visit)
    with TestClient(make_app(studio, PORT, watch=False), base_url=f"http://127.0.0.1:{PORT}") as client:
        missing = client.get("/fonts/NoSuchFont.ttf")
        assert (missing.status_code, missing.text) == (404, "Not found.")
        script = client.get("/assets/studio.js")
        assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
        assert script.text == (server.ASSETS / "studio.js").read_text()
        assert client.get("/assets/..%2F..%2Fpyproject.toml").status_code == 404
        form = {"version": version_of(visit.read_bytes()), "token": studio.token}
        for bad in ({"line": "12", "name": "no-such-picture-anywhere"}, {"line": "twelve", "name": "tablets"}, {"line": "0", "name": "tablets"}):
            response = client.post("/pick", data={**form, **bad})
            assert response.status_code == 400 and "That picture is not in the library" in response.text
        before = visit.read_bytes()
        nocue = client.post("/pick", data={**form, "line": "8", "name": "tablets"})  # line 8 is the heading
        assert nocue.status_code == 409 and "The picture cue could not be found" in nocue.text
        assert visit.read_bytes() == before


@pytest.mark.slow
def test_lay_out_makes_the_draft_pdf_and_the_page_of_each_unit(visit: Path) -> None:
    laid = lay_out(str(visit), "content/booklets/visit.md", visit.read_text(), "v1")
    assert laid.version == "v1" and laid.problems == () and laid.pages == 3
    # the cover's title; the heading and three rows; the back page's heading and row
    assert laid.unit_pages == (1, 2, 2, 2, 2, 3, 3)
    texts = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(laid.pdf)).pages]
    assert "Going to the dentist" in texts[0] and "Make an appointment with the dentist." in texts[1] and "To find out more" in texts[2]
    marked = str(page.with_pages(str(Studio(visit).view.body), laid))
    assert [int(n) for n in re.findall(r'<p class="page-break" data-page="(\d)">', marked)] == [2, 3]
    assert marked.index("Page 2") < marked.index("Before you go") < marked.index("Page 3") < marked.index("To find out more")

    broken = lay_out(str(visit), "content/booklets/visit.md", "---\ntitle: [unclosed\n---\n", "v2")
    assert (broken.version, broken.pdf, broken.pages) == ("v2", b"", 0)
    assert [(p.path, p.line) for p in broken.problems] == [("content/booklets/visit.md", 3)]


@pytest.mark.slow
def test_serve_on_a_real_port_with_the_layout_in_its_own_process(visit: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``easyread preview`` as it runs: uvicorn on 127.0.0.1, the PDF laid out in a spawned worker."""
    servers: list = []

    class Recorded(uvicorn.Server):
        def __init__(self, config: uvicorn.Config) -> None:
            super().__init__(config)
            servers.append(self)

    monkeypatch.setattr(uvicorn, "Server", Recorded)
    pools: list[concurrent.futures.ProcessPoolExecutor] = []

    workers: list = []

    class RecordedPool(concurrent.futures.ProcessPoolExecutor):
        """serve()'s pool, waited for at shutdown: at the end of ``easyread preview`` the
        interpreter's exit stops the worker, but this test's process lives on."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            pools.append(self)

        def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
            workers.extend((self._processes or {}).values())
            super().shutdown(wait=True, cancel_futures=cancel_futures)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", RecordedPool)
    said: list[str] = []
    thread = threading.Thread(target=server.serve, args=(visit, None, said.append), kwargs={"open_browser": False}, daemon=True)
    thread.start()
    try:
        wait_for(lambda: bool(said) and bool(servers) and servers[0].started, 30)
        url = said[0].removeprefix("Serving ")
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        port = int(url.rstrip("/").rsplit(":", 1)[1])

        def get(path: str) -> tuple[int, bytes]:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                return response.status, response.read()
            finally:
                connection.close()

        status, body = get("/")
        assert status == 200 and b"Make an appointment with the dentist." in body
        wait_for(lambda: get("/document.pdf")[0] == 200, 60)
        text = pypdf.PdfReader(io.BytesIO(get("/document.pdf")[1])).pages[1].extract_text()
        assert "Phone the dentist" in text
        assert "The PDF is ready: 3 pages." in get("/")[1].decode()
    finally:
        if servers:
            servers[0].should_exit = True
        thread.join(30)
    assert not thread.is_alive()
    assert len(pools) == 1 and workers and not any(process.is_alive() for process in workers)
