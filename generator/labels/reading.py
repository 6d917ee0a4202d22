"""Prescription free text -> one daily pattern of doses, or "not understood".

A small grammar over the symbols of ``lexicon.py``. A reading is one daily
pattern: an amount (or one per part of the day), a unit, how often or which parts
of the day, and optionally "when needed" with a maximum, food, a course length
and advice kept as written. Anything else is *not understood*, with the reason:
an unknown word, a weekly or alternate-day dose, a dose that changes, a range,
"as directed", two frequencies that disagree. The reader never guesses: a label
that prints the pharmacy's own words and flags them is safe; a wrong schedule
is the one outcome that is never acceptable.

``Reading`` keeps what the text says (a dose with no time when the text gives
only a frequency); ``Reading.schedule`` turns it into the label's Universal
Medication Schedule (twice a day -> morning and evening).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .lexicon import Symbol, symbols
from .model import PERIODS, Schedule

# How a frequency with no named time is printed (UMS); once a day keeps no time.
UMS = {2: ("morning", "evening"), 3: ("morning", "midday", "evening"), 4: PERIODS}
COUNTED = ("tablet", "capsule", "puff", "drop", "spray", "sachet", "patch", "application", "pessary", "suppository",
           "lozenge", "pastille")
JSON_FOOD = {"with_food": "with", "after_food": "with", "before_food": "before", "empty_stomach": "empty"}


class NotUnderstood(Exception):
    """Why the text is not one daily pattern we can print safely."""


@dataclass(frozen=True)
class Dose:
    time: str | None  # morning, midday, evening, bedtime; None when the text gives only how often
    amount: float


@dataclass(frozen=True)
class Reading:
    """What the directions say, as far as the reader understood them."""

    text: str
    understood: bool
    reason: str = ""  # why not, for the pharmacist
    doses: tuple[Dose, ...] = ()
    unit: str | None = None
    as_needed: bool = False
    as_needed_for: str = ""
    max_per_24h: float | None = None
    food: str = "none"  # one of model.WITH_FOOD
    duration_days: int | None = None
    advice: tuple[str, ...] = ()
    said: str = ""  # the words that said how often ("twice daily"), for messages

    @property
    def times_a_day(self) -> int:
        return 0 if self.as_needed else len(self.doses)

    def schedule(self) -> Schedule | None:
        """The label's schedule: parts of the day for 2-4 doses a day; 'once a day' stays without a time."""
        if not self.understood:
            return None
        base = Schedule((), self.unit or "", max_per_24h=self.max_per_24h, with_food=self.food,
                        duration_days=self.duration_days, advice=self.advice)
        if self.as_needed:
            return replace(base, as_needed=True, as_needed_dose=self.doses[0].amount, as_needed_for=self.as_needed_for)
        if all(d.time is not None for d in self.doses):
            order = {p: i for i, p in enumerate(PERIODS)}
            timed = sorted(((d.time, d.amount) for d in self.doses if d.time), key=lambda pair: order[pair[0]])
            return replace(base, amounts=tuple(timed))
        if len(self.doses) == 1:
            return replace(base, untimed=(self.doses[0].amount,))
        return replace(base, amounts=tuple(zip(UMS[len(self.doses)], (d.amount for d in self.doses))))


