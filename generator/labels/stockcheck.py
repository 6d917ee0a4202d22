"""Checking stock data, for ``stock.read_stocks``: one value at a time, named at its line.

The bundled ``stocks.yaml`` and a project's ``labels:`` settings go through the same
checks; ``At`` knows which file a value came from and how to name it
(``labels.stocks.dispensing-80x50.width``).
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from ..errors import ConfigError, Problem

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")  # a stock's name goes into file names


class At:
    """Where stock data came from, to name the file and line of a mistake (``labels.stocks.x.width``)."""

    def __init__(self, path: str, lines: dict[str, int], prefix: str = "", line: int = 1) -> None:
        self.path, self.lines, self.prefix, self.line = path, lines, prefix, line

    def error(self, key: str, message: str) -> ConfigError:
        dotted = self.prefix + key
        while dotted and dotted not in self.lines:
            dotted = dotted.rpartition(".")[0]
        return ConfigError(Problem(self.path, self.lines.get(dotted, self.line), 1, "label-stock", f"{self.prefix}{key}: {message}"))


def section(data: dict[str, Any], key: str, at: At) -> dict[Any, Any]:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise at.error(key, "must be names, each with its values, one to a line")
    return value


def entry(name: Any, spec: Any, allowed: tuple[str, ...], needed: tuple[str, ...], key: str, at: At) -> dict[str, Any]:
    if not isinstance(name, str) or not NAME.match(name):
        raise at.error(key, "a name is letters, digits, '.', '-' and '_' (it goes into file names), like dispensing-80x50")
    if not isinstance(spec, dict):
        raise at.error(key, f"give its values in braces, like {{{', '.join(f'{k}: ...' for k in needed)}}}")
    for field_ in spec:
        if field_ not in allowed:
            close = difflib.get_close_matches(str(field_), allowed, n=1)
            raise at.error(f"{key}.{field_}", f"unknown value '{field_}'; " + (f"did you mean '{close[0]}'?" if close else f"use: {', '.join(allowed)}"))
    for field_ in needed:
        if field_ not in spec:
            raise at.error(key, f"'{field_}' is missing; a {'sheet' if 'grid' in needed else 'stock'} needs {', '.join(needed)}")
    if not isinstance(spec.get("note", ""), str):
        raise at.error(f"{key}.note", "the note must be text, in quotes")
    return spec


def number(value: Any, key: str, at: At, low: float, high: float, unit: str = " mm") -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise at.error(key, f"'{value}' must be a number{unit and ' (' + unit.strip() + ')'} without quotes, from {low:g} to {high:g}")
    if not low <= value <= high:
        raise at.error(key, f"{value:g}{unit} is outside {low:g} to {high:g}{unit}" + ("; it cannot be negative" if value < 0 else ""))
    return float(value)


def pair(value: Any, key: str, at: At, low: float, high: float, what: str, unit: str = " mm") -> tuple[float, float]:
    if not isinstance(value, list) or len(value) != 2:
        raise at.error(key, f"give two numbers in brackets: {what}")
    return number(value[0], key, at, low, high, unit), number(value[1], key, at, low, high, unit)


def padding(spec: dict[str, Any], width: float, height: float, key: str, at: At, default: float) -> float:
    """The blank edge inside a label: never negative, and leaving at least 10 mm for text."""
    padding = number(spec.get("padding", default), f"{key}.padding", at, 0, 100)
    if min(width, height) - 2 * padding < 10:
        raise at.error(f"{key}.padding", f"{padding:g} mm on each side leaves less than 10 mm of a {width:g} x {height:g} mm label for text; make it smaller")
    return padding
