"""Directions: plain Universal Medication Schedule wording, and checks on free text.

The UMS (USP <17>, Wisconsin Health Literacy, AHRQ) separates the dose from the
time, uses numerals, and names four parts of the day instead of intervals or
Latin ("twice daily", "bd"). We use "midday" for "noon" (en-GB). Free text from a
pharmacy system is kept as written for the standard label, but read here to catch
a schedule that disagrees with it: that disagreement is how overdoses happen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .model import PERIODS, Schedule

PERIOD_WORDS = {"morning": "in the morning", "midday": "at midday", "evening": "in the evening", "bedtime": "at bedtime"}
PERIOD_TITLES = {"morning": "Morning", "midday": "Midday", "evening": "Evening", "bedtime": "Bedtime"}
FOOD_WORDS = {"with_food": "with food", "before_food": "before food", "empty_stomach": "on an empty stomach"}
PLURALS = {"tablet": "tablets", "capsule": "capsules", "puff": "puffs", "drop": "drops", "patch": "patches",
           "application": "applications", "sachet": "sachets", "spray": "sprays", "mL": "mL"}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "half": 0.5}

# How often, in the words pharmacy systems print. Most specific first.
FREQUENCIES: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), times)
    for pattern, times in (
        (r"\b(four|4)\s*(times|x)\s*(a|per|each)?\s*(day|daily)\b|\bqds\b|\bqid\b|\bevery\s+6\s+hours\b", 4),
        (r"\b(three|3)\s*(times|x)\s*(a|per|each)?\s*(day|daily)\b|\btds\b|\btid\b|\bevery\s+8\s+hours\b", 3),
        (r"\btwice(\s+(a|per|each)\s+day|\s+daily)?\b|\b(two|2)\s*(times|x)\s*(a|per|each)?\s*(day|daily)\b|\bbd\b|\bbid\b|\bevery\s+12\s+hours\b", 2),
        (r"\bonce\b|\b(one|1)\s*(time|x)\s*(a|per|each)?\s*(day|daily)\b|\bod\b|\bdaily\b|\bevery\s+day\b|\beach\s+day\b", 1),
    )
)
PERIOD_PATTERNS = {
    "morning": re.compile(r"\b(morning|breakfast|mane)\b", re.IGNORECASE),
    "midday": re.compile(r"\b(midday|noon|lunch|lunchtime)\b", re.IGNORECASE),
    "evening": re.compile(r"\b(evening|teatime|tea time|dinner|supper)\b", re.IGNORECASE),
    "bedtime": re.compile(r"\b(bedtime|bed|night|nocte)\b", re.IGNORECASE),
}
AS_NEEDED = re.compile(r"\b(when|as|if)\s+(needed|required|necessary)\b|\bprn\b", re.IGNORECASE)
AMOUNT = re.compile(r"\b(?:take|use|apply|inhale|give|insert|put)\s+(\d+(?:\.\d+)?|one|two|three|four|five|six|half)\b", re.IGNORECASE)

@cache
def _jargon_patterns() -> tuple[re.Pattern[str], ...]:
    """The checker's own 'label-dosing-words' rule: one list of dosing shorthand, as data."""
    from ..check.rulespec import builtin_rules

    spec = next(rule for rule in builtin_rules() if rule.id == "label-dosing-words")
    return tuple(re.compile(str(p), re.IGNORECASE) for p in spec.params["patterns"])


def amount(value: float) -> str:
    """1 -> '1', 0.5 -> '½', 1.5 -> '1½', 2.5 -> '2½' (numerals, never words)."""
    whole, half = int(value), value - int(value) >= 0.5
    if half:
        return f"{whole}½" if whole else "½"
    return str(whole)


def dose(value: float, unit: str) -> str:
    """'1 tablet', '2 tablets', '15 mL', joined by a no-break space: a dose never splits across lines."""
    word = unit if value <= 1 else PLURALS.get(unit, unit)
    return f"{amount(value)}\u00a0{word}"


