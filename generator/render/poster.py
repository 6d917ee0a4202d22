"""Poster layout: picture tiles around a central call, at sizes read from a distance.

Source order is reading order. Cue paragraphs before the first level-2 heading are
the first group of tiles, the heading is the centre call ("Ask pharmacy for help"),
cue paragraphs after it are the second group, and plain paragraphs are the message.

Each tile has its picture on the left and its words beside it, vertically centred
(easy-read layout). Tiles sit in a grid of two columns on a portrait sheet and
three on a landscape one; a short last row spreads across the whole width, and the
grid grows to fill the height of the sheet, so 4 tiles use the sheet as fully as 9.
Pictures have one size (the preset's 40 mm on A4) and, like the type sizes, grow
with the paper. What does not fit is never shrunk: ``render/verify.py`` finds it.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..model import Block, Document
from ..presets import Preset
from .draft import DRAFT_COLUMN, draft_css
from .flow import Flow
from .html import Picture, Target, base_context, picture, render_template, runs, stylesheet


@dataclass(frozen=True)
class Tile:
    picture: Picture | None
    words: Markup
    span: int = 1


@dataclass(frozen=True)
class Callout:
    """The centre call; plain paragraphs right after it explain it, beside its picture."""

    picture: Picture | None
    words: Markup
    paragraphs: tuple[Markup, ...] = ()


@dataclass(frozen=True)
class Grid:
    """How tiles are placed: columns on the sheet, grid tracks, picture size in mm."""

    columns: int
    tracks: int
    picture_mm: float


@dataclass(frozen=True)
class MessagePart:
    """A paragraph of the message, or a list, quote, table or code kept whole (``block``)."""

    html: Markup
    block: bool = False


def paper_size(document: Document, preset: Preset) -> tuple[str, float, float]:
    """Paper name and size in mm, turned for landscape."""
    name = str(document.meta.get("size", preset.default_paper))
    width, height = preset.papers[name]
    if document.meta.get("orientation") == "landscape":
        width, height = height, width
    return name, width, height


def paper_scale(preset: Preset, paper: str) -> float:
    """How much bigger this paper is than the preset's base paper, along one side."""
    base_w, base_h = preset.papers[preset.default_paper]
    w, h = preset.papers[paper]
    return math.sqrt((w * h) / (base_w * base_h))


def type_sizes(preset: Preset, paper: str) -> dict[str, float]:
    """Point sizes for this paper: the A4 scale times the paper's linear scale."""
    factor = paper_scale(preset, paper)
    return {role: round(size * factor, 1) for role, size in preset.type_scale.items()}


def grid_for(landscape: bool, preset: Preset, scale: float) -> Grid:
    """Columns, tracks and picture size for the tiles on this sheet.

    The tracks are a common multiple of every row length, so a last row of 1 or 2
    tiles can spread across the full width. Pictures keep one size on a poster (the
    preset's, grown with the paper): the rows, not the pictures, stretch to fill.
    """
    spec = preset.layout["tiles"]
    columns = int(spec["columns_landscape" if landscape else "columns_portrait"])
    tracks = math.lcm(*range(1, columns + 1))
    return Grid(columns, tracks, round(float(spec["picture_mm"]) * scale, 1))


def crowded_fix(document: Document, preset: Preset) -> tuple[str, str]:
    """What an author can do when a poster is too full, and when a word is too wide for a tile."""
    _, width, height = paper_size(document, preset)
    tiles = preset.layout["tiles"]
    if width < height:
        return f"cut words or tiles, or try 'orientation: landscape' ({tiles['columns_landscape']} tiles a row)", ""
    return "cut words or tiles", f"use 'orientation: portrait' ({tiles['columns_portrait']} wider tiles a row)"


