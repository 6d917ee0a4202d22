"""Where a finding is: its start and end in the file, the sentence, and a short quote of it.

Findings quote the author's words (``"Phone the dentist if..." has 34 words``) so
that a co-design group can find the sentence without counting lines, and carry an
end position so that editors and code scanning can underline exactly those words.
Addresses (e-mail, web links, phone numbers) are not prose: rules that look at
words skip matches inside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Cue, Document, Span
from .text import Sentence

WHOLE_UP_TO = 8  # words: a sentence this short is quoted whole
LEAD_WORDS = 5  # the start of a longer sentence, for findings about the whole sentence
AROUND = 3  # words either side of the flagged words in a longer sentence

ADDRESS = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)'\]]"  # web link
    r"|(?<![\w.@/-])(?:[a-z0-9-]+\.)+(?:uk|com|org|net|gov|nhs|info|io|eu|wales|scot)(?:/[^\s<>\"]*[^\s<>\".,;:!?)'\]])?(?![\w@-])"  # nhs.uk/111
    r"|(?<![\w+(/.-])(?:\+\d{1,3} ?)?(?:\(0\) ?)?\(?\d{2,5}\)?(?:[ -]\d{3,6}){1,3}(?![\w/.-])",  # phone number: 0113 855 5000
    re.IGNORECASE,
)
CUE = re.compile(r"!\[[^\]]*\]\([^)]*\)")


@dataclass(frozen=True)
class Where:
    """A finding's place: start, end (just after the last character), sentence and quote."""

    span: Span
    end: Span | None = None
    sentence: str = ""
    quote: str = ""


def at(sentence: Sentence, start: int = 0, end: int | None = None) -> Where:
    """The words ``start:end`` of a sentence (the whole sentence by default)."""
    stop = len(sentence.text) if end is None else max(end, start + 1)
    last = sentence.plain.span_at(sentence.start + stop - 1).moved(1)
    return Where(sentence.span_at(start), last, sentence.text, quote(sentence.text, start, stop))


def quote(text: str, start: int = 0, end: int | None = None) -> str:
    """A short quote: the whole of a short sentence, else the words around ``start:end``.

    For the whole sentence, its first few words: "Phone the dentist if you...".
    """
    end = len(text) if end is None else end
    words = text.split()
    if len(words) <= WHOLE_UP_TO:
        return " ".join(words)
    if not text[:start].strip() and not text[end:].strip():
        return " ".join(words[:LEAD_WORDS]).rstrip(",;:") + "..."
    before, middle, after = text[:start].split(), text[start:end].split(), text[end:].split()
    if before and start > 0 and not text[start - 1].isspace():
        middle = [before.pop() + (middle[0] if middle and not text[start].isspace() else ""), *middle[1:]]
    if after and end < len(text) and not text[end].isspace() and end > start and not text[end - 1].isspace():
        middle = [*middle[:-1], (middle[-1] if middle else "") + after.pop(0)]
    shown = before[-AROUND:] + middle + after[:AROUND]
    return ("..." if len(before) > AROUND else "") + " ".join(shown) + ("..." if len(after) > AROUND else "")


def in_address(sentence: Sentence, start: int, end: int) -> bool:
    """True if ``start:end`` of the sentence touches an e-mail address, web link or phone number."""
    return any(a < end and start < b for a, b in _addresses(sentence.text))


@lru_cache(maxsize=4096)
def _addresses(text: str) -> tuple[tuple[int, int], ...]:
    found = []
    for match in ADDRESS.finditer(text):
        if (match.group()[0].isdigit() or match.group()[0] in "+(") and sum(c.isdigit() for c in match.group()) < 7:
            continue  # "10 20" is numbers, not a phone number
        found.append(match.span())
    return tuple(found)


def source_line(text: str, number: int) -> str:
    """Line ``number`` (1-based) of ``text``, or "" past its ends."""
    lines = _lines(text)
    return lines[number - 1] if 0 < number <= len(lines) else ""


@lru_cache(maxsize=4)
def _lines(text: str) -> tuple[str, ...]:
    """A text's lines, kept for the last few texts: a long document with many picture
    findings was split into lines once per finding."""
    return tuple(text.split("\n"))


def cue_at(document: Document, cue: Cue | Span, words: str = "") -> Where:
    """A picture cue's place, from ``![`` to its closing bracket (or the end of the line);
    ``words`` are those of its row, to quote."""
    span = cue.span if isinstance(cue, Cue) else cue
    line = source_line(document.source.text, span.line)
    match = CUE.match(line, span.column - 1) or CUE.search(line)
    end = match.end() if match else len(line)
    return Where(span, Span(span.path, span.line, end + 1), words, quote(words))