def schedule_lines(schedule: Schedule) -> list[str]:
    """The dose one part of the day per line: 'Take 1 tablet in the morning', 'and 1 tablet in the evening'."""
    lines: list[str] = []
    parts = [f"{dose(n, schedule.unit)} {PERIOD_WORDS[period]}" for period, n in schedule.amounts]
    for index, part in enumerate(parts):
        if index == 0:
            lines.append(f"Take {part}")
        elif index == len(parts) - 1:
            lines.append(f"and {part}")
        else:
            lines.append(part)
    food = FOOD_WORDS.get(schedule.with_food)
    if food and lines:
        lines[-1] += f" {food}"
    if schedule.as_needed:
        reason = f" for {schedule.as_needed_for}" if schedule.as_needed_for else ""
        lines.append(f"Take {dose(schedule.as_needed_dose or 1, schedule.unit)} when you need it{reason}")
        if food:
            lines[-1] += f" {food}"
    if schedule.max_per_24h:
        lines.append(f"No more than {dose(schedule.max_per_24h, schedule.unit)} in 24 hours")
    if schedule.duration_days:
        lines.append(f"Take for {schedule.duration_days} days, then stop")
    return lines


def schedule_sentence(schedule: Schedule) -> str:
    """The same wording as one paragraph of sentences (for the standard label).

    The dose lines make one sentence ('Take 1 tablet in the morning, 1 tablet at
    midday and 1 tablet in the evening'); the lines after them are sentences of their own.
    """
    lines = schedule_lines(schedule)
    count = len(schedule.amounts)
    dose = [", ".join(lines[: count - 1]) + " " + lines[count - 1]] if count > 1 else lines[:count]
    return ". ".join(dose + lines[count:]) + "."


@dataclass(frozen=True)
class TextReading:
    """What free-text directions say about the dose, as far as we can tell."""

    times_a_day: int | None
    said: str
    amount: float | None
    as_needed: bool


def read_text(text: str) -> TextReading:
    times, said = None, ""
    for pattern, count in FREQUENCIES:
        match = pattern.search(text)
        if match:
            times, said = count, match.group(0)
            break
    if times is None:
        named = [period for period in PERIODS if PERIOD_PATTERNS[period].search(text)]
        if named:
            times, said = len(named), " and ".join(named)
    found = AMOUNT.search(text)
    value = None
    if found:
        word = found.group(1).lower()
        value = NUMBER_WORDS[word] if word in NUMBER_WORDS else float(word)
    return TextReading(times, said, value, bool(AS_NEEDED.search(text)))


def disagreement(text: str, schedule: Schedule) -> str | None:
    """Why the free text and the schedule disagree, or None when they agree."""
    reading = read_text(text)
    if reading.as_needed != schedule.as_needed and not schedule.amounts:
        return "the text and the schedule disagree about 'when needed'"
    if reading.times_a_day is not None and schedule.amounts and reading.times_a_day != schedule.times_a_day:
        periods = ", ".join(p for p, _ in schedule.amounts)
        return (f"the text says {reading.times_a_day} time{'s' if reading.times_a_day != 1 else ''} a day ('{reading.said}') "
                f"but the schedule gives {schedule.times_a_day} ({periods})")
    amounts = {n for _, n in schedule.amounts}
    if reading.amount is not None and len(amounts) == 1 and reading.amount not in amounts:
        return f"the text says take {amount(reading.amount)} but the schedule gives {amount(amounts.pop())} each time"
    return None


def jargon(text: str) -> list[str]:
    """Interval or Latin wording that the UMS replaces with parts of the day."""
    return sorted({m.group(0) for p in _jargon_patterns() for m in p.finditer(text)}, key=str.lower)


def number_words(text: str) -> list[str]:
    return sorted({m.group(0) for m in re.finditer(r"\b(one|two|three|four|five|six)\b", text, re.IGNORECASE)}, key=str.lower)
