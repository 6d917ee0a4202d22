"""Directions: plain Universal Medication Schedule wording, and checks on free text.

The UMS (USP <17>, Wisconsin Health Literacy, AHRQ) separates the dose from the
time, uses numerals, and names four parts of the day instead of intervals or
Latin ("twice daily", "bd"). We use "midday" for "noon" (en-GB). This module is
the one place label wording is made from a ``Schedule``. Free text is read by
``reading.py``; here it is compared with a structured schedule (a disagreement is
how overdoses happen) and, when it was not understood, printed as written in
sentence case.
"""

from __future__ import annotations

import re
from functools import cache

from .model import Schedule
from .reading import JSON_FOOD, Reading, number, read

PERIOD_WORDS = {"morning": "in the morning", "midday": "at midday", "evening": "in the evening", "bedtime": "at bedtime"}
PERIOD_TITLES = {"morning": "Morning", "midday": "Midday", "evening": "Evening", "bedtime": "Bedtime"}
FOOD_WORDS = {"with_food": "with food", "after_food": "after food", "before_food": "before food", "empty_stomach": "on an empty stomach"}
PLURALS = {"tablet": "tablets", "capsule": "capsules", "puff": "puffs", "drop": "drops", "patch": "patches",
           "application": "applications", "sachet": "sachets", "spray": "sprays", "pessary": "pessaries",
           "suppository": "suppositories", "lozenge": "lozenges", "pastille": "pastilles"}
VERBS = {"application": "Apply", "patch": "Apply", "drop": "Use", "spray": "Use", "pessary": "Use", "suppository": "Use"}
ONCE = "once a day"
# Capitals kept when the rest of a word is lower-cased (the names of services in directions).
ACRONYMS = frozenset({"GP", "INR", "NHS", "HIV", "COPD", "ADHD", "TB", "UK", "A&E", "BP"})

@cache
def _jargon_patterns() -> tuple[re.Pattern[str], ...]:
    """The checker's own 'label-dosing-words' rule: one list of dosing shorthand, as data."""
    from ..check.rulespec import builtin_rules

    spec = next(rule for rule in builtin_rules() if rule.id == "label-dosing-words")
    return tuple(re.compile(str(p), re.IGNORECASE) for p in spec.params["patterns"])


def amount(value: float) -> str:
    """1 -> '1', 0.5 -> '½', 1.5 -> '1½', 2.5 -> '2½', 1.25 -> '1.25' (numerals, never words)."""
    if float(value * 2).is_integer():
        whole, half = int(value), value - int(value) >= 0.5
        return (f"{whole}½" if whole else "½") if half else str(whole)
    return f"{value:g}"


def dose(value: float, unit: str) -> str:
    """'1 tablet', '½ tablet', '2.5 mL', joined by a no-break space: a dose never splits across lines.

    Things you count take halves ('1½ tablets'); measures keep the decimal point a
    syringe or spoon is marked with ('2.5 mL').
    """
    if not unit:
        return amount(value)
    word = unit if value <= 1 else PLURALS.get(unit, unit)
    shown = amount(value) if unit in PLURALS else f"{value:g}"
    return f"{shown}\u00a0{word}"


def verb(unit: str) -> str:
    """'Take' for tablets and liquids; 'Apply' for creams and patches; 'Use' for drops and sprays."""
    return VERBS.get(unit, "Take")


def schedule_lines(schedule: Schedule) -> list[str]:
    """The dose one part of the day per line: 'Take 1 tablet in the morning', 'and 1 tablet in the evening'."""
    lines: list[str] = []
    # "Apply in the morning", not "Apply 1 application in the morning".
    bare = schedule.unit == "application" and all(n == 1 for _, n in schedule.regular)
    parts = [(f"{dose(n, schedule.unit)} " if not bare else "") + (PERIOD_WORDS[period] if period else ONCE) for period, n in schedule.regular]
    for index, part in enumerate(parts):
        if index == 0:
            lines.append(f"{verb(schedule.unit)} {part}")
        elif index == len(parts) - 1:
            lines.append(f"and {part}")
        else:
            lines.append(part)
    food = FOOD_WORDS.get(schedule.with_food)
    if food and lines:
        lines[-1] += f" {food}"
    if schedule.as_needed:
        reason = f" for {schedule.as_needed_for}" if schedule.as_needed_for else ""
        each = schedule.as_needed_dose or 1
        what = "" if schedule.unit == "application" and each == 1 else f"{dose(each, schedule.unit)} "
        lines.append(f"{verb(schedule.unit)} {what}when you need it{reason}")
        if food:
            lines[-1] += f" {food}"
    if schedule.max_per_24h:
        lines.append(f"No more than {dose(schedule.max_per_24h, schedule.unit)} in 24 hours")
    if schedule.duration_days:
        lines.append(f"{verb(schedule.unit)} for {schedule.duration_days} day{'s' if schedule.duration_days != 1 else ''}, then stop")
    lines += [advice.rstrip(".") for advice in schedule.advice]
    return lines


