"""The fonts every output uses, shipped as pip packages so they can be embedded.

Atkinson Hyperlegible (SIL OFL, Braille Institute) was designed for low-vision
readers: it tells 1/l/I and 0/O apart. Arimo (Apache-2.0) has the same widths as
Arial, the font UK easy-read guides name, and is the fallback. No italic faces
are loaded: easy read and large print never use italics.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg

FAMILY = "Atkinson Hyperlegible"
FALLBACK = "Arimo"
STACK = f"'{FAMILY}', '{FALLBACK}', Arial, sans-serif"


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    path: Path


@cache
def faces() -> tuple[FontFace, ...]:
    """Regular and bold of the main font, and the fallback's variable regular."""
    found = [
        FontFace(FAMILY, 400, fontpkg.path(FAMILY, 400)),
        FontFace(FAMILY, 700, fontpkg.path(FAMILY, 700)),
        FontFace(FALLBACK, 400, fontpkg.path(FALLBACK, 400, nearest=True)),
    ]
    return tuple(found)


def font_dirs() -> tuple[Path, ...]:
    """Folders the renderer may read fonts from (and nothing else outside the project)."""
    return tuple(sorted({face.path.parent.resolve() for face in faces()}))


def font_face_css() -> str:
    rules = []
    for face in faces():
        rules.append(
            "@font-face { font-family: '%s'; font-weight: %d; font-style: normal; src: url('%s'); }"
            % (face.family, face.weight, face.path.resolve().as_uri())
        )
    return "\n".join(rules)
