"""Characters that change what text looks like without being seen.

A right-to-left override (U+202E) pasted into "medicine" makes it print as
"medienic"; a zero-width space hides a break inside a word; a NUL or another
control character is not text at all. None of them belongs in easy-read or
large-print text, and none may silently change a label.

The checker reports each one at its line and column (``invisible-character``);
the renderer removes them, so they are never honoured, even with ``--no-check``.
Tab, line feed and carriage return are ordinary layout and are allowed.
"""

from __future__ import annotations

import re
import unicodedata

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH = "\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"
CONTROL = "".join(chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)))
TAGS = "\U000e0000-\U000e007f"  # Unicode "tag" letters: invisible copies of ASCII

INVISIBLE = re.compile(f"[{re.escape(BIDI + ZERO_WIDTH + CONTROL)}{TAGS}]")

NAMES = {
    "\x00": "NULL",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\u00ad": "SOFT HYPHEN",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
}


def describe(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: the code point and its Unicode name."""
    name = NAMES.get(char) or unicodedata.name(char, "")
    if not name:
        name = "CONTROL CHARACTER" if char in CONTROL else "INVISIBLE CHARACTER"
    return f"U+{ord(char):04X} {name}"


def effect(char: str) -> str:
    """What the character would do to the printed words, in a reader's terms."""
    if char in BIDI:
        return "it can reverse the order of the letters after it, so 'medicine' could print as 'medienic'"
    if char == "\u00ad":
        return "it lets the word be split at the end of a line, which easy read never does"
    if char in ZERO_WIDTH:
        return "it cannot be seen, and it splits or joins words where nobody can tell"
    return "it is not a letter, and it cannot be printed"


def strip(text: str) -> str:
    """``text`` without invisible characters (what the renderer prints)."""
    return INVISIBLE.sub("", text) if INVISIBLE.search(text) else text
