"""The fonts every output uses, shipped as pip packages so they can be embedded.

Atkinson Hyperlegible (SIL OFL, Braille Institute) was designed for low-vision
readers: it tells 1/l/I and 0/O apart. Arimo (Apache-2.0) has the same widths as
Arial, the font UK easy-read guides name, and is the fallback. No italic faces
are loaded: easy read and large print never use italics.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FAMILY = "Atkinson Hyperlegible"
FALLBACK = "Arimo"
STACK = f"'{FAMILY}', '{FALLBACK}', Arial, sans-serif"


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    path: Path


# Where the font packages keep these files. Asking fontpkg's registry costs about
# 60 ms per run (it reads every installed distribution's metadata), a tenth of a
# whole poster build, so we look in the package first and ask fontpkg only if a
# new release moved the file.
KNOWN_FILES = {
    (FAMILY, 400): ("fontpkg_atkinson_hyperlegible", "AtkinsonHyperlegible-Regular.ttf"),
    (FAMILY, 700): ("fontpkg_atkinson_hyperlegible", "AtkinsonHyperlegible-Bold.ttf"),
    (FALLBACK, 400): ("fontpkg_arimo", "Arimo[wght].ttf"),
}


def font_path(family: str, weight: int) -> Path:
    package, name = KNOWN_FILES[(family, weight)]
    spec = importlib.util.find_spec(package)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "files" / name
        if candidate.is_file():
            return candidate
    import fontpkg

    return Path(fontpkg.path(family, weight, nearest=True))


@cache
def faces() -> tuple[FontFace, ...]:
    """Regular and bold of the main font, and the fallback's variable regular."""
    return tuple(FontFace(family, weight, font_path(family, weight)) for family, weight in KNOWN_FILES)


def font_dirs() -> tuple[Path, ...]:
    """Folders the renderer may read fonts from (and nothing else outside the project)."""
    return tuple(sorted({face.path.parent.resolve() for face in faces()}))


def font_face_css() -> str:
    rules = []
    for face in faces():
        rules.append(
            f"@font-face {{ font-family: '{face.family}'; font-weight: {face.weight:d}; font-style: normal; src: url('{face.path.resolve().as_uri()}'); }}"
        )
    return "\n".join(rules)


def web_font_face_css() -> str:
    """@font-face rules for the HTML page, with the fonts inside it as WOFF2 data: URIs.

    The page then shows Atkinson Hyperlegible wherever it is opened, with nothing
    to install or fetch. Only the main family is shipped (about 2 x 23 KB); the
    variable Arimo fallback is 0.5 MB, so the page falls back to the reader's Arial.
    """
    rules = []
    for face in faces():
        if face.family != FAMILY:
            continue
        data = base64.b64encode(woff2(face.path)).decode("ascii")
        rules.append(
            f"@font-face {{ font-family: '{face.family}'; font-weight: {face.weight:d}; font-style: normal; font-display: swap; "
            f"src: url(data:font/woff2;base64,{data}) format('woff2'); }}"
        )
    return "\n".join(rules)


@cache
def woff2(path: Path) -> bytes:
    """The font as WOFF2. Compressing takes 0.2 s a face, so the result is kept in a per-user cache."""
    stat = path.stat()
    key = hashlib.sha256(f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:24]
    cached = _cache_dir() / f"{key}.woff2"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    from fontTools.ttLib import TTFont  # only the first HTML build on a machine pays for this

    font = TTFont(str(path))
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    data = out.getvalue()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temp = cached.with_suffix(f".{os.getpid()}.tmp")
        temp.write_bytes(data)
        os.replace(temp, cached)
    except OSError:
        pass  # a read-only home: compress again next time
    return data


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "easyread" / "fonts"
