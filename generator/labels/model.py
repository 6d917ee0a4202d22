"""What one medication label is, after validation: frozen data with its source row.

Reading (``read.py``) produces raw rows; validation (``validate.py``) turns a row
into a ``Label`` or into problems that name the row and field. Everything after
that (directions wording, HTML, PDF) works from these objects only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

PERIODS = ("morning", "midday", "evening", "bedtime")
UNITS = ("tablet", "capsule", "mL", "puff", "drop", "patch", "application", "sachet", "spray")
WITH_FOOD = ("none", "with_food", "after_food", "before_food", "empty_stomach")
FORM_WORDS = {"tablet": "tablets", "capsule": "capsules", "patch": "patches", "liquid": "oral liquid", "cream": "cream",
              "ointment": "ointment", "inhaler": "inhaler", "drops": "drops", "injection": "injection", "other": ""}


@dataclass(frozen=True)
class Where:
    """Where a label came from: the file, its row (1 = first label) and source line."""

    path: str
    row: int
    line: int


@dataclass(frozen=True)
class Schedule:
    """A structured dose: amounts per part of the day, or as needed with a maximum.

    Built from the ``sched_*`` columns, or from free-text directions the reader
    understood (``reading.py``). Drawing it (a line per part of the day, or the
    easy-read grid of morning, midday, evening and bedtime) must show every field:

    - ``amounts``: regular doses at a named part of the day.
    - ``untimed``: regular doses the text gives no time for. Only "once a day"
      makes one today, as ``(1.0,)``: the label says "once a day" and a grid shows
      it apart from the four parts of the day, never in a slot the text did not name.
      A schedule has ``amounts`` or ``untimed``, never both.
    - ``advice``: sentences the reader kept from the text ("Swallow whole."), printed
      after the dose, in this wording.
    """

    amounts: tuple[tuple[str, float], ...]  # (period, amount) for amounts > 0, in day order
    unit: str  # "" when the text does not say (e.g. "1 tds")
    as_needed: bool = False
    as_needed_dose: float = 0
    as_needed_for: str = ""
    max_per_24h: float | None = None
    with_food: str = "none"
    duration_days: int | None = None
    untimed: tuple[float, ...] = ()
    advice: tuple[str, ...] = ()

    @property
    def times_a_day(self) -> int:
        return len(self.amounts) + len(self.untimed)

    @property
    def regular(self) -> tuple[tuple[str | None, float], ...]:
        """Every regular dose with its part of the day, or None for an untimed one."""
        return (*self.amounts, *((None, n) for n in self.untimed))


@dataclass(frozen=True)
class Warning:
    """One precaution: a BNF number (text from the pharmacy or our topic) or custom text."""

    text: str
    plain: str
    bnf: int | None = None
    from_pharmacy: bool = False
    icon: str = "warning"


@dataclass(frozen=True)
class Label:
    where: Where
    id: str
    jurisdiction: str
    patient: str
    medicine: str
    strength: str
    form: str
    description: str
    purpose: str
    directions_text: str
    schedule: Schedule | None
    warnings: tuple[Warning, ...]
    external_only: bool
    quantity: str
    dispensed: date
    child_warning: bool
    pharmacy: str
    address: tuple[str, ...]
    postcode: str
    phone: str
    rx_number: str = ""
    prescriber: str = ""
    palette: str = "black_on_white"
    qr_url: str = ""
    qr_caption: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def medicine_line(self) -> str:
        return " ".join(part for part in (self.medicine, self.strength, self.form_words) if part)

    @property
    def form_words(self) -> str:
        return FORM_WORDS.get(self.form, "")


@dataclass(frozen=True)
class RowFinding:
    """A problem with one label row: errors stop that label, warnings flag it."""

    where: Where
    label_id: str
    level: str  # "error" or "warning"
    field: str
    rule: str
    message: str

    def format(self) -> str:
        return f"{self.where.path}:{self.where.line}:1: {self.level} {self.rule}: row {self.where.row}, {self.field}: {self.message}"
