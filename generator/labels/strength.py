"""What counts as a medicine strength, and the error-prone ways of writing one.

Real strengths come in a few shapes, as the dm+d and the BNF write them:

    5 mg                  an amount
    500 mg/125 mg         a combination (also 500/125 mg, 250 mg/62 mg/5 mL)
    12 micrograms/hour    a rate (also 5 mg/24 hours)
    100 units/mL          a concentration (also 3.35 g/5 mL, 1 mg/g)
    100 micrograms/dose   per dose (also /actuation, /spray)
    1%  0.1%  1% w/w      a percentage

A strength is printed exactly as written, never rewritten; what is refused is what
ISMP and the NHS list as misread: ``mcg``/``µg`` (read as mg), ``IU`` and ``U``
(read as IV, 10 or 0), ``cc``, a decimal comma, a naked decimal (``.5 mg`` read as
5 mg) and a trailing zero (``5.0 mg`` read as 50 mg). Each message says the fix.
"""

from __future__ import annotations

import re

NUMBER = r"(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.\d+)?"
AMOUNT_UNITS = frozenset({"micrograms", "microgram", "nanograms", "nanogram", "mg", "g", "gram", "grams", "mmol",
                          "units", "unit", "%", "ml"})
PER_UNITS = frozenset({"ml", "l", "litre", "litres", "dose", "doses", "actuation", "actuations", "puff", "spray", "drop",
                       "drops", "hour", "hours", "day", "g", "gram", "sachet", "vial", "ampoule"})
TOKEN = re.compile(rf"(?P<number>{NUMBER})?\s*(?P<unit>[a-z]+|%)?", re.IGNORECASE)
EXAMPLES = "'5 mg', '500 mg/125 mg', '250 mg/5 mL', '12 micrograms/hour', '100 units/mL' or '1%'"

MISREAD = (
    (re.compile(r"(?:\b|(?<=\d))(mcg|ug|µg|μg)\b", re.IGNORECASE), "write micrograms in full (mcg and µg are misread as mg)"),
    (re.compile(r"(?:\b|(?<=\d))i\.?u\.?(?![a-z])", re.IGNORECASE), "write units in full (IU is misread as IV or 10)"),
    (re.compile(r"(?:\b|(?<=\d))U\b"), "write units in full (U is misread as 0 or 4)"),
    (re.compile(r"(?:\b|(?<=\d))cc\b", re.IGNORECASE), "write mL (cc is misread as U or 00)"),
)


def problem(text: str) -> str | None:
    """Why ``text`` is not a strength we can print safely, with the fix; None when it is."""
    strength = " ".join(text.split())
    for pattern, fix in MISREAD:
        if pattern.search(strength):
            return f"'{text}': {fix}"
    for number in re.findall(r"[.,]?\d[\d.,]*", strength):
        number = number.rstrip(".,")
        if number.startswith("."):
            return f"'{text}': write 0{number}, not {number} (a bare decimal point is missed and read as {number[1:]})"
        if "," in number and not re.fullmatch(r"[1-9]\d{0,2}(,\d{3})+(\.\d+)?", number):
            return f"'{text}': use a decimal point, not a comma (0.5 mg, not 0,5 mg)"
        if re.fullmatch(r"[\d,]+\.\d*0", number):
            plain = number.rstrip("0").rstrip(".")
            return f"'{text}': write {plain}, not {number} (a trailing zero is misread as ten times the dose)"
    return None if _shaped(strength) else f"'{text}' is not a strength; write it like {EXAMPLES}"


def _shaped(strength: str) -> bool:
    """Amounts separated by '/', the last with a unit, then at most one 'per' part."""
    strength = re.sub(r"(%)\s*(w/w|w/v|v/v)$", r"\1", strength, flags=re.IGNORECASE)
    tokens = []
    for part in strength.split("/"):
        match = TOKEN.fullmatch(part.strip())
        if not match or not part.strip():
            return False
        tokens.append((match["number"], (match["unit"] or "").lower()))
    amounts = 0
    while amounts < len(tokens) and tokens[amounts][0] and (not tokens[amounts][1] or tokens[amounts][1] in AMOUNT_UNITS):
        amounts += 1
    if not amounts or not tokens[amounts - 1][1]:
        return False  # '500/125' with no unit, or no amount at all
    rest = tokens[amounts:]
    return not rest or (len(rest) == 1 and rest[0][1] in PER_UNITS)
