"""Text pasted from Word: bullets, typographic quotes and dashes.

Word turns a list into lines that start with "•" and a tab, and quotes and
hyphens into their typographic forms. Left alone, the bullets print as one run-on
paragraph and the checker misreads the words ("don’t" is not "don't",
"co‑production" with a non-breaking hyphen is not "co-production"). Every change
here swaps one character for one character, so every position the checker reports
still points at the author's own line and column.
"""

from __future__ import annotations

import re

# Word's bullets (and its second-level "o"-like ones) at the start of a line, then a space or tab.
BULLET = re.compile(r"^([ \t]*)[•◦▪‣●](?=[ \t])", re.MULTILINE)
FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})", re.MULTILINE)

PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",  # ‘ ’ ‚ ‛
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',  # “ ” „ ‟
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",  # ‐ ‑ ‒ – — ― −
})


def plain_punctuation(text: str) -> str:
    """Typographic quotes and dashes as the plain ones the rules (and the reader) expect."""
    return text.translate(PLAIN)


def bullets_as_lists(body: str) -> str:
    """Lines that start with "•" become Markdown list items ("-"), outside code fences."""
    if not any(mark in body for mark in "•◦▪‣●"):
        return body
    out: list[str] = []
    fenced = False
    for line in body.split("\n"):
        if FENCE.match(line):
            fenced = not fenced
        out.append(line if fenced else BULLET.sub(r"\1-", line))
    return "\n".join(out)
