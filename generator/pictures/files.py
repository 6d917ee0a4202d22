"""Picture files are verified, not trusted: decoded in full, measured, and SVGs cleaned.

A picture that opens is not yet a picture that prints: a PNG cut short by a failed
download opens fine and then draws as a blank box. So every raster picture is
decoded to the last byte before it is used (JPEGs at reduced scale, which still
reads every byte but costs a sixty-fourth of the memory), and a damaged file is an
error that says so. Sizes are checked from the header first, so a 900-megapixel
file is refused as "too big: 900 megapixels" before any pixel is decoded.

SVGs are parsed as XML with ``defusedxml`` (no DOCTYPE, no entities, no external
references), limited in elements and depth, and cleaned: scripts, foreign
objects, event handlers, links and references to anything outside the picture
are removed, and each removal is reported (rule ``picture-cleaned``).

Both the checker (through ``icons.resolve``) and the renderer use these functions;
results are cached per file version, so a picture is verified once per run.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml
from PIL import Image, ImageFile

from .. import limits

# Pillow's guard against decompression bombs stays on above our limit: it warns
# past MAX_IMAGE_PIXELS and refuses past twice that, before decoding anything.
Image.MAX_IMAGE_PIXELS = limits.PICTURE_PIXELS

try:  # HEIC/HEIF, the iPhone default, through pillow-heif
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF = True
except ImportError:  # pragma: no cover - pillow-heif is a dependency; be plain if it is missing
    HEIF = False

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ElementTree.register_namespace("svg", SVG_NS)
ElementTree.register_namespace("xlink", XLINK_NS)

BANNED_ELEMENTS = {"script", "foreignObject", "iframe", "object", "embed", "handler", "listener"}
SAFE_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp);", re.I)
EXTERNAL_URL = re.compile(r"url\(\s*(?!['\"]?(#|data:image/(png|jpeg|gif|webp);))[^)]*\)", re.I)
IMPORT = re.compile(r"@import[^;]*;?", re.I)
BOMB_PIXELS = re.compile(r"\((\d+) pixels\)")


class PictureRefused(Exception):
    """A picture that cannot be used, with the reason in the author's terms."""


def megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.0f} megapixels" if pixels >= 10_000_000 else f"{pixels / 1_000_000:.1f} megapixels"


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB" if size >= 10_000_000 else f"{size / 1_000_000:.1f} MB"


