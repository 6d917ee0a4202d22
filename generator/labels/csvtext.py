"""Delimited text as pharmacy systems export it, read so that rows cannot mix.

Encodings: UTF-8 (with or without a byte-order mark), UTF-16 with its mark (Excel's
"Unicode text"), otherwise Windows-1252 (what older PMRs write). The delimiter is
read from the header line: ``,``, ``;`` or tab, whichever it uses most.

Every physical line is one row. No label field may hold a line break, so a quote
that does not close on its own line is an error in that row only, and the next
line starts afresh: one stray ``"`` can never swallow the rows after it. A quote
inside an unquoted cell is an error too (it is how a broken line would otherwise
look valid), so a line with an odd number of quotes never makes a label.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
BLANK = re.compile(r"[ \t]*")
# Invisible characters that change how text reads or prints: never removed, never honoured.
INVISIBLE = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co"}
CHARACTER_NAMES = {
    "\x00": "a NUL (zero) byte", "\t": "a tab", "\n": "a line break (LF)",
    "\r": "a line break (CR)", "\u200b": "a zero-width space", "\u200c": "a zero-width non-joiner",
    "\u200d": "a zero-width joiner", "\u2060": "a word joiner", "\ufeff": "a byte-order mark (zero-width)",
    "\u00ad": "a soft hyphen", "\u200e": "a left-to-right mark", "\u200f": "a right-to-left mark",
    "\u202a": "a left-to-right embedding", "\u202b": "a right-to-left embedding", "\u202c": "a pop directional formatting",
    "\u202d": "a left-to-right override", "\u202e": "a right-to-left override", "\u2066": "a left-to-right isolate",
    "\u2067": "a right-to-left isolate", "\u2068": "a first-strong isolate", "\u2069": "a pop directional isolate",
    "\u2028": "a line separator", "\u2029": "a paragraph separator", "\x85": "a next-line control",
}


class TextError(ValueError):
    """The bytes are not text we can read; the message says why and what to do."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "UTF-8", "UTF-16" or "Windows-1252"


def decode(data: bytes) -> Decoded:
    """The file's text, by its byte-order mark, else UTF-8, else Windows-1252."""
    for mark, codec, name in ((codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
                              (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
                              (codecs.BOM_UTF16_BE, "utf-16", "UTF-16")):
        if data.startswith(mark):
            try:
                return Decoded(data.decode(codec), name)
            except UnicodeDecodeError as exc:
                raise TextError(f"the file starts with a {name} byte-order mark but byte {exc.start} is not {name}; save it again as 'CSV UTF-8'") from None
    head = data[:4096]
    if head and head.count(0) * 4 >= len(head):
        raise TextError("the file looks like UTF-16 without a byte-order mark; save it as 'CSV UTF-8' (or as 'Unicode text', which has the mark)")
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(data.decode("cp1252"), "Windows-1252")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TextError(f"byte 0x{data[exc.start]:02X} on line {line} is neither UTF-8 nor Windows-1252 text; save the file as 'CSV UTF-8'") from None


def lines(text: str) -> list[str]:
    """Physical lines, split the way the file ends its first line: CRLF, LF or a lone CR.

    Any other CR or LF stays inside its line, where it is an invisible character that
    fails its row: an Excel cell with a line break (a bare LF in a CRLF file) is one
    failed row, not two broken halves. A CRLF in an LF file is taken as an LF.
    """
    first = re.search(r"\r\n|\r|\n", text)
    ending = first.group() if first else "\n"
    found = text.split(ending)
    if ending == "\n":
        found = [line[:-1] if line.endswith("\r") else line for line in found]
    if found and found[-1] == "":
        found.pop()
    return found


def sniff(header: str) -> str:
    """The delimiter the header line uses most, counted outside quotes; ',' when none."""
    outside = re.sub(r'"[^"]*"', "", header)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def is_blank(line: str, delimiter: str) -> bool:
    """A line of nothing but spaces and delimiters is not a row."""
    return all(BLANK.fullmatch(part) for part in line.split(delimiter))


def split(line: str, delimiter: str) -> tuple[list[str], str | None]:
    """The cells of one line, and what is wrong with its quotes (None when nothing is).

    A cell is plain text without quotes, or text in double quotes with ``""`` for a
    quote inside; spaces around a quoted cell are allowed.
    """
    if '"' not in line:
        return line.split(delimiter), None
    cells: list[str] = []
    at, end = 0, len(line)
    while True:
        start = at
        while at < end and line[at] == " " and delimiter != " ":
            at += 1
        if at < end and line[at] == '"':
            parts: list[str] = []
            at += 1
            while True:
                close = line.find('"', at)
                if close == -1:
                    return cells, f"the quote that opens cell {len(cells) + 1} is not closed on this line; a cell must be on one line, so remove the stray quote or the line break"
                parts.append(line[at:close])
                if line.startswith('""', close):
                    parts.append('"')
                    at = close + 2
                    continue
                at = close + 1
                break
            cells.append("".join(parts))
            while at < end and line[at] == " ":
                at += 1
            if at == end:
                return cells, None
            if line[at] != delimiter:
                return cells, f"text after the closing quote of cell {len(cells)}; put the whole cell in quotes, with \"\" for a quote inside it"
            at += 1
            if at == end:
                cells.append("")
                return cells, None
            continue
        at = start
        next_delimiter = line.find(delimiter, at)
        cell = line[at:] if next_delimiter == -1 else line[at:next_delimiter]
        if '"' in cell:
            return cells, f"a quote inside cell {len(cells) + 1}; put the whole cell in quotes, with \"\" for a quote inside it"
        cells.append(cell)
        if next_delimiter == -1:
            return cells, None
        at = next_delimiter + 1


def invisible(text: str) -> tuple[int, str] | None:
    """The first invisible character in ``text``: its position (from 1) and what it is, with the fix."""
    if text.isprintable():  # the fast path: printable text has none of them
        return None
    for position, char in enumerate(text, 1):
        if unicodedata.category(char) in INVISIBLE:
            name = CHARACTER_NAMES.get(char) or f"an invisible control character ({unicodedata.name(char, 'unnamed')})"
            if char in "\r\n\u2028\u2029\x85":
                return position, f"{name}, U+{ord(char):04X}: a cell must be on one line, so remove the line break"
            return position, f"{name}, U+{ord(char):04X}, which cannot be seen but changes the text; delete it (retype the text if you cannot find it)"
    return None


def shown(text: str, limit: int = 60) -> str:
    """Text for a message: invisible characters as U+XXXX, long text cut with '...'."""
    visible = "".join(f"<U+{ord(c):04X}>" if unicodedata.category(c) in INVISIBLE else c for c in text)
    return visible if len(visible) <= limit else visible[: limit - 3] + "..."
