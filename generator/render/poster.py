"""Poster layout: picture tiles around a central call, at sizes read from a distance.

Source order is reading order. Cue paragraphs before the first level-2 heading are
the left tiles, the heading is the centre call ("Ask pharmacy for help"), cue
paragraphs after it are the right tiles, and plain paragraphs are the message.
Type sizes come from the preset (for A4) and grow with the paper.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..model import Document
from ..presets import Preset
from .flow import Flow
from .html import Picture, Target, base_context, picture, render_template, runs, stylesheet


@dataclass(frozen=True)
class Tile:
    picture: Picture | None
    words: Markup


@dataclass(frozen=True)
class Callout:
    picture: Picture | None
    words: Markup


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


def type_sizes(preset: Preset, paper: str) -> dict[str, float]:
    """Point sizes for this paper: the A4 scale times the paper's linear scale."""
    base_w, base_h = preset.papers[preset.default_paper]
    w, h = preset.papers[paper]
    factor = math.sqrt((w * h) / (base_w * base_h))
    return {role: round(size * factor, 1) for role, size in preset.type_scale.items()}


def qr_code(url: str) -> str:
    """A QR code as an SVG data URI (black on white, quiet zone of 4 modules)."""
    import segno  # only documents with a QR code pay for this import

    svg = segno.make(url, error="m").svg_inline(scale=10, border=4, dark="#000", light="#fff", omitsize=False)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def poster_context(document: Document, preset: Preset, target: Target) -> dict[str, Any]:
    before: list[Tile] = []
    after: list[Tile] = []
    message: list[MessagePart] = []
    callout: Callout | None = None
    flow = Flow(runs, lambda cue: picture(cue, document, target))

    for block in document.blocks:
        if block.kind == "heading" and block.level >= 2 and callout is None:
            callout = Callout(picture(block.cue, document, target), runs(block.inlines))
        elif block.kind == "paragraph" and block.cue is not None:
            (after if callout else before).append(Tile(picture(block.cue, document, target), runs(block.inlines)))
        elif block.kind in ("paragraph", "heading"):
            message.append(MessagePart(runs(block.inlines)))
        elif block.kind != "rule":
            message.append(MessagePart(flow.block(block), block=True))
    paper, width, height = paper_size(document, preset)
    qr = document.meta.get("qr") or {}
    printing = document.meta.get("print") or {}
    used = [cue.target for cue in document.cues()]
    context = base_context(document, target)
    context.update(
        {
            "organisation": str(document.meta.get("organisation", "")),
            "contact": str(document.meta.get("contact", "")),
            "tiles_before": before,
            "tiles_after": after,
            "callout": callout,
            "message": message,
            "paper": {"name": paper, "width": width, "height": height},
            "sizes": type_sizes(preset, paper),
            "scale": type_sizes(preset, paper)["small"] / preset.type_scale["small"],
            "bleed": float(printing.get("bleed", 0) or 0),
            "marks": bool(printing.get("marks", False)),
            "qr": {"src": qr_code(str(qr["url"])), "url": str(qr["url"]), "caption": str(qr.get("caption", ""))} if qr.get("url") else None,
            "credits": target.catalogue.credit_lines(used),
            "palette": str(document.meta.get("palette", "white")),
            "css": Markup(stylesheet("base.css") + stylesheet("poster.css") + ("" if target.kind == "pdf" else stylesheet("screen.css"))),
        }
    )
    return context


def render_poster(document: Document, preset: Preset, target: Target) -> str:
    return render_template(preset.template, poster_context(document, preset, target))
