"""The Jinja2 environment and what every template gets: pictures, runs, fonts, CSS.

Jinja autoescapes everything (content is untrusted) and undefined names fail
loudly. Pictures go in as ``<img>`` files, never inline SVG: WeasyPrint draws an
``<img>`` SVG faster, and the fetcher sanitises it on the way in. For the HTML
page the same pictures are embedded as ``data:`` URIs so the page stands alone.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from .. import invisible
from ..icons import Catalogue, resolve
from ..messages import messages
from ..model import Cue, Document, Inline
from ..pictures.files import PictureRefused, clean_svg_file
from ..project import ICONS, TEMPLATES, Project
from .draft import Annotations
from .fonts import STACK, font_face_css, web_font_face_css
from .photos import for_screen

ENVIRONMENT_VERSION = "2"  # change when the options below change what templates compile to
SAFE_LINK_SCHEMES = ("https:", "http:", "mailto:", "tel:")
FIXED_DATE = "2024-01-01"


@dataclass(frozen=True)
class Picture:
    src: str
    alt: str
    decorative: bool
    name: str
    missing: str = ""  # in a draft: why the cue found no picture (drawn as a placeholder box)
    href: str = ""  # in the preview: where to choose another picture for this cue


@dataclass(frozen=True)
class Target:
    """Where a render goes: ``pdf`` (file URLs, fonts embedded), ``html`` (standalone)
    or ``preview`` (pictures fetched from the preview server).

    With ``annotations`` the render is a draft: findings become notes beside their
    rows, and a picture that cannot be found becomes a placeholder, not an error.
    """

    kind: str
    project: Project
    catalogue: Catalogue
    annotations: Annotations | None = None

    @property
    def draft(self) -> bool:
        return self.annotations is not None


def picture(cue: Cue | None, document: Document, target: Target) -> Picture | None:
    """The ``<img>`` for a cue. A cue that does not resolve is a render error upstream."""
    if cue is None:
        return None
    found = resolve(cue.target, Path(document.source.path), target.project, target.catalogue)
    if found.path is None:
        if target.draft:
            return Picture("", cue.alt or cue.target, False, cue.target, missing=found.problem, href=_pick_href(cue, target))
        from ..errors import Problem, RenderError

        raise RenderError(Problem(cue.span.path, cue.span.line, cue.span.column, found.rule, found.problem))
    alt = cue.alt
    if target.kind == "preview":
        src = preview_src(found.path, target.project)
    elif target.kind == "html":
        try:
            if found.path.suffix.lower() == ".svg":
                data, mime = clean_svg_file(found.path).data, "image/svg+xml"
            else:
                photo = for_screen(found.path)  # upright, no metadata, screen-sized
                data, mime = photo.data, photo.mime
        except PictureRefused as exc:
            from ..errors import Problem, RenderError

            raise RenderError(Problem(cue.span.path, cue.span.line, cue.span.column, "picture-broken", str(exc))) from None
        src = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    else:
        src = found.path.resolve().as_uri()
    return Picture(src, "" if cue.decorative else alt, cue.decorative, cue.target, href=_pick_href(cue, target))


def _pick_href(cue: Cue, target: Target) -> str:
    """The preview's page for choosing another picture; only cues written in the source have one."""
    return f"/pick?line={cue.span.line}" if target.kind == "preview" and cue.span.line > 0 else ""


def preview_src(path: Path, project: Project) -> str:
    """The preview server's address for a picture: ``/icons/...`` or ``/files/...``."""
    return _preview_src(path, project.root)


@cache
def _preview_src(path: Path, root: Path) -> str:
    # Cached: resolving paths was half the time of a preview render (60 pictures, 3 resolves each).
    resolved = path.resolve()
    for prefix, folder in (("/icons/", ICONS), ("/files/", root)):
        try:
            return prefix + quote(resolved.relative_to(folder.resolve()).as_posix())
        except ValueError:
            continue
    raise ValueError(f"{path} is neither an icon nor a project file")


def runs(inlines: tuple[Inline, ...]) -> Markup:
    """Inline runs as HTML. Emphasis is shown in bold: easy read never uses italics."""
    out: list[str] = []
    for run in inlines:
        text = escape(run.text)
        if run.kind in ("strong", "em"):
            out.append(f"<strong>{text}</strong>")
        elif run.kind == "link" and run.href and run.href.startswith(SAFE_LINK_SCHEMES):
            out.append(f'<a href="{escape(run.href)}">{text}</a>')
        elif run.kind == "break":
            out.append(" ")
        else:
            out.append(str(text))
    return Markup("".join(out).strip())


def _visible(value: Any) -> Any:
    """Every value a template prints, without bidi overrides, zero-width or control characters.

    The checker reports them (``invisible-character``); here they are dropped so that
    they are never honoured: a right-to-left override would print 'medicine' as 'medienic'.
    """
    if isinstance(value, str):
        cleaned = invisible.strip(value)
        return value if cleaned is value else type(value)(cleaned)
    return value


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        # Compiled templates are kept in a private per-user temp folder (Jinja checks
        # its owner and mode), so a cold run does not compile them again. The cache
        # is keyed by template source only, but the compiled code also depends on the
        # environment (``finalize``): the name says which environment made it.
        bytecode_cache=jinja2.FileSystemBytecodeCache(pattern=f"__easyread_{ENVIRONMENT_VERSION}_%s.cache"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_visible,
    )
    env.filters["runs"] = runs
    env.filters["css_string"] = css_string
    env.globals["font_stack"] = STACK
    return env


def css_string(text: str) -> Markup:
    """A CSS string literal for words put in a stylesheet (a page footer's 'Tudalen ').

    HTML escaping means nothing inside <style>, so quotes, backslashes and '<' are
    written as CSS escapes instead: an apostrophe in Welsh ("nid yw'n") stays one.
    """
    out = "".join(ch if ch.isalnum() or ch in " .,:!?'-()%·" else f"\\{ord(ch):x} " for ch in str(text))
    return Markup(f'"{out}"')


@cache
def stylesheet(name: str) -> str:
    return (TEMPLATES / "css" / name).read_text(encoding="utf-8")


def base_context(document: Document, target: Target) -> dict[str, Any]:
    """What every template needs: language, title, fixed dates, fonts and CSS."""
    when = str(document.meta.get("date", "") or "")
    try:
        created = date.fromisoformat(when).isoformat()
    except ValueError:
        created = FIXED_DATE
    rights = target.catalogue.rights(cue.target for cue in document.cues())
    return page_context(document.lang, document.title, str(document.meta.get("description", "")), created, target.kind == "pdf", rights)


def page_context(lang: str, title: str, description: str = "", created: str = FIXED_DATE, for_print: bool = True, rights: str = "") -> dict[str, Any]:
    """The head every page gets from ``base.html.j2``: language, title, fixed dates, embedded fonts,
    and the picture credits (``rights``, copied into the PDF's document information).

    Print pages name the font files (WeasyPrint embeds them in the PDF); the HTML
    page carries the fonts inside it, so it needs nothing else to look right.

    ``t`` is the message catalogue of ``lang``: templates print fixed words only through it.
    """
    return {
        "rights": rights,
        "lang": lang,
        "t": messages(lang),
        "title": title,
        "description": description,
        "created": created,
        "font_faces": Markup(font_face_css() if for_print else web_font_face_css()),
        "for_print": for_print,
    }


def render_template(name: str, context: dict[str, Any]) -> str:
    return environment().get_template(name).render(**context)