def number(value: float | None) -> float | int | None:
    """1.0 -> 1 for JSON; halves stay 0.5."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


@dataclass
class _Group:
    """One amount and the times or frequency that belong to it."""

    amount: float
    unit: Symbol | None
    times: list[tuple[str, str]] = field(default_factory=list)  # (period, words)
    frequencies: list[tuple[float, str, bool]] = field(default_factory=list)  # (times a day, words, said as 'a day')


def read(text: str) -> Reading:
    """Read free-text directions. Never raises: what is not understood says why."""
    try:
        return _Grammar(text).reading()
    except NotUnderstood as why:
        return Reading(text, False, str(why))


class _Grammar:
    def __init__(self, text: str) -> None:
        self.text = text
        self.symbols = symbols(text)
        self.groups: list[_Group] = []
        self.loose = _Group(0, None)  # times and frequencies named before any amount
        self.verbs: set[str] = set()
        self.as_needed = False
        self.reasons: list[str] = []
        self.up_to: float | None = None
        self.maximum: tuple[float, Symbol | None, bool] | None = None  # amount, unit, counted in doses
        self.food: set[str] = set()
        self.days: set[int] = set()
        self.advice: list[str] = []
        self.verb_advice: list[str] = []  # "Chew it." from "chew"
        self.meal_periods: set[str] = set()  # parts of the day a meal named ("with breakfast")
        self.places: dict[str, list[int]] = {"time": [], "food": [], "amount": []}  # where each came, for food

    def reading(self) -> Reading:
        if not self.symbols:
            raise NotUnderstood("there are no directions")
        self._screen()
        self._walk()
        return self._build()

    def _screen(self) -> None:
        """Refusals first (they say why best), then words nobody knows."""
        for index, symbol in enumerate(self.symbols):
            counted = symbol.text in ("dose", "doses") and self._before(index) == "number" and self._before(index - 1) == "maximum"
            if symbol.kind == "refuse" and not counted:  # "max 4 doses in 24 hours" is read by _maximum
                said = "" if symbol.text in symbol.value else f" ('{symbol.text}')"
                raise NotUnderstood(f"{symbol.value}{said}")
        for index, symbol in enumerate(self.symbols):
            if symbol.kind == "word" and not (symbol.value in ("a", "an") and self._kind(index + 1) == "units"):
                raise NotUnderstood(f"'{symbol.text}' is not a word the reader knows, so it could change the meaning")
            if symbol.kind == "as_needed" and self._before(index) == "and":
                raise NotUnderstood("a regular dose and an extra 'when needed' dose together are not modelled")

    def _before(self, index: int) -> str:
        """The kind of the symbol before this one, passing over punctuation."""
        index -= 1
        while self._kind(index) == "sep":
            index -= 1
        return self._kind(index)

    def _kind(self, index: int) -> str:
        return self.symbols[index].kind if 0 <= index < len(self.symbols) else ""

    def _walk(self) -> None:
        i, joined = 0, True  # joined: an 'and' (or the start) came since the last time of day
        while i < len(self.symbols):
            s = self.symbols[i]
            if s.kind in ("number", "word"):  # a number, or "a"/"an" before a unit
                amount = s.value if s.kind == "number" else 1.0
                unit = self.symbols[i + 1] if self._kind(i + 1) == "units" else None
                self.groups.append(_Group(float(amount), unit))
                self.places["amount"].append(i)
                i += 2 if unit else 1
                joined = True
                continue
            group = self.groups[-1] if self.groups else self.loose
            if s.kind == "units":
                raise NotUnderstood(f"'{s.text}' has no amount before it, so the text does not say how many")
            if s.kind == "verbs":
                verb, *advice = s.value if isinstance(s.value, list) else [s.value]
                self.verbs.add(verb)
                self.verb_advice += advice
            elif s.kind in ("times", "meals"):
                period = s.value[0] if s.kind == "meals" else s.value
                if s.kind == "meals":
                    self.food.add(s.value[1])
                    self.meal_periods.add(period)
                self._add_time(group, period, s.text, joined, s.kind == "meals")
                self.places["time"].append(i)
                joined = False
            elif s.kind == "frequencies":
                group.frequencies.append((float(s.number if s.value == "#" and s.number is not None else s.value), s.text, False))
            elif s.kind == "per_day":
                group.frequencies.append((1, s.text, True))
            elif s.kind == "food":
                self.food.add(s.value)
                self.places["food"].append(i)
            elif s.kind == "as_needed":
                self.as_needed = True
            elif s.kind == "reason":
                self.reasons.append(s.value)
            elif s.kind == "up_to":
                if self._kind(i + 1) != "frequencies":
                    raise NotUnderstood(f"'{s.text}' must be followed by how many times a day")
                after = self.symbols[i + 1]
                self.up_to = after.number if after.value == "#" else after.value
                if self.up_to is None or self.up_to < 1 or not float(self.up_to).is_integer():
                    raise NotUnderstood(f"'{s.text} {after.text}' is not a whole number of times a day")
                i += 1
            elif s.kind == "maximum":
                i = self._maximum(i)
            elif s.kind == "durations":
                days = s.number * s.value if s.number is not None else s.value
                if days < 1 or not float(days).is_integer():
                    raise NotUnderstood(f"'{s.text}' is not a whole number of days")
                self.days.add(int(days))
            elif s.kind == "advice":
                if s.value not in self.advice:
                    self.advice.append(s.value)
            elif s.kind == "and" or (s.kind == "sep" and s.text == ","):  # "morning, noon and night"
                joined = True
            i += 1

    def _add_time(self, group: _Group, period: str, words: str, joined: bool, meal: bool) -> None:
        """'In the morning before breakfast' is one time; 'in the morning and at night' two."""
        if group.times and meal and group.times[-1][0] == period:
            return  # the meal says when in the morning, not a second dose
        if group.times and not joined:
            before, said = group.times[-1]
            if before != period:
                raise NotUnderstood(f"'{said}' and '{words}' name different times of day for one dose")
            return
        if any(p == period for p, _ in group.times):
            raise NotUnderstood(f"'{words}' names a time of day twice")
        group.times.append((period, words))

    def _maximum(self, start: int) -> int:
        """'max 8 in 24 hours', 'no more than 4 doses in 24 hours': returns the last index used."""
        i = start + 1
        while self._kind(i) == "sep":
            i += 1
        if self._kind(i) != "number":
            raise NotUnderstood(f"'{self.symbols[start].text}' must be followed by a number")
        amount, unit, doses = float(self.symbols[i].value), None, False
        if amount <= 0:
            raise NotUnderstood("a maximum of 0 is not a dose")
        i += 1
        if self._kind(i) == "units":
            unit, i = self.symbols[i], i + 1
        elif self._kind(i) == "refuse" and self.symbols[i].text in ("dose", "doses"):
            doses, i = True, i + 1
        nxt = self.symbols[i] if i < len(self.symbols) else None
        if nxt is None or not (nxt.kind == "per_day" or (nxt.kind == "frequencies" and nxt.value == 1 and nxt.text == "daily")):
            raise NotUnderstood(f"a maximum must say it is for 24 hours ('{self.symbols[start].text} 8 in 24 hours')")
        self.maximum = (amount, unit, doses)
        return i

    def _build(self) -> Reading:
        if self.up_to is not None and not self.as_needed:
            raise NotUnderstood("'up to ... times a day' without 'when needed' does not say whether every dose is taken")
        if len(self.food) > 1:
            raise NotUnderstood(f"the text gives more than one rule about food ({', '.join(sorted(self.food))})")
        if len(self.days) > 1:
            raise NotUnderstood("the text gives two different lengths of course")
        if not self.groups:
            if "apply" in self.verbs and (self.loose.times or self.loose.frequencies or self.as_needed):
                self.groups.append(_Group(1.0, None, [], []))  # "Apply twice a day": one application each time
                implied: str | None = "application"
            elif "apply" in self.verbs:
                raise NotUnderstood("the text does not say when or how often to apply it")
            else:
                raise NotUnderstood("the text does not say how much to take")
        else:
            implied = None
        unit, each = self._unit(implied)
        if unit == ("drop",) and any(w == "od" for g in (self.loose, *self.groups) for _, w, _ in g.frequencies):
            raise NotUnderstood("'od' with drops can mean the right eye (oculus dexter), not once a day")
        doses = self._doses(each)
        self._food_for_every_dose(doses)
        said = ", ".join(w for g in (self.loose, *self.groups) for _, w, _ in g.frequencies) or \
            " and ".join(w for g in (self.loose, *self.groups) for _, w in g.times)
        maximum = self._max(doses, unit, each)
        for advice in self.verb_advice:  # "Dissolve 1 tablet in water": "Dissolve in water." says it already
            if not any(a.split()[0] == advice.split()[0] for a in self.advice):
                self.advice.insert(0, advice)
        reason = ""
        if self.reasons:
            if len(self.reasons) > 1:
                raise NotUnderstood("the text says 'for ...' twice")
            if self.as_needed:
                reason = self.reasons[0]
            else:
                self.advice.append(f"For {self.reasons[0]}.")
        return Reading(self.text, True, "", doses, unit[0] if unit else None, self.as_needed, reason, maximum,
                       next(iter(self.food), "none"), next(iter(self.days), None), tuple(self.advice), said)

    def _food_for_every_dose(self, doses: tuple[Dose, ...]) -> None:
        """Food must be for every dose: 'with breakfast and at night' or '1 with food and 1 at night' is refused."""
        timed = [d.time for d in doses if d.time]
        if self.meal_periods and any(t not in self.meal_periods for t in timed):
            raise NotUnderstood("a meal is named for some doses only, so the food rule is not for every dose")
        if len(timed) > 1 and self.places["food"]:
            last = max(self.places["time"] + self.places["amount"])
            if min(self.places["food"]) < last:
                raise NotUnderstood("the food rule comes between doses, so it may be for one dose only")

    def _unit(self, implied: str | None) -> tuple[tuple[str] | None, float]:
        """The one unit of every dose (and its size, for '5ml spoonful'); two different units are refused."""
        found = {(s.value["unit"], float(s.value["each"])) if isinstance(s.value, dict) else (s.value, 1.0)
                 for s in (g.unit for g in self.groups) if s is not None}
        if implied:
            found.add((implied, 1.0))
        if len(found) > 1:
            raise NotUnderstood("the text mixes units (" + ", ".join(sorted(u for u, _ in found)) + ")")
        if not found:
            return None, 1.0
        name, each = found.pop()
        return (name,), each

    def _doses(self, each: float) -> tuple[Dose, ...]:
        for group in self.groups:
            if group.amount <= 0:
                raise NotUnderstood("a dose of 0 is not a dose")
        if len(self.groups) > 1:
            return self._per_time(each)
        group = self.groups[0]
        amount = group.amount * each
        times = self.loose.times + group.times
        frequencies = self.loose.frequencies + group.frequencies
        counts = {n for n, _, _ in frequencies}
        if len(counts) > 1:
            raise NotUnderstood("the text gives two different numbers of times a day (" + ", ".join(w for _, w, _ in frequencies) + ")")
        count = counts.pop() if counts else None
        if count is not None and (count < 1 or not float(count).is_integer()):
            raise NotUnderstood(f"'{frequencies[0][1]}' is not a whole number of times a day")
        if times:
            periods = [p for p, _ in times]
            if len(set(periods)) != len(periods):
                raise NotUnderstood("the text names a time of day twice")
            if count is not None and count != len(periods):
                raise NotUnderstood(f"'{frequencies[0][1]}' does not match the {len(periods)} time{'s' if len(periods) > 1 else ''} of day named")
            if self.as_needed:
                raise NotUnderstood("a 'when needed' dose at a set time of day is not modelled")
            return tuple(Dose(p, amount) for p in periods)
        if any(said for _, _, said in frequencies) and group.amount > 1:
            raise NotUnderstood(f"'{group.amount:g} a day' does not say whether to take them together or apart")
        if self.as_needed:
            if count is not None:  # "1 tds prn": up to three times a day
                if self.up_to is not None and self.up_to != count:
                    raise NotUnderstood("the text gives two different numbers of times a day")
                self.up_to = count
            return (Dose(None, amount),)
        if count is None:
            raise NotUnderstood("the text does not say when or how often to take it")
        if count > 4:
            raise NotUnderstood(f"{count:g} times a day does not fit the four parts of the day")
        return tuple(Dose(None, amount) for _ in range(int(count)))

    def _per_time(self, each: float) -> tuple[Dose, ...]:
        """'2 in the morning and 1 at night': every amount has its own times, and nothing else says how often."""
        if self.as_needed:
            raise NotUnderstood("a 'when needed' dose with more than one amount is not modelled")
        if self.loose.times or self.loose.frequencies:
            raise NotUnderstood("a time of day comes before the amounts, so it is not clear which amount it belongs to")
        doses: list[Dose] = []
        for group in self.groups:
            if not group.times:
                raise NotUnderstood(f"the amount {group.amount:g} has no time of day")
            for count, words, _ in group.frequencies:
                if count != len(group.times):
                    raise NotUnderstood(f"'{words}' does not match the times of day named")
            doses += [Dose(p, group.amount * each) for p, _ in group.times]
        periods = [d.time for d in doses]
        if len(set(periods)) != len(periods):
            raise NotUnderstood("the text names a time of day twice")
        order = {p: i for i, p in enumerate(PERIODS)}
        return tuple(sorted(doses, key=lambda d: order[d.time or ""]))

    def _max(self, doses: tuple[Dose, ...], unit: tuple[str] | None, each: float) -> float | None:
        amounts = {d.amount for d in doses}
        derived = self.up_to * doses[0].amount if self.as_needed and self.up_to is not None else None
        maximum = None
        if self.maximum is not None:
            value, max_unit, counted_in_doses = self.maximum
            if counted_in_doses:
                if len(amounts) != 1:
                    raise NotUnderstood("a maximum in doses needs one amount per dose")
                maximum = value * amounts.pop()
            else:
                name = (max_unit.value["unit"] if isinstance(max_unit.value, dict) else max_unit.value) if max_unit else None
                if name and unit and name != unit[0]:
                    raise NotUnderstood(f"the maximum is in {name} but the dose is in {unit[0]}")
                if name and not unit:
                    raise NotUnderstood(f"the maximum is in {name} but the dose does not say its unit")
                # "max 4" counts what a dose counts (spoonfuls); "max 20 mL" counts mL
                maximum = value * (each if max_unit is None or isinstance(max_unit.value, dict) else 1.0)
        if derived is not None:
            if maximum is not None and maximum != derived:
                raise NotUnderstood(f"the maximum ({maximum:g}) and 'up to {self.up_to:g} times a day' ({derived:g}) disagree")
            maximum = derived
        if maximum is not None and not self.as_needed and maximum < sum(d.amount for d in doses):
            raise NotUnderstood(f"the maximum ({maximum:g}) is less than the daily dose")
        return maximum
