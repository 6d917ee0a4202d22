"""What each page draws, read from its content stream the way an auditor's tool would.

One pass per page over the operators that matter: the graphics state (``q``,
``Q``, ``cm``), text positioning and showing, path painting, images and forms,
and marked content (``BDC``/``BMC``/``EMC``). Out of it come the facts the checks
need: every text run with its marked-content id, position and real size in
points; where each picture (a Figure's marked content) is drawn, inside any
clip (the bounding box of its clip path: a rectangle, or an SVG clip path or mask); and what is drawn outside any tag or artifact. Forms are not entered: their ``/BBox`` stands
for what they draw.

Speed matters because every build verifies what it wrote. pikepdf's own parser
hands each operand over as a Python object, which cost 0.3 s on the booklet; the
stream is split on whitespace instead (WeasyPrint writes one token per word), and
streams with literal strings or comments go through a full tokenizer. Geometry is
only worked out inside pictures, the only place a check needs it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
PAINT = frozenset({b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s"})
SHOW = frozenset({b"Tj", b"TJ", b"'", b'"'})
PATH = frozenset({b"m", b"l", b"c", b"v", b"y", b"re"})
PATH_OPERATORS = PATH | {b"h"}
# The operators read_page acts on besides path construction; the rest are passed over.
READ = PAINT | SHOW | frozenset(b"W W* n Tf Tm Td TD T* TL BT cm q Q BDC BMC EMC Do sh".split())
# Every content-stream operator (ISO 32000-1 annex A): anything else is an operand.
OPERATORS = frozenset(
    b"b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID j J K k l m M MP n q Q "
    b"re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y ' \"".split()
)
TOKEN = re.compile(
    rb"\[(?:[^\[\]()]|\((?:\\.|[^\\()])*\))*\]|<<.*?>>|<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\()])*\)"
    rb"|/[^\s/\[\]()<>{}%]*|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'\"*][A-Za-z0-9*'\"]*|\S",
    re.S,
)
MCID = re.compile(rb"/MCID\s+(\d+)")
HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
STRINGS = re.compile(rb"<([0-9A-Fa-f\s]*)>|\(((?:\\.|[^\\()])*)\)", re.S)
BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
BFRANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])")
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def multiply(m: Matrix, n: Matrix) -> Matrix:
    return (m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2],
            m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5])


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def corners(m: Matrix, x0: float, y0: float, x1: float, y1: float) -> list[float]:
    """The box [x0 y0 x1 y1] through ``m``, as a box again."""
    points = [apply(m, x0, y0), apply(m, x1, y1), apply(m, x0, y1), apply(m, x1, y0)]
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return [min(xs), min(ys), max(xs), max(ys)]


@dataclass
class TextRun:
    """One text-showing operator: where it starts (points, PDF space), its size and words."""

    mcid: int | None
    artifact: bool
    x: float
    y: float
    size: float
    text: str


@dataclass
class PageContent:
    index: int
    runs: list[TextRun] = field(default_factory=list)
    drawn: dict[int, list[float]] = field(default_factory=dict)  # picture mcid -> [x0, y0, x1, y1]
    untagged: dict[str, int] = field(default_factory=dict)  # operator -> count outside any tag or artifact
    artifact_in_tag: int = 0
    tag_in_artifact: int = 0


class Decoder:
    """Glyph codes to text through a font's /ToUnicode map (2-byte codes for Type0 fonts)."""

    def __init__(self, font: Dictionary | None) -> None:
        self.wide = font is not None and font.get("/Subtype") == "/Type0"
        self.map: dict[int, str] = {}
        self.table: dict[int, str] | None = None
        cmap = font.get("/ToUnicode") if font is not None else None
        if isinstance(cmap, pikepdf.Stream):
            self._read(cmap.read_bytes())

    def _read(self, data: bytes) -> None:
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
            for code, uni in BFCHAR.findall(block):
                self.map[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be", "replace")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
            for low, high, dest in BFRANGE.findall(block):
                start, end = int(low, 16), int(high, 16)
                if dest.startswith(b"<"):
                    first = int(dest[1:-1], 16)
                    for offset in range(end - start + 1):
                        self.map[start + offset] = chr(first + offset)
                else:
                    for offset, uni in enumerate(re.findall(rb"<([0-9a-fA-F]+)>", dest)):
                        self.map[start + offset] = bytes.fromhex(uni.decode()).decode("utf-16-be", "replace")

    def __call__(self, raw: bytes) -> str:
        if self.table is None:
            self.table = dict(self.map.items())
        if self.wide:  # each 2-byte code becomes one character, then the map turns codes into text
            codes = raw[: len(raw) // 2 * 2].decode("utf-16-be", "surrogatepass")
            return codes.translate(self.table)
        return raw.decode("latin-1").translate(self.table)


def string_bytes(token: bytes) -> bytes:
    """The bytes of every string in a ``Tj`` operand or ``TJ`` array."""
    out = []
    if token[:1] == b"<" and b">" not in token[1:-1]:
        return bytes.fromhex(token[1:-1].decode())  # one hex string (Tj)
    if b"(" not in token:  # a TJ array of hex strings, as WeasyPrint writes them
        pieces = HEX.findall(token)
        if all(len(p) % 2 == 0 for p in pieces):
            return bytes.fromhex(b"".join(pieces).decode())
    for hexa, literal in STRINGS.findall(token):
        if literal:
            out.append(re.sub(rb"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), literal))
        elif hexa:
            digits = hexa.decode()
            out.append(bytes.fromhex(digits + "0" * (len("".join(digits.split())) % 2)))
    return b"".join(out)


def tokens(page: pikepdf.Page) -> list[bytes]:
    """The page's content as tokens (see the module doc)."""
    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, Array) else [contents] if contents is not None else []
    data = b"\n".join(stream.read_bytes() for stream in streams)
    if b"(" in data or b"%" in data or b" BI" in data or b"\nBI" in data:
        if b"BI" in data:  # inline images hold binary data: let pikepdf take them apart
            data = _without_inline_images(page)
        return TOKEN.findall(data)
    # Without literal strings or comments, whitespace splits the stream into words.
    # A dictionary or array may then span several words; the operators that need
    # one (BDC, TJ) join their operands again.
    return data.split()


def _without_inline_images(page: pikepdf.Page) -> bytes:
    instructions = []
    for instruction in pikepdf.parse_content_stream(page):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            instructions.append(pikepdf.ContentStreamInstruction([pikepdf.Name("/EasyreadInlineImage")], pikepdf.Operator("Do")))
        else:
            instructions.append(instruction)
    return pikepdf.unparse_content_stream(instructions)


def read_page(page: pikepdf.Page, index: int, pictures: set[int], decoders: dict[tuple[int, int], Decoder]) -> PageContent:
    """Walk one page's content once. ``pictures`` are the MCIDs of its Figures."""
    out = PageContent(index)
    resources = page.obj.get("/Resources", Dictionary())
    fonts = resources.get("/Font", Dictionary()) if isinstance(resources, Dictionary) else Dictionary()
    xobjects = resources.get("/XObject", Dictionary()) if isinstance(resources, Dictionary) else Dictionary()
    properties = resources.get("/Properties", Dictionary()) if isinstance(resources, Dictionary) else Dictionary()
    ctm: Matrix = IDENTITY
    clip: list[float] | None = None  # the clip in force, as a box (WeasyPrint clips each picture to its box)
    path_begin = -1  # where the current path's first operand is among the words (-1: no path)
    clipping = False
    saved: list[tuple[Matrix, list[float] | None]] = []
    tm: Matrix = IDENTITY
    tlm: Matrix = IDENTITY
    leading = size = 0.0
    decode: Callable[[bytes], str] = Decoder(None)
    marks: list[tuple[bool, int | None]] = []  # (is artifact, mcid) for each open BMC/BDC
    mcid: int | None = None
    artifact = 0
    words = tokens(page)
    start = 0
    for end, op in enumerate(words):
        if op not in OPERATORS:
            continue
        begin, start = start, end + 1  # the operands are words[begin:end], sliced only where needed
        if op in PATH:
            if path_begin < 0:
                path_begin = begin  # its points are read only if a picture paints it or it becomes a clip
            continue
        if op not in READ:
            continue  # colours, line styles, graphics states: nothing a check asks about
        if op in PAINT:
            if mcid is None and not artifact:
                out.untagged[op.decode()] = out.untagged.get(op.decode(), 0) + 1
            if mcid in pictures and path_begin >= 0:
                bounds = _path_bounds(words, path_begin, end)
                if bounds is not None:
                    _grow(out, mcid, _clipped(corners(ctm, *bounds), clip))
            path_begin, clipping = -1, False
        elif op == b"W" or op == b"W*":
            clipping = True
        elif op == b"n":
            if clipping and path_begin >= 0:  # the clip's bounding box, whatever its shape (SVG clip paths and masks)
                bounds = _path_bounds(words, path_begin, end)
                if bounds is not None:
                    box = corners(ctm, *bounds)
                    clip = box if clip is None else _clipped(box, clip)
            path_begin, clipping = -1, False
        elif op in SHOW:
            operands = words[begin:end]
            if mcid is None and not artifact:
                out.untagged[op.decode()] = out.untagged.get(op.decode(), 0) + 1
            if op != b"TJ" and op != b"Tj":
                tlm = multiply((1, 0, 0, 1, 0, -leading), tlm)
                tm = tlm
            matrix = multiply(tm, ctm)
            scale = abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]) ** 0.5
            shown = operands[-1] if len(operands) == 1 or op == b"Tj" else b" ".join(operands[_array_start(operands):])
            text = decode(string_bytes(shown)) if operands else ""
            out.runs.append(TextRun(mcid, artifact > 0, matrix[4], matrix[5], size * scale, text))
        elif op == b"Tf":
            operands = words[begin:end]
            size = float(operands[1])
            named = fonts.get(operands[0].decode("latin-1")) if isinstance(fonts, Dictionary) else None
            font = named if isinstance(named, Dictionary) else None
            key = font.objgen if font is not None else (0, 0)
            if key not in decoders:
                decoders[key] = Decoder(font)
            decode = decoders[key]
        elif op == b"Tm":
            tm = tlm = tuple(float(v) for v in words[max(begin, end - 6):end])  # type: ignore[assignment]
        elif op == b"Td" or op == b"TD":
            tx, ty = float(words[end - 2]), float(words[end - 1])
            if op == b"TD":
                leading = -ty
            tlm = multiply((1, 0, 0, 1, tx, ty), tlm)
            tm = tlm
        elif op == b"T*":
            tlm = multiply((1, 0, 0, 1, 0, -leading), tlm)
            tm = tlm
        elif op == b"TL":
            leading = float(words[end - 1])
        elif op == b"BT":
            tm = tlm = IDENTITY
        elif op == b"cm":
            ctm = multiply(tuple(float(v) for v in words[max(begin, end - 6):end]), ctm)  # type: ignore[arg-type]
        elif op == b"q":
            saved.append((ctm, clip))
        elif op == b"Q":
            ctm, clip = saved.pop() if saved else (ctm, clip)
        elif op == b"BDC" or op == b"BMC":
            operands = words[begin:end]
            is_artifact = bool(operands) and operands[0] == b"/Artifact"
            found = None
            if op == b"BDC" and len(operands) > 1:
                props = b" ".join(operands[1:])
                if props.startswith(b"/") and isinstance(properties, Dictionary):
                    entry = properties.get(props.decode("latin-1"))
                    props = f"/MCID {int(entry.MCID)}".encode() if isinstance(entry, Dictionary) and "/MCID" in entry else b""
                match = MCID.search(props)
                found = int(match.group(1)) if match else None
            if is_artifact and mcid is not None:
                out.artifact_in_tag += 1
            if found is not None and artifact:
                out.tag_in_artifact += 1
            marks.append((is_artifact, found))
            artifact += is_artifact
            if found is not None:
                mcid = found
        elif op == b"EMC":
            if marks:
                was_artifact, _ = marks.pop()
                artifact -= was_artifact
                mcid = next((m for _, m in reversed(marks) if m is not None), None)
        elif op == b"Do" or op == b"sh":
            if mcid is None and not artifact:
                out.untagged[op.decode()] = out.untagged.get(op.decode(), 0) + 1
            if mcid in pictures and op == b"Do":
                name = words[end - 1] if end > begin else b""
                _grow(out, mcid, _clipped(_xobject_box(xobjects, name, ctm), clip))
            elif mcid in pictures and clip is not None:
                _grow(out, mcid, clip)  # a shading (an SVG gradient) paints the whole clip; its matrix says nothing of its size
    return out


def _path_bounds(words: list[bytes], begin: int, end: int) -> tuple[float, float, float, float] | None:
    """The smallest box [x0 y0 x1 y1] holding every point of the path built by ``words[begin:end]``.

    A path object is construction operators (m l c v y re h) and their operands only.
    All of them but ``re`` take whole (x, y) pairs, so the numbers alternate x, y
    through the whole path and are read in one go; ``re`` (x y width height) counts
    its two corners. A stream that puts other operators inside a path (not allowed)
    is read operator by operator, counting only the path's own.
    """
    segment = words[begin:end]
    if b"re" not in segment:
        try:
            numbers = list(map(float, [word for word in segment if word not in PATH_OPERATORS]))
        except ValueError:
            numbers = None
        if numbers is not None:
            xs, ys = numbers[0::2], numbers[1::2]
            return (min(xs), min(ys), max(xs), max(ys)) if xs and ys else None
    xs, ys = [], []
    operands: list[bytes] = []
    for word in segment:
        if word not in OPERATORS:
            operands.append(word)
            continue
        if word in PATH:
            numbers = [float(v) for v in operands]
            points_x, points_y = numbers[0::2], numbers[1::2]
            if word == b"re" and points_x and points_y:
                points_x, points_y = [points_x[0], points_x[0] + points_x[-1]], [points_y[0], points_y[0] + points_y[-1]]
            xs += points_x
            ys += points_y
        operands = []
    return (min(xs), min(ys), max(xs), max(ys)) if xs and ys else None


def _clipped(box: list[float], clip: list[float] | None) -> list[float]:
    """What of ``box`` shows through a rectangular clip (an SVG may draw past its viewBox)."""
    if clip is None:
        return box
    x0, y0, x1, y1 = max(box[0], clip[0]), max(box[1], clip[1]), min(box[2], clip[2]), min(box[3], clip[3])
    return [x0, y0, max(x0, x1), max(y0, y1)]


def _array_start(operands: list[bytes]) -> int:
    """Where the array operand of TJ (or the last operand) begins among split words."""
    for index in range(len(operands) - 1, -1, -1):
        if operands[index][:1] == b"[":
            return index
    return len(operands) - 1


def _xobject_box(xobjects: object, name: bytes, ctm: Matrix) -> list[float]:
    xobject = xobjects.get(name.decode("latin-1")) if isinstance(xobjects, Dictionary) and name else None
    if xobject is not None and xobject.get("/Subtype") == "/Form":
        matrix = multiply(tuple(float(v) for v in xobject.get("/Matrix", Array(IDENTITY))), ctm)  # type: ignore[arg-type]
        return corners(matrix, *(float(v) for v in xobject.BBox))
    return corners(ctm, 0, 0, 1, 1)  # an image fills the unit square


def _grow(out: PageContent, mcid: int | None, box: list[float]) -> None:
    if mcid is None:
        return
    seen = out.drawn.get(mcid)
    out.drawn[mcid] = box if seen is None else [min(seen[0], box[0]), min(seen[1], box[1]), max(seen[2], box[2]), max(seen[3], box[3])]