def schedule_sentence(schedule: Schedule) -> str:
    """The same wording as one paragraph of sentences (for the standard label and ``plain``).

    The dose lines make one sentence ('Take 1 tablet in the morning, 1 tablet at
    midday and 1 tablet in the evening'); the lines after them are sentences of their own.
    """
    lines = schedule_lines(schedule)
    count = schedule.times_a_day
    dose = [", ".join(lines[: count - 1]) + " " + lines[count - 1]] if count > 1 else lines[:count]
    return ". ".join(dose + lines[count:]) + "."


def sentence_case(text: str) -> str:
    """Text as written, without shouting: 'TAKE ONE at NIGHT' -> 'Take one at night'.

    Only words in capitals are lowered (not 'mL' or 'Dr Patel'); a few service
    names stay (GP, INR). Each sentence starts with a capital.
    """
    def lower(match: re.Match[str]) -> str:
        word = match.group(0)
        return word if word in ACRONYMS else word.lower()

    words = re.findall(r"[A-Za-z]+", text)
    shouting = sum(w.isupper() and len(w) > 1 for w in words) * 2 >= max(len(words), 2)
    text = re.sub(r"[A-Z][A-Z&]+\b", lower, text.strip())
    if shouting:  # lone capitals too ('TAKE A TABLET'), but not 'Vitamin D' in a sentence written normally
        text = re.sub(r"(?<![\w.])(?!I\b)[A-Z](?![\w.])", lambda m: m.group(0).lower(), text)
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def as_written(text: str) -> str:
    """How a label prints directions it could not read: the pharmacy's words, in sentence case."""
    return sentence_case(text)


def plain(reading: Reading) -> str:
    """How the large-print label words a reading (its UMS sentence), or the text as written."""
    schedule = reading.schedule()
    if schedule is None:
        return as_written(reading.text)
    return schedule_sentence(schedule).replace("\u00a0", " ")


def reading_json(reading: Reading) -> dict[str, object]:
    """The reading as ``easyread directions --json`` prints it (a contract: keys are only ever added)."""
    return {
        "understood": reading.understood,
        "doses": [{"time": d.time, "amount": number(d.amount)} for d in reading.doses],
        "unit": reading.unit,
        "as_needed": reading.as_needed,
        "max_per_24h": number(reading.max_per_24h),
        "food": JSON_FOOD.get(reading.food),
        "duration_days": reading.duration_days,
        "plain": plain(reading),
        "as_needed_for": reading.as_needed_for or None,
        "advice": list(reading.advice),
        "reason": reading.reason or None,
    }


def reading_lines(reading: Reading) -> list[str]:
    """The reading for a person at a terminal: the label's words first, then what was read."""
    if not reading.understood:
        return [f"not understood: {reading.reason}", f"the label prints it as written: {plain(reading)}"]
    unit = reading.unit or ""
    shown = [dose(d.amount, unit).replace("\u00a0", " ") for d in reading.doses]
    if reading.as_needed:
        read_as = f"{shown[0]} when needed"
    elif all(d.time is None for d in reading.doses):
        count = len(reading.doses)
        read_as = f"{shown[0]} {'once a day' if count == 1 else f'each time, {count} times a day'}, no time of day named"
    else:
        read_as = ", ".join(f"{s} {PERIOD_WORDS[d.time or 'morning']}" for s, d in zip(shown, reading.doses))
    most = dose(reading.max_per_24h, unit).replace("\u00a0", " ") if reading.max_per_24h else ""
    facts = [("read as", read_as), ("unit", "" if unit else "not given (a label takes it from medicine_form: tablet, capsule, patch)"),
             ("for", reading.as_needed_for), ("no more than", f"{most} in 24 hours" if most else ""),
             ("food", FOOD_WORDS.get(reading.food, "")), ("course", f"{reading.duration_days} days" if reading.duration_days else ""),
             ("advice", " ".join(reading.advice))]
    return [f"understood: {plain(reading)}", *(f"  {name}: {value}" for name, value in facts if value)]


