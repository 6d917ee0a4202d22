"""Words of prescription directions -> symbols the grammar reads (``reading.py``).

Two small passes over the text, driven by the word table ``directions.yaml``:

1. ``tokens``: lower-case words, numbers and punctuation. Spelling variants are
   made one here ("b.d." -> "bd", "5ml" -> "5 ml", "night-time" -> "night time"),
   numbers written as words become numbers ("one and a half" -> 1.5), "5/7" and
   "2/52" become days, and a dash between two numbers is kept as a range.
2. ``symbols``: the longest phrase from the table wins at each place ("twice a
   day" is one frequency, "# times a day" one frequency with its number). Words
   the table does not know stay ``word`` symbols: the grammar refuses them,
   because an unknown word could change the meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .. import yamltext

# Kinds of phrase, in the order ties are broken (an equal-length phrase in an
# earlier kind wins). Each is a section of directions.yaml.
PHRASE_KINDS = ("refuse", "frequencies", "durations", "meals", "times", "food", "as_needed", "up_to", "maximum",
                "per_day", "units", "verbs", "advice", "ignore")
TOKEN = re.compile(
    r"(?P<dur>\d+)\s*/\s*(?P<per>7|52)(?![\d/])"  # 5/7 = five days, 2/52 = two weeks
    r"|(?P<num>(?:\d+(?:\.\d+)?|(?<![^\s])\.\d+)(?:\s*½)?|½)"  # .5 after a space is 0.5
    r"|(?P<word>[a-z]+(?:'[a-z]+)?)"
    r"|(?P<punct>\S)"
)
SEPARATORS = set(".,;:()[]!?")
DASHES = {"\u2013": "-", "\u2014": "-", "\u2212": "-"}


@dataclass(frozen=True)
class Token:
    kind: str  # "word", "num", "days" or "punct"
    text: str
    value: float = 0


@dataclass(frozen=True)
class Symbol:
    """One meaningful piece of the directions: its kind, what it means, and the words it came from."""

    kind: str
    value: Any
    text: str
    number: float | None = None  # the number a phrase holds: 3 in "3 times a day", 5 in "for 5 days"


@dataclass(frozen=True)
class Lexicon:
    numbers: dict[tuple[str, ...], float]
    phrases: dict[str, tuple[tuple[tuple[str, ...], str, Any], ...]]  # first word (or "#") -> longest first
    reasons: frozenset[str]
    longest_number: int  # words in the longest number phrase ("one and a half": 4)


@cache
def lexicon() -> Lexicon:
    text = resources.files("generator.labels").joinpath("directions.yaml").read_text(encoding="utf-8")
    data = yamltext.load(text)
    numbers = {tuple(str(k).split()): float(v) for k, v in data["numbers"].items()}
    found: dict[str, list[tuple[tuple[str, ...], str, Any]]] = {}
    for kind in PHRASE_KINDS:
        section = data[kind]
        items = section.items() if isinstance(section, dict) else ((p, p) for p in section)
        for phrase, value in items:
            words = tuple(str(phrase).split())
            found.setdefault(words[0], []).append((words, kind, value))
    rank = {kind: index for index, kind in enumerate(PHRASE_KINDS)}
    phrases = {first: tuple(sorted(items, key=lambda p: (-len(p[0]), rank[p[1]]))) for first, items in found.items()}
    return Lexicon(numbers, phrases, frozenset(str(w) for w in data["reasons"]), max(len(k) for k in numbers))


def _normalise(text: str) -> str:
    text = text.lower()
    for dash, plain in DASHES.items():
        text = text.replace(dash, plain)
    text = text.replace("&", " and ")
    text = re.sub(r"\b[a-z](?:\.[a-z])+\.?", lambda m: m.group(0).replace(".", "") + " ", text)  # b.d. -> bd
    numbers = {w for words in lexicon().numbers for w in words}
    # night-time -> night time; but two-three stays a range
    text = re.sub(r"([a-z]+)-(?=([a-z]+))", lambda m: m.group(1) + ("-" if m.group(1) in numbers and m.group(2) in numbers else " "), text)
    text = re.sub(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)", " ", text)  # 5ml -> 5 ml, x2 -> x 2
    return re.sub(r"\b5\s*ml\s+spoon(?:ful)?s?\b", " fivemlspoon ", text)


def _number(text: str) -> float:
    digits = text.replace("½", "").strip()
    return (float(digits) if digits else 0.0) + (0.5 if "½" in text else 0.0)


def tokens(text: str) -> list[Token]:
    raw: list[Token] = []
    for match in TOKEN.finditer(_normalise(text)):
        if match.group("dur"):
            per = 7 if match.group("per") == "52" else 1
            raw.append(Token("days", match.group(0), int(match.group("dur")) * per))
        elif match.group("num"):
            raw.append(Token("num", match.group("num"), _number(match.group("num"))))
        elif match.group("word"):
            raw.append(Token("word", match.group("word")))
        else:
            raw.append(Token("punct", match.group("punct")))
    return _numbers(raw)


def _numbers(raw: list[Token]) -> list[Token]:
    """Number words become numbers; '1 and a half' is 1.5."""
    numbers = lexicon().numbers
    longest = lexicon().longest_number
    out: list[Token] = []
    i = 0
    while i < len(raw):
        token = raw[i]
        if token.kind == "num" and [t.text for t in raw[i + 1:i + 4]] == ["and", "a", "half"]:
            out.append(Token("num", " ".join(t.text for t in raw[i:i + 4]), token.value + 0.5))
            i += 4
            continue
        for size in range(min(longest, len(raw) - i), 0, -1):
            words = tuple(t.text for t in raw[i:i + size])
            if all(t.kind == "word" for t in raw[i:i + size]) and words in numbers:
                out.append(Token("num", " ".join(words), numbers[words]))
                i += size
                break
        else:
            out.append(token)
            i += 1
    return out


def _matches(pattern: tuple[str, ...], found: list[Token]) -> bool:
    if len(found) < len(pattern):
        return False
    return all(_fits(p, t) for p, t in zip(pattern, found))


def _fits(word: str, token: Token) -> bool:
    if word == "#":
        return token.kind == "num"
    if word.isdigit():  # "24" in "in 24 hours" matches the number 24
        return token.kind == "num" and token.value == int(word)
    return token.kind == "word" and token.text == word


def symbols(text: str) -> list[Symbol]:
    """The directions as symbols, in order. Nothing is dropped: every token becomes part of one symbol."""
    table = lexicon()
    found = tokens(text)
    out: list[Symbol] = []
    i = 0
    while i < len(found):
        token = found[i]
        if token.text in ("for", "x") and i + 1 < len(found) and found[i + 1].kind == "days":  # "for 5/7", "x 5/7"
            out.append(Symbol("durations", 1, f"{token.text} {found[i + 1].text}", found[i + 1].value))
            i += 2
            continue
        candidates = table.phrases.get("#" if token.kind == "num" else token.text, ()) if token.kind in ("num", "word") else ()
        match = next((c for c in candidates if _matches(c[0], found[i:i + len(c[0])])), None)
        if match is not None:
            words, kind, value = match
            part = found[i:i + len(words)]
            number = next((t.value for w, t in zip(words, part) if w == "#"), None)
            out.append(Symbol(kind, value, " ".join(t.text for t in part), number))
            i += len(words)
        elif token.kind == "num":
            out.append(Symbol("number", token.value, token.text))
            i += 1
        elif token.kind == "days":
            out.append(Symbol("durations", 1, token.text, token.value))
            i += 1
        elif token.kind == "punct":
            out.append(_punct(token, found[i - 1] if i else None, found[i + 1] if i + 1 < len(found) else None))
            i += 1
        elif token.text == "for" and (reason := _reason(found, i + 1, table.reasons)):
            out.append(Symbol("reason", " ".join(reason), " ".join(["for", *reason])))
            i += 1 + len(reason)
        elif token.text == "and":
            out.append(Symbol("and", None, "and"))
            i += 1
        else:
            out.append(Symbol("word", token.text, token.text))
            i += 1
    return out


def _punct(token: Token, before: Token | None, after: Token | None) -> Symbol:
    between_numbers = bool(before and after and before.kind == "num" and after.kind == "num")
    if token.text == "-" and not between_numbers:
        return Symbol("sep", None, "-")  # a dash between words separates them; between numbers it is a range
    if token.text == "," and between_numbers:
        return Symbol("refuse", f"'{before.text},{after.text}' could be a decimal comma or two numbers", ",")  # type: ignore[union-attr]
    if token.text in SEPARATORS:
        return Symbol("sep", None, token.text)
    refuse = {words[0]: value for words, kind, value in lexicon().phrases.get(token.text, ()) if kind == "refuse"}
    if token.text in refuse:
        return Symbol("refuse", refuse[token.text], token.text)
    return Symbol("word", token.text, token.text)


def _reason(found: list[Token], start: int, reasons: frozenset[str]) -> list[str]:
    """The known words after 'for' ('pain', 'a high temperature'), without a trailing 'and'."""
    words: list[str] = []
    for token in found[start:]:
        if token.kind != "word" or token.text not in reasons:
            break
        words.append(token.text)
    while words and words[-1] in ("and", "or", "a", "the", "your", "of", "high", "short", "feeling"):
        words.pop()
    return words
