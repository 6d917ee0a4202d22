"""Photos made ready for the page: the right way up, no hidden metadata, no wasted pixels.

A phone photo is 12-50 megapixels, about 3-9 MB, carries its orientation as an
EXIF tag rather than in its pixels, and often carries the place it was taken
(GPS). Printed 3 cm wide in a booklet row it needs about 350 pixels. So every
raster picture is decoded once (``pictures.open_raster`` has checked its limits),
turned the right way up, stripped of every metadata block (EXIF, GPS, XMP, ICC,
comments) and written again:

- for print, no longer than ``PRINT_LONG_SIDE`` pixels (420 mm at 300 ppi: no
  picture slot of any product is bigger, even on an A2 poster); the PDF writer then
  brings each picture down to 300 ppi at the size it is actually drawn
  (WeasyPrint's ``dpi`` option, set in ``render.pdf``);
- for the HTML page, no longer than ``SCREEN_LONG_SIDE`` pixels (sharp on a
  high-density screen at the size the page shows it).

Pictures with transparency, and PNG/GIF drawings, stay lossless PNG; photos are
written as JPEG. Results are cached per file version: the PDF and HTML of one
build, and the checker before them, share the work.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageOps

from ..pictures.files import open_raster

PRINT_LONG_SIDE = 4961  # 420 mm at 300 ppi
SCREEN_LONG_SIDE = 1200
PRINT_JPEG_QUALITY = 90
SCREEN_JPEG_QUALITY = 82
LOSSLESS = {"PNG", "GIF"}


@dataclass(frozen=True)
class Prepared:
    data: bytes
    mime: str
    width: int
    height: int


def for_print(path: Path) -> Prepared:
    return _prepare_cached(*_stamp(path), PRINT_LONG_SIDE, PRINT_JPEG_QUALITY)


def for_screen(path: Path) -> Prepared:
    return _prepare_cached(*_stamp(path), SCREEN_LONG_SIDE, SCREEN_JPEG_QUALITY)


def _stamp(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns


@lru_cache(maxsize=32)
def _prepare_cached(name: str, size: int, mtime: int, long_side: int, quality: int) -> Prepared:
    return prepare(Path(name), long_side, quality)


def prepare(path: Path, long_side: int, quality: int) -> Prepared:
    """The picture at ``path``, upright, without metadata, at most ``long_side`` pixels long."""
    with open_raster(path) as image:
        source_format = image.format or ""
        if source_format == "JPEG":
            # Decode at reduced scale straight away when the file is far bigger than needed.
            scale = max(image.size) / long_side
            if scale >= 2:  # draft picks the smallest 1/2, 1/4 or 1/8 scale at least this big
                image.draft("RGB", (int(image.width / scale) + 1, int(image.height / scale) + 1))
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
        lossless = source_format in LOSSLESS or upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
        clean = _without_metadata(upright, keep_alpha=lossless)
    out = io.BytesIO()
    if lossless:
        clean.save(out, format="PNG", optimize=False)
        mime = "image/png"
    else:
        clean.save(out, format="JPEG", quality=quality, optimize=True)
        mime = "image/jpeg"
    return Prepared(out.getvalue(), mime, clean.width, clean.height)


def _without_metadata(image: Image.Image, keep_alpha: bool) -> Image.Image:
    """A copy holding only pixels: no EXIF, GPS, XMP, ICC profile or comments go along."""
    if keep_alpha:
        mode = "RGBA" if image.mode in ("RGBA", "LA", "PA", "P") or "transparency" in image.info else "RGB"
        if image.mode == "L":
            mode = "L"
    else:
        mode = "L" if image.mode in ("L", "1") else "RGB"
    converted = image.convert(mode)
    bare = Image.new(converted.mode, converted.size)
    bare.paste(converted)
    return bare
