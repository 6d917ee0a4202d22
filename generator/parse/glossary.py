"""The hard words list in front matter (``hard_words``): words, their explanations, their pictures.

    hard_words:
      co-production: "![people working together](group) Working together as equals."

Parsed here, in the parse stage, so that the checker (which must see the pictures)
and the booklet renderer (which prints the hard words page) read it the same way,
and the checker never has to load the renderer.
"""

from __future__ import annotations

import re

from ..model import Cue, Document
from . import parse_cue_text

CUE_FIRST = re.compile(r"\s*(!\[[^\]]*\]\([^)]*\))\s*(.*)", re.S)


def hard_words(document: Document) -> dict[str, str]:
    """The ``hard_words`` mapping as text (word -> explanation, maybe led by a picture cue)."""
    words = document.meta.get("hard_words") or {}
    return {str(k): str(v) for k, v in words.items()} if isinstance(words, dict) else {}


def split_cue(text: str, document: Document, field_name: str) -> tuple[Cue | None, str]:
    """A leading picture cue and the words after it."""
    match = CUE_FIRST.match(text)
    if not match:
        return None, text
    return parse_cue_text(match.group(1), document.source, field_name), match.group(2)


def glossary_cues(document: Document) -> tuple[Cue, ...]:
    """Picture cues written inside the hard words list, so the checker sees them too."""
    cues = []
    for word, text in hard_words(document).items():
        cue, _ = split_cue(text, document, f"hard_words.{word}")
        if cue is not None:
            cues.append(cue)
    return tuple(cues)