def _stamp(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns


def verify(path: Path) -> str | None:
    """Why the picture file at ``path`` cannot be used, or None when it is sound."""
    try:
        return _verify(*_stamp(path))
    except OSError as exc:
        return f"'{path.name}' cannot be read: {exc.strerror}"


@lru_cache(maxsize=256)
def _verify(name: str, size: int, mtime: int) -> str | None:
    path = Path(name)
    try:
        if path.suffix.lower() == ".svg":
            clean_svg_file(path)
        else:
            check_raster(path, size)
    except PictureRefused as exc:
        return str(exc)
    return None


def open_raster(path: Path, size: int | None = None) -> Image.Image:
    """Open a raster picture after the byte and pixel limits; raise ``PictureRefused``."""
    size = path.stat().st_size if size is None else size
    if size > limits.PICTURE_BYTES:
        raise PictureRefused(
            f"'{path.name}' is too big: {_mb(size)}; the limit is {_mb(limits.PICTURE_BYTES)}. Save it smaller, as a JPEG"
        )
    if path.suffix.lower() in (".heic", ".heif") and not HEIF:  # pragma: no cover
        raise PictureRefused(f"'{path.name}' is HEIC, and pillow-heif is not installed; save it as JPEG")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
    except Image.DecompressionBombError as exc:
        found = BOMB_PIXELS.search(str(exc))
        pixels = int(found.group(1)) if found else 2 * limits.PICTURE_PIXELS
        raise PictureRefused(_too_many_pixels(path, pixels, "")) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise PictureRefused(
            f"'{path.name}' cannot be read as a picture ({_reason(exc)}); open it and save it again as PNG or JPEG"
        ) from None
    width, height = image.size
    if width * height > limits.PICTURE_PIXELS:
        image.close()
        raise PictureRefused(_too_many_pixels(path, width * height, f" ({width}x{height})"))
    return image


def check_raster(path: Path, size: int | None = None) -> None:
    """Open and fully decode a raster picture; raise ``PictureRefused`` with the reason."""
    image = open_raster(path, size)
    # WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES when it is imported, which turns
    # a file cut short into a picture with a blank part and no error. Not here.
    tolerant = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        if image.format == "JPEG":
            image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        reason = _reason(exc)
        if "truncated" in reason or isinstance(exc, EOFError):
            raise PictureRefused(
                f"'{path.name}' is damaged: the file ends too early (it was cut short, perhaps by a failed copy or download); "
                "save or export it again"
            ) from None
        raise PictureRefused(f"'{path.name}' is damaged ({reason}); open it and save it again as PNG or JPEG") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
        image.close()


def _too_many_pixels(path: Path, pixels: int, dimensions: str) -> str:
    return (
        f"'{path.name}' is too big: {megapixels(pixels)}{dimensions}; the limit is {megapixels(limits.PICTURE_PIXELS)}. "
        "Resize it: 3000 pixels on the long side is plenty for print"
    )


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.replace(str(Path.cwd()) + "/", "")


@dataclass(frozen=True)
class CleanSVG:
    """An SVG ready to draw, and what was taken out of it (for a warning)."""

    data: bytes
    removed: tuple[str, ...]


def clean_svg_file(path: Path) -> CleanSVG:
    """``clean_svg`` of a file, cached per file version; raises ``PictureRefused``."""
    name, size, mtime = _stamp(path)
    return _clean_cached(name, size, mtime)


@lru_cache(maxsize=512)
def _clean_cached(name: str, size: int, mtime: int) -> CleanSVG:
    path = Path(name)
    if size > limits.SVG_BYTES:
        raise PictureRefused(f"'{path.name}' is too big: {size:,} bytes; SVG pictures over {limits.SVG_BYTES:,} bytes are refused. Simplify it")
    return clean_svg(path.read_bytes(), path.name)


def clean_svg(data: bytes, name: str = "picture") -> CleanSVG:
    """Parse, limit and clean one SVG; raise ``PictureRefused`` with the reason."""
    try:
        root = parse_xml(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise PictureRefused(
            f"'{name}' has a <!DOCTYPE> or <!ENTITY> declaration, which is refused (entities can expand without limit); "
            "export it again as plain SVG"
        ) from None
    except ElementTree.ParseError as exc:
        raise PictureRefused(f"'{name}' is not well-formed SVG ({exc}); export it again") from None
    if _local(root.tag) != "svg":
        raise PictureRefused(f"'{name}' is not an SVG picture (it starts with <{_local(root.tag)}>)")
    _limits(root, name)
    removed: list[str] = []
    _clean(root, removed)
    if not removed:
        return CleanSVG(data, ())  # nothing to take out: the file as drawn by its author, byte for byte
    return CleanSVG(_serialise(root), tuple(dict.fromkeys(removed)))


def _serialise(root: ElementTree.Element) -> bytes:
    """The cleaned tree as XML. Elements keep an explicit ``svg:`` prefix: ElementTree
    cannot write a default namespace when attributes have none, and browsers and the
    PDF writer read prefixed SVG the same."""
    data: bytes = ElementTree.tostring(root, encoding="utf-8")
    return data


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _limits(root: ElementTree.Element, name: str) -> None:
    count = 0
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        count += 1
        if count > limits.SVG_ELEMENTS:
            raise PictureRefused(f"'{name}' has more than {limits.SVG_ELEMENTS:,} elements; the limit is {limits.SVG_ELEMENTS:,}. Simplify it")
        if depth > limits.SVG_DEPTH:
            raise PictureRefused(f"'{name}' nests elements more than {limits.SVG_DEPTH} deep; the limit is {limits.SVG_DEPTH}. Simplify it")
        stack.extend((child, depth + 1) for child in element)


def _clean(element: ElementTree.Element, removed: list[str]) -> None:
    for child in list(element):
        tag = _local(child.tag)
        if tag in BANNED_ELEMENTS:
            element.remove(child)
            removed.append("a script" if tag in ("script", "handler", "listener") else f"a <{tag}> element")
            continue
        _clean(child, removed)
    for attribute, value in list(element.attrib.items()):
        local = _local(attribute)
        if local.lower().startswith("on"):
            del element.attrib[attribute]
            removed.append(f"an event handler ({local})")
        elif local == "href" and not (value.startswith("#") or SAFE_DATA.match(value)):
            del element.attrib[attribute]
            removed.append(f"a link to '{_clip(value)}'")
        elif local == "style" and (EXTERNAL_URL.search(value) or IMPORT.search(value)):
            element.attrib[attribute] = IMPORT.sub("", EXTERNAL_URL.sub("none", value))
            removed.append("a style that loads a file")
    if _local(element.tag) == "style" and element.text and (EXTERNAL_URL.search(element.text) or IMPORT.search(element.text)):
        element.text = IMPORT.sub("", EXTERNAL_URL.sub("none", element.text))
        removed.append("a style that loads a file")


def _clip(text: str) -> str:
    return text if len(text) <= 50 else text[:47] + "..."
