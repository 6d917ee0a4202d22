"""Parse stage: ``SourceFile`` in, ``Document`` out. The only place that knows markdown-it."""

from __future__ import annotations

from types import MappingProxyType

from ..errors import Problem, SourceError
from ..model import Cue, Document, SourceFile
from .build import TreeBuilder
from .markdown import make_markdown
from .paste import bullets_as_lists


def parse(source: SourceFile) -> Document:
    """Parse the Markdown body; picture cues in front matter (``cover``) become ``Cue``s too."""
    md = make_markdown()
    tokens = md.parse(bullets_as_lists(source.body))
    lines = source.text.split("\n")
    blocks, directives = TreeBuilder(tokens, source.path, lines, source.body_line).build()
    meta = dict(source.meta)
    if isinstance(meta.get("cover"), str):
        meta["cover"] = parse_cue_text(meta["cover"], source, "cover")
    if source.meta is not meta:
        source = _with_meta(source, meta)
    return Document(source=source, blocks=blocks, directives=directives)


def parse_cue_text(text: str, source: SourceFile, field: str) -> Cue:
    """Read a lone picture cue written in front matter, e.g. ``cover: "![a group](group)"``."""
    tokens = make_markdown().parseInline(text.strip())
    children = tokens[0].children if tokens else []
    images = [t for t in children or [] if t.type == "image"]
    span = source.meta_span(field)
    if len(images) != 1:
        raise SourceError(
            Problem(span.path, span.line, 1, "front-matter", f"field '{field}' must be one picture cue like '![a group of people](group)'")
        )
    image = images[0]
    title = str(image.attrGet("title") or "")
    return Cue(str(image.attrGet("src") or ""), image.content.strip(), title.lower() == "decorative", span)


def _with_meta(source: SourceFile, meta: dict[str, object]) -> SourceFile:
    return SourceFile(
        path=source.path,
        text=source.text,
        meta=MappingProxyType(meta),
        meta_lines=source.meta_lines,
        body=source.body,
        body_line=source.body_line,
        kind=source.kind,
    )
