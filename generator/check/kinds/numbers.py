"""Percentages, fractions and decimals, with the plain words that match the number.

"80%" gets "Say '8 in 10'", not a fixed "say 1 in 10": advice that does not match
the number is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Finding
from ..context import CheckedDocument, finding
from ..registry import Param, kind
from ..rulespec import RuleSpec
from ..where import at, in_address

PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?(?:%|per\s?cent)", re.IGNORECASE)
FRACTION = re.compile(r"(\d+)/(\d+)")
DECIMAL = re.compile(r"\d+\.\d+")
SIGNS = {"½": "half", "¼": "1 in 4", "¾": "3 in 4", "⅓": "1 in 3", "⅔": "2 in 3"}
DENOMINATORS = (2, 3, 4, 5, 8, 10, 20, 25, 50, 100, 200, 1000)


@kind("proportion", scoped=True, patterns=Param("list", required=True), headings=Param("bool", True))
def proportion(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A percentage, fraction or decimal; the suggestion gives the same amount in plain words."""
    found = []
    for order, text in enumerate(spec.params["patterns"]):
        pattern = re.compile(str(text), re.IGNORECASE | re.MULTILINE)
        for sentence, offset, match in doc.search(pattern, doc.read_by(spec, spec.params["headings"])):
            if not in_address(sentence, offset, offset + max(1, len(match.group()))):
                found.append((sentence.index, order, offset, sentence, match.group()))
    found.sort(key=lambda hit: hit[:3])
    for _, _, offset, sentence, text in found:
        yield finding(spec, at(sentence, offset, offset + len(text)), suggestion=advice(text), match=text)


def advice(text: str) -> str:
    """What to say instead of ``text``: "Say '8 in 10'." for "80%"."""
    words = plain_words(text)
    return f"Say '{words}'." if words else "Say '1 in 10', 'half' or 'most people'."


def plain_words(text: str) -> str:
    text = text.strip()
    if match := PERCENT.fullmatch(text):
        return ratio(float(match[1]) / 100)
    if text in SIGNS:
        return SIGNS[text]
    if (match := FRACTION.fullmatch(text)) and 0 < int(match[1]) < int(match[2]):
        return ratio(int(match[1]) / int(match[2]))
    if DECIMAL.fullmatch(text):
        return f"about {int(float(text) + 0.5)}"
    return ""


def ratio(share: float) -> str:
    """A share (0.8) as people say it: "8 in 10", "1 in 4", "half", "about 3 in 10"."""
    if share <= 0:
        return "none"
    if share >= 1:
        if share == 1:
            return "all"
        halves = int(share * 2 + 0.5) / 2
        return f"{halves:g} times as many".replace(".5 times", " and a half times")
    if abs(share - 0.5) < 0.005:
        return "half"
    for denominator in DENOMINATORS:
        count = int(share * denominator + 0.5)
        simple = denominator <= 10 or count in (1, denominator - 1)  # "1 in 50", not "33 in 50"
        if 0 < count < denominator and simple and abs(count / denominator - share) <= min(0.005, share * 0.05):
            if denominator == 5 and count > 1:
                return f"{count * 2} in 10"  # 80% is "8 in 10", the way health leaflets say it
            return f"{count} in {denominator}"
    if share < 0.1:
        return f"about 1 in {int(1 / share + 0.5)}"
    if share > 0.9:
        return "almost all"
    if abs(share - 0.5) < 0.06:
        return "about half"
    return f"about {int(share * 10 + 0.5)} in 10"