def disagreement(text: str, schedule: Schedule) -> str | None:
    """Why the free text and the schedule disagree, or None when they agree (or the text was not understood)."""
    reading = read(text)
    if not reading.understood:
        return None
    if reading.as_needed != schedule.as_needed or (reading.as_needed and schedule.times_a_day):
        said = "when needed" if reading.as_needed else "regular doses"
        return f"the text and the schedule disagree about 'when needed' (the text gives {said})"
    if reading.unit and schedule.unit and reading.unit != schedule.unit:
        return f"the text says {reading.unit} but the schedule gives {schedule.unit}"
    if reading.as_needed:
        if schedule.as_needed_dose and reading.doses[0].amount != schedule.as_needed_dose:
            return f"the text says take {amount(reading.doses[0].amount)} but the schedule gives {amount(schedule.as_needed_dose)} when needed"
    else:
        problem = _regular_disagreement(reading, schedule)
        if problem:
            return problem
    if reading.max_per_24h is not None and schedule.max_per_24h is not None and reading.max_per_24h != schedule.max_per_24h:
        return f"the text says no more than {amount(reading.max_per_24h)} in 24 hours but the schedule gives {amount(schedule.max_per_24h)}"
    if reading.food != "none" and schedule.with_food != "none" and reading.food != schedule.with_food:
        return f"the text says {FOOD_WORDS[reading.food]} but the schedule gives {FOOD_WORDS[schedule.with_food]}"
    if reading.duration_days and schedule.duration_days and reading.duration_days != schedule.duration_days:
        return f"the text says {reading.duration_days} days but the schedule gives {schedule.duration_days}"
    return None


def _regular_disagreement(reading: Reading, schedule: Schedule) -> str | None:
    """Times and amounts: a dose with no time ('once a day') agrees with any one time."""
    if reading.times_a_day != schedule.times_a_day:
        periods = ", ".join(p or ONCE for p, _ in schedule.regular)
        return (f"the text says {reading.times_a_day} time{'s' if reading.times_a_day != 1 else ''} a day ('{reading.said}') "
                f"but the schedule gives {schedule.times_a_day} ({periods})")
    amounts = {n for _, n in schedule.regular}
    said = {d.amount for d in reading.doses}
    if len(said) == 1 and len(amounts) == 1 and said != amounts:
        return f"the text says take {amount(said.pop())} but the schedule gives {amount(amounts.pop())} each time"
    if all(d.time for d in reading.doses):
        text_times = {(d.time, d.amount) for d in reading.doses}
        given = set(schedule.regular)
        if text_times != given and all(p for p, _ in schedule.regular):
            return f"the text says {_doses(text_times)} but the schedule gives {_doses(given)}"
    elif sorted(d.amount for d in reading.doses) != sorted(n for _, n in schedule.regular):
        return "the text and the schedule give different amounts"
    return None


def _doses(pairs: set[tuple[str | None, float]]) -> str:
    order = list(PERIOD_WORDS)
    return ", ".join(f"{amount(n)} {PERIOD_WORDS[p] if p else ONCE}" for p, n in sorted(pairs, key=lambda x: order.index(x[0]) if x[0] else 9))


def jargon(text: str) -> list[str]:
    """Interval or Latin wording that the UMS replaces with parts of the day."""
    return sorted({m.group(0).strip() for p in _jargon_patterns() for m in p.finditer(text)}, key=str.lower)


def number_words(text: str) -> list[str]:
    return sorted({m.group(0) for m in re.finditer(r"\b(one|two|three|four|five|six)\b", text, re.IGNORECASE)}, key=str.lower)