def spread(tiles: list[Tile], grid: Grid) -> list[Tile]:
    """Give each tile its span of grid tracks; a short last row fills the width."""
    full = len(tiles) - len(tiles) % grid.columns
    out = []
    for index, tile in enumerate(tiles):
        in_last_row = index >= full
        across = (len(tiles) - full) if in_last_row else grid.columns
        out.append(Tile(tile.picture, tile.words, grid.tracks // across))
    return out


def qr_code(url: str) -> str:
    """A QR code as an SVG data URI (black on white, quiet zone of 4 modules)."""
    import segno  # only documents with a QR code pay for this import

    svg = segno.make(url, error="m").svg_inline(scale=10, border=4, dark="#000", light="#fff", omitsize=False)
    # An SVG used as an <img> needs its namespace, or browsers show the alt text instead.
    svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def poster_context(document: Document, preset: Preset, target: Target) -> dict[str, Any]:
    before: list[Tile] = []
    after: list[Tile] = []
    message: list[MessagePart] = []
    callout: Callout | None = None

    def words(block: Block) -> Markup:
        return target.annotations.marked(block, runs, links=target.kind != "pdf") if target.annotations is not None else runs(block.inlines)

    flow = Flow(words, lambda cue: picture(cue, document, target))

    explaining: list[Markup] = []  # plain paragraphs straight after the call, before any tile
    for block in document.blocks:
        if block.kind == "heading" and block.level >= 2 and callout is None:
            callout = Callout(picture(block.cue, document, target), words(block))
        elif block.kind == "paragraph" and block.cue is not None:
            (after if callout else before).append(Tile(picture(block.cue, document, target), words(block)))
        elif block.kind == "paragraph" and callout is not None and not after and not message:
            explaining.append(words(block))
        elif block.kind in ("paragraph", "heading"):
            message.append(MessagePart(words(block)))
        elif block.kind != "rule":
            message.append(MessagePart(flow.block(block), block=True))
    if callout is not None and explaining:
        callout = Callout(callout.picture, callout.words, tuple(explaining))
    paper, width, height = paper_size(document, preset)
    scale = paper_scale(preset, paper)
    grid = grid_for(width > height, preset, scale)
    draft = target.annotations
    if draft is not None and draft.column:
        width += DRAFT_COLUMN
    qr = document.meta.get("qr") or {}
    printing = document.meta.get("print") or {}
    used = [cue.target for cue in document.cues()]
    margin = float(preset.layout["margin_mm"]) * scale
    context = base_context(document, target)
    context.update(
        {
            "organisation": str(document.meta.get("organisation", "")),
            "contact": str(document.meta.get("contact", "")),
            "tiles_before": spread(before, grid),
            "tiles_after": spread(after, grid),
            "board": {"before": math.ceil(len(before) / grid.columns), "after": math.ceil(len(after) / grid.columns)},
            "grid": grid,
            "callout": callout,
            "message": message,
            "paper": {"name": paper, "width": width, "height": height},
            "margin": round(margin, 2),
            "sheet_height": round(height - 2 * margin, 2),
            "sizes": type_sizes(preset, paper),
            "scale": round(scale, 4),
            "bleed": float(printing.get("bleed", 0) or 0),
            "marks": bool(printing.get("marks", False)),
            "qr": {"src": qr_code(str(qr["url"])), "url": str(qr["url"]), "caption": str(qr.get("caption", ""))} if qr.get("url") else None,
            "credits": target.catalogue.credit_lines(used),
            "palette": str(document.meta.get("palette", "white")),
            "draft": draft,
            "draft_notes": draft.notes if draft else (),
            "css": Markup(stylesheet("base.css") + stylesheet("poster.css") + ("" if target.kind == "pdf" else stylesheet("screen.css"))
                          + (stylesheet("draft.css") + draft_css(width - DRAFT_COLUMN, draft.stamp, target.kind == "pdf", draft.column) if draft else "")),
        }
    )
    return context


def render_poster(document: Document, preset: Preset, target: Target) -> str:
    return render_template(preset.template, poster_context(document, preset, target))
