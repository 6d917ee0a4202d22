"""Per-product thresholds for verify, read from ``thresholds.yaml`` (data, not code)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..yamltext import load_trusted

FILE = Path(__file__).with_name("thresholds.yaml")
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Thresholds:
    product: str
    text_floor_pt: float
    picture_min_mm: float = 0.0
    picture_left: bool = False
    max_pages: int | None = None
    sentences: bool = False


@cache
def all_thresholds() -> dict[str, Thresholds]:
    data = load_trusted(FILE.read_text(encoding="utf-8"))["products"]  # our own file: libyaml's safe loader where there is one
    return {name: Thresholds(product=name, **values) for name, values in data.items()}


def thresholds_for(product: str | None) -> Thresholds:
    table = all_thresholds()
    return table.get(product or UNKNOWN, table[UNKNOWN])


def products() -> list[str]:
    return [name for name in all_thresholds() if name != UNKNOWN]
