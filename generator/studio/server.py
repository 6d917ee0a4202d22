"""The preview server: one file, on 127.0.0.1 only, updated the moment it is saved.

Security, because content is untrusted and a browser on the same machine visits
other sites too:

- it listens on 127.0.0.1 and answers only requests whose ``Host`` is
  ``127.0.0.1:PORT`` or ``localhost:PORT`` (anything else is 403: a web page that
  points its own domain name at 127.0.0.1 cannot read or drive the preview);
- it serves only the project's files, the tool's icons and fonts, through the same
  sandbox as builds (``render.fetcher``), SVGs cleaned;
- anything that writes (choosing a picture) needs this session's token and the
  version of the file the page showed, and the page forbids scripts and frames
  from anywhere else (Content-Security-Policy).
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import socket
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Executor
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ..errors import ConfigError, GeneratorError, Problem
from ..icons import PICTURE_TYPES
from ..pipeline import render_roots
from ..project import ICONS, TEMPLATES
from ..render.fetcher import RefusedResource, SafeFetcher
from ..render.fonts import faces
from . import page, pictures
from .layout import Laid, lay_out
from .picking import Changed, choose, cue_on_line
from .session import Session, View

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self'; "
                               "script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
KEEPALIVE_SECONDS = 15.0
ASSETS = TEMPLATES / "studio"


class HostGuard:
    """Refuse any request whose Host header is not this server's own address (DNS rebinding)."""

    def __init__(self, app: ASGIApp, port: int) -> None:
        self.app = app
        self.allowed = {f"127.0.0.1:{port}".encode(), f"localhost:{port}".encode()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").lower()
            if host not in self.allowed:
                response = PlainTextResponse("Refused: this preview only answers at its own address (127.0.0.1 or localhost).", 403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class Studio:
    """The live state of one preview: the session, the latest layout, the open pages."""

    def __init__(self, path: Path, profile: str | None = None, executor: Executor | None = None,
                 layout: Callable[..., Laid] = lay_out) -> None:
        self.session = Session(path, profile)
        self.token = secrets.token_urlsafe(32)
        self.executor = executor
        self.layout = layout
        self.laid: Laid | None = None
        self.listeners: set[asyncio.Queue[str]] = set()
        self._laying_out = False
        self._wanted: View | None = None

    @property
    def view(self) -> View:
        view = self.session.view
        if view is None:
            view = self.session.refresh() or self.session.view
        assert view is not None
        return view

    # -- updates ---------------------------------------------------------------------

    async def changed(self) -> None:
        """The file may have changed: re-render, tell every open page, start a layout."""
        view = await asyncio.get_running_loop().run_in_executor(None, self.session.refresh)
        if view is None:
            return
        self.publish("view", page.update(view, self.laid, self.token))
        if view.ok:
            self.schedule_layout(view)

    def schedule_layout(self, view: View) -> None:
        """Lay the newest good view out in the background; one layout at a time."""
        if self.executor is None:
            return
        self._wanted = view
        if not self._laying_out:
            self._laying_out = True
            asyncio.get_running_loop().create_task(self._lay_out())

    async def _lay_out(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._wanted is not None:
                view, self._wanted = self._wanted, None
                session = self.session
                laid = await loop.run_in_executor(self.executor, self.layout, str(session.path), session.shown, view.text, view.version,
                                                  session.profile)
                if laid.problems and self.laid is not None and not laid.pdf:
                    laid = Laid(laid.version, self.laid.pdf, self.laid.pages, self.laid.unit_pages, laid.problems)
                self.laid = laid
                current = self.view
                self.publish("view", page.update(current, self.laid, self.token))
        finally:
            self._laying_out = False

    def publish(self, event: str, data: dict[str, Any]) -> None:
        message = f"event: {event}\ndata: {json.dumps(data)}\n\n"
        for queue in list(self.listeners):
            queue.put_nowait(message)

    async def stream(self, since: str) -> AsyncIterator[str]:
        """Server-sent events for one open page; first catches it up if it is behind."""
        queue: asyncio.Queue[str] = asyncio.Queue()
        self.listeners.add(queue)
        try:
            yield "retry: 500\n\n"
            if since != self.view.version:
                yield f"event: view\ndata: {json.dumps(page.update(self.view, self.laid, self.token))}\n\n"
            while True:
                try:
                    yield await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    yield ": still here\n\n"
        finally:
            self.listeners.discard(queue)

    async def watch(self) -> None:
        """Re-render whenever the file is saved (editors often save by renaming a new file into place)."""
        import watchfiles

        target = str(self.session.path)
        folder = self.session.path.parent
        async for _ in watchfiles.awatch(folder, watch_filter=lambda _change, where: where == target, step=10, debounce=400,
                                         recursive=False):
            await self.changed()


def make_app(studio: Studio, port: int, watch: bool = True) -> ASGIApp:
    """The preview as an ASGI app, wrapped in the Host check."""
    fonts = {face.path.name: face.path for face in faces()}
    sandbox = SafeFetcher(render_roots(studio.session.project))

    async def home(request: Request) -> Response:
        return HTMLResponse(page.preview(studio.view, studio.laid, studio.token), headers=SECURITY_HEADERS)

    async def events(request: Request) -> Response:
        since = request.query_params.get("v", "")
        return StreamingResponse(studio.stream(since), media_type="text/event-stream", headers={**SECURITY_HEADERS, "X-Accel-Buffering": "no"})

    async def document_pdf(request: Request) -> Response:
        if studio.laid is None or not studio.laid.pdf:
            return PlainTextResponse("The PDF is still being made. Try again in a few seconds.", 503, headers=SECURITY_HEADERS)
        return Response(studio.laid.pdf, media_type="application/pdf", headers=SECURITY_HEADERS)

    async def served(request: Request) -> Response:
        kind, rest = request.url.path.split("/", 2)[1:]
        if kind == "fonts":
            path = fonts.get(unquote(rest))
            if path is None:
                return PlainTextResponse("Not found.", 404)
        elif kind == "icons":
            path = ICONS / unquote(rest)
        elif kind == "assets":
            path = ASSETS / unquote(rest)
        else:
            path = studio.session.project.root / unquote(rest)
            if path.suffix.lower() not in PICTURE_TYPES:
                return PlainTextResponse("Not found.", 404, headers=SECURITY_HEADERS)
        try:
            fetched = (SafeFetcher([ASSETS]) if kind == "assets" else sandbox).fetch(path.resolve().as_uri())
        except RefusedResource:
            return PlainTextResponse("Not found.", 404, headers=SECURITY_HEADERS)
        body = fetched.read()
        return Response(body, media_type=fetched.headers.get("Content-Type"), headers=SECURITY_HEADERS)

    async def pick_page(request: Request) -> Response:
        view = studio.view
        try:
            line = int(request.query_params.get("line", ""))
            place = cue_on_line(view.text, studio.session.path, line)
        except (ValueError, GeneratorError):
            return HTMLResponse(page.message(view, "There is no picture to change here", "The file has changed. Go back to the preview and choose again."),
                                404, headers=SECURITY_HEADERS)
        query = request.query_params.get("q", "").strip()[:80]
        found = pictures.search(query) if query else []
        suggested = pictures.suggest(place.sentence or place.cue.alt, current=place.cue.target)
        return HTMLResponse(page.pick(view, place, suggested, query, found, studio.token), headers=SECURITY_HEADERS)

    async def pick(request: Request) -> Response:
        form = await request.form()
        view = studio.view
        if not secrets.compare_digest(str(form.get("token", "")), studio.token):
            return PlainTextResponse("Refused: this page is not from this preview session. Reload the preview.", 403, headers=SECURITY_HEADERS)
        choice = pictures.find(str(form.get("name", "")))
        try:
            line = int(str(form.get("line", "")))
        except ValueError:
            line = 0
        if choice is None or line < 1:
            return HTMLResponse(page.message(view, "That picture is not in the library", "Go back and choose another picture."), 400, headers=SECURITY_HEADERS)
        try:
            await asyncio.get_running_loop().run_in_executor(None, choose, studio.session.path, str(form.get("version", "")), line, choice)
        except Changed:
            await studio.changed()
            return HTMLResponse(
                page.message(studio.view, "Nothing was changed",
                             "Someone saved the file after this page was shown, so the picture was not written. "
                             "The preview now shows the newest version: look at it, then choose the picture again."),
                409, headers=SECURITY_HEADERS)
        except GeneratorError:
            return HTMLResponse(page.message(view, "Nothing was changed", "The picture cue could not be found. Go back to the preview and choose again."),
                                409, headers=SECURITY_HEADERS)
        await studio.changed()
        return RedirectResponse(f"/#line-{line}", 303, headers=SECURITY_HEADERS)

    async def search_json(request: Request) -> Response:
        query = request.query_params.get("q", "")[:80]
        return JSONResponse([{"name": c.name, "alt": c.alt, "src": f"/icons/{quote(c.path.relative_to(ICONS).as_posix())}"}
                             for c in pictures.search(query)], headers=SECURITY_HEADERS)

    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        studio.session.refresh()
        if studio.session.view is not None and studio.session.view.ok:
            studio.schedule_layout(studio.session.view)
        task = asyncio.get_running_loop().create_task(studio.watch()) if watch else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()

    routes = [
        Route("/", home),
        Route("/events", events),
        Route("/document.pdf", document_pdf),
        Route("/pick", pick_page, methods=["GET"]),
        Route("/pick", pick, methods=["POST"]),
        Route("/pictures/search", search_json),
        Route("/fonts/{rest:path}", served),
        Route("/icons/{rest:path}", served),
        Route("/files/{rest:path}", served),
        Route("/assets/{rest:path}", served),
    ]
    app = Starlette(routes=routes, lifespan=_context(lifespan))
    return HostGuard(app, port)


def _context(generator: Callable[[Starlette], AsyncIterator[None]]) -> Any:
    from contextlib import asynccontextmanager

    return asynccontextmanager(generator)


def open_socket(port: int | None) -> socket.socket:
    """A listening socket on 127.0.0.1 (never another address), on ``port`` or a free one."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port or 0))
    except OSError as exc:
        sock.close()
        message = f"cannot listen on 127.0.0.1:{port}: {exc.strerror}; choose another port, or leave --port out to use a free one"
        raise ConfigError(Problem("--port", 0, 0, "usage", message)) from None
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def serve(path: Path, port: int | None, announce: Callable[[str], None], open_browser: bool = True, profile: str | None = None) -> None:
    """Run the preview until Ctrl+C. ``announce`` is told the address once it is listening."""
    import multiprocessing
    import threading
    import webbrowser
    from concurrent.futures import ProcessPoolExecutor

    import uvicorn

    sock = open_socket(port)
    bound = sock.getsockname()[1]
    url = f"http://127.0.0.1:{bound}/"
    # A separate process lays the PDF out, at a lower priority, so the page stays quick while it works.
    executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=os.nice, initargs=(10,))
    studio = Studio(path, profile, executor)
    config = uvicorn.Config(make_app(studio, bound), log_level="warning", access_log=False, lifespan="on", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    announce(f"Serving {url}")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, (url,)).start()
    try:
        server.run(sockets=[sock])
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
        sock.close()
