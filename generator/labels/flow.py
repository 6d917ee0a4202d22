"""Pack a medicine's measured blocks onto as many labels as it needs.

Text is never made smaller. A medicine that does not fit one label continues on
the next: every label repeats the header (medicine and patient, marked "1 of 2")
and ends with the mockup line; the last one also carries the legal footer. The
dose comes first and stays on one label when it can. A block too tall for any
label, or a medicine that would need more than ``MAX_PARTS`` labels, is an error
that names the field, so the pharmacist knows what to change.

Pure arithmetic on heights in millimetres: no layout engine here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MAX_PARTS = 6
EPSILON = 0.01  # mm; measured heights are summed exactly as the layout engine stacks them


@dataclass(frozen=True)
class Item:
    """A block to place: the field it shows, its height, and its keep-together group."""

    field: str
    height: float
    group: str = ""
    break_before: bool = False


@dataclass(frozen=True)
class Space:
    """The room on one label (mm): its text height, the headers, and the footers."""

    height: float
    head: float  # header of a label that needs no second part
    head_parts: float  # header with the "1 of 2" marker
    foot_each: float  # the footer of every label but the last: the mockup line
    foot_last: float  # the footer of the last label: the legal footer with the mockup line
    head_field: str = "medicine_name"
    foot_field: str = "pharmacy_name"


@dataclass(frozen=True)
class Unfit:
    """Why a medicine cannot be printed on this label size: the field and by how much."""

    field: str
    over_mm: float
    parts: int = 0  # set when the medicine needs more than MAX_PARTS labels


@dataclass(frozen=True)
class Packing:
    """The item indexes on each label, in order, and which label carries the legal footer."""

    parts: list[list[int]]
    legal: int  # index into parts


def pack(items: Sequence[Item], space: Space, max_parts: int = MAX_PARTS) -> Packing | Unfit:
    """The fewest labels, in reading order, or why it cannot be done.

    Blocks keep their order. Every label has room for the header and the mockup
    line; the legal footer (taller) goes at the bottom of the last label that has
    room left for it, or a label is added for it.
    """
    total = sum(item.height for item in items)
    forced = any(item.break_before for item in items)
    if not forced and space.head + total + space.foot_last <= space.height + EPSILON:
        return Packing([list(range(len(items)))], 0)
    room = space.height - space.head_parts - space.foot_each
    extra = space.foot_last - space.foot_each  # what the legal footer adds
    if room <= EPSILON:
        return Unfit(space.head_field, round(-room, 1))
    if room - extra < -EPSILON:
        return Unfit(space.foot_field, round(extra - room, 1))
    for item in items:
        if item.height > room + EPSILON:
            return Unfit(item.field, round(item.height - room, 1))
    parts: list[list[int]] = [[]]
    used = 0.0
    for unit in _units(items, room):
        height = sum(items[i].height for i in unit)
        if parts[-1] and (items[unit[0]].break_before or used + height > room + EPSILON):
            parts.append([])
            used = 0.0
        parts[-1].extend(unit)
        used += height
    free = [room - sum(items[i].height for i in part) for part in parts]
    legal = next((i for i in reversed(range(len(parts))) if free[i] >= extra - EPSILON), None)
    if legal is None:  # no label has room: the last blocks move on to a new label with the footer
        moved: list[int] = []
        while len(parts[-1]) > 1 and sum(items[i].height for i in [parts[-1][-1], *moved]) <= room - extra + EPSILON:
            moved.insert(0, parts[-1].pop())
        parts.append(moved)
        legal = len(parts) - 1
    if len(parts) > max_parts:
        return Unfit("", 0.0, len(parts))
    return Packing(parts, legal)


def _units(items: Sequence[Item], room: float) -> list[list[int]]:
    """Blocks of one group travel together when they fit one label; otherwise one by one."""
    units: list[list[int]] = []
    for index, item in enumerate(items):
        if units and item.group and items[units[-1][-1]].group == item.group and not item.break_before:
            units[-1].append(index)
        else:
            units.append([index])
    out: list[list[int]] = []
    for unit in units:
        if sum(items[i].height for i in unit) > room + EPSILON:
            out.extend([i] for i in unit)
        else:
            out.append(unit)
    return out
