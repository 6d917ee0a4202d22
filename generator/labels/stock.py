"""Label stock and A4 sheet layouts, read from ``stocks.yaml`` (data, not code).

A *layout* is what the renderer needs: the page size, and where each label cell
sits on a page in millimetres. A single label stock is a page holding one cell;
an A4 sheet is a page holding a grid of cells. ``--start N`` skips the used cells
of a part-used first sheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .. import yamltext
from ..errors import ConfigError, Problem

A4 = (210.0, 297.0)
CUSTOM = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*$", re.IGNORECASE)
CUSTOM_PADDING = 2.5


@dataclass(frozen=True)
class Stock:
    """One label: its size and the blank edge kept clear of text (mm)."""

    name: str
    width: float
    height: float
    padding: float
    note: str = ""

    @property
    def size(self) -> str:
        return f"{self.width:g} x {self.height:g} mm"

    @property
    def content_width(self) -> float:
        """The width text may use: the label less its blank edge on both sides (mm)."""
        return round(self.width - 2 * self.padding, 3)

    @property
    def content_height(self) -> float:
        return round(self.height - 2 * self.padding, 3)


@dataclass(frozen=True)
class Cell:
    """Where one label goes on the page (mm from the top-left corner)."""

    left: float
    top: float


@dataclass(frozen=True)
class Layout:
    """A page of label cells: a single label, or an A4 sheet of them."""

    name: str
    stock: Stock
    page_width: float
    page_height: float
    cells: tuple[Cell, ...]
    note: str = ""

    @property
    def per_page(self) -> int:
        return len(self.cells)

    @property
    def is_sheet(self) -> bool:
        return self.per_page > 1 or (self.page_width, self.page_height) != (self.stock.width, self.stock.height)

    def slot(self, cell: int) -> tuple[int, int]:
        """(page, slot) of the ``cell``-th label of a run, both from 1; slots count
        left to right, top to bottom, as ``--start`` does."""
        return cell // self.per_page + 1, cell % self.per_page + 1


@dataclass(frozen=True)
class Catalogue:
    stocks: dict[str, Stock]
    sheets: dict[str, Layout]
    aliases: dict[str, str]
    defaults: dict[str, str]
    palettes: dict[str, str]
    type_pt: TypeSizes


@dataclass(frozen=True)
class TypeSizes:
    """Label type sizes in points (stocks.yaml ``type_pt``): per mode, and the legal footer."""

    modes: dict[str, dict[str, float]]
    footer: float

    def floor(self, mode: str) -> float:
        """The smallest text a label of ``mode`` may print, the footer aside: its body size."""
        return self.modes[mode]["body"]

    def css(self) -> str:
        """The sizes as CSS variables on each mode's label, for labels.css to use."""
        rules = [f":root {{ --label-footer: {self.footer:g}pt; }}"]
        for mode, sizes in self.modes.items():
            names = " ".join(f"--label-{name}: {size:g}pt;" for name, size in sizes.items())
            rules.append(f".mode-{mode} {{ {names} }}")
        return "\n".join(rules) + "\n"


def _type_sizes(data: dict[str, Any]) -> TypeSizes:
    modes = {str(mode): {str(k): float(v) for k, v in sizes.items()} for mode, sizes in data["modes"].items()}
    for mode, sizes in modes.items():
        if "body" not in sizes:
            raise _problem(f"type_pt: mode {mode} has no body size")
        if mode != "standard" and min(sizes.values()) < 16:
            raise _problem(f"type_pt: {mode} text of {min(sizes.values()):g}pt; large print and easy read never go below 16pt")
    return TypeSizes(modes, float(data["footer"]))


MIN_CONTRAST = 7.0


def contrast_with_black(colour: str) -> float:
    """WCAG contrast ratio of black text on this background (#rrggbb)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return (luminance + 0.05) / 0.05


def _problem(message: str) -> ConfigError:
    return ConfigError(Problem("generator/labels/stocks.yaml", 1, 1, "label-stock", message))


def _sheet(name: str, spec: dict[str, Any]) -> Layout:
    (width, height), (across, down) = spec["label"], spec["grid"]
    (left, top), (pitch_x, pitch_y) = spec["margin"], spec["pitch"]
    stock = Stock(name, float(width), float(height), float(spec.get("padding", CUSTOM_PADDING)), spec.get("note", ""))
    cells = tuple(Cell(left + col * pitch_x, top + row * pitch_y) for row in range(down) for col in range(across))
    right = left + (across - 1) * pitch_x + width
    bottom = top + (down - 1) * pitch_y + height
    if right > A4[0] + 0.01 or bottom > A4[1] + 0.01 or (across > 1 and pitch_x < width) or (down > 1 and pitch_y < height - 0.01):
        raise _problem(f"sheet {name}: the labels do not fit on A4 or overlap; check its margin and pitch")
    return Layout(name, stock, A4[0], A4[1], cells, spec.get("note", ""))


@cache
def catalogue() -> Catalogue:
    data = yamltext.load(resources.files("generator.labels").joinpath("stocks.yaml").read_text(encoding="utf-8"))
    stocks = {
        name: Stock(name, float(s["width"]), float(s["height"]), float(s.get("padding", CUSTOM_PADDING)), s.get("note", ""))
        for name, s in data["stocks"].items()
    }
    sheets = {name: _sheet(name, spec) for name, spec in data["sheets"].items()}
    for alias, target in data.get("aliases", {}).items():
        if target not in stocks:
            raise _problem(f"alias {alias} names unknown stock {target}")
    palettes = {name: str(colour) for name, colour in data["palettes"].items()}
    for name, colour in palettes.items():
        if contrast_with_black(colour) < MIN_CONTRAST:
            raise _problem(f"palette {name}: black on {colour} has contrast {contrast_with_black(colour):.1f}:1, below {MIN_CONTRAST:g}:1")
    return Catalogue(stocks, sheets, dict(data.get("aliases", {})), dict(data["defaults"]), palettes, _type_sizes(data["type_pt"]))


def single(stock: Stock) -> Layout:
    return Layout(stock.name, stock, stock.width, stock.height, (Cell(0, 0),), stock.note)


def find_stock(name: str) -> Stock:
    """A named stock, an alias, or a custom ``WIDTHxHEIGHT`` size in mm."""
    known = catalogue()
    key = known.aliases.get(name, name)
    if key in known.stocks:
        return known.stocks[key]
    if key in known.sheets:
        raise ConfigError(Problem("--stock", 0, 0, "usage", f"{name} is a sheet layout; use --sheet {name}"))
    match = CUSTOM.match(name)
    if match:
        width, height = float(match.group(1)), float(match.group(2))
        if not (20 <= width <= 300 and 15 <= height <= 300):
            raise ConfigError(Problem("--stock", 0, 0, "usage", f"a custom label must be 20-300 mm wide and 15-300 mm high, not {width:g} x {height:g}"))
        return Stock(f"custom-{width:g}x{height:g}", width, height, CUSTOM_PADDING, "custom size")
    raise ConfigError(Problem("--stock", 0, 0, "usage", f"unknown stock '{name}'; use one of {', '.join(known.stocks)} or a size such as 90x50 (mm); see easyread labels --stocks"))


def find_layout(mode: str, stock: str | None = None, sheet: str | None = None) -> Layout:
    """The layout for a run: a sheet if ``--sheet`` is given, else a single stock."""
    known = catalogue()
    if sheet is not None:
        found = {k.lower(): v for k, v in known.sheets.items()}.get(sheet.lower())
        if found is None:
            raise ConfigError(Problem("--sheet", 0, 0, "usage", f"unknown sheet layout '{sheet}'; use one of {', '.join(known.sheets)}"))
        if stock is not None:
            raise ConfigError(Problem("--stock", 0, 0, "usage", f"give --stock or --sheet, not both: sheet {found.name} already sets the label size ({found.stock.size})"))
        return found
    return single(find_stock(stock or known.defaults[mode]))


def listing() -> list[str]:
    """Lines for ``easyread labels --stocks``."""
    known = catalogue()
    lines = ["Single labels (--stock NAME, or a custom size such as --stock 90x50):"]
    for stock in known.stocks.values():
        aliases = [a for a, t in known.aliases.items() if t == stock.name]
        shown = stock.name + (f" ({', '.join(aliases)})" if aliases else "")
        lines.append(f"  {shown:<42} {stock.size:<22} {stock.note}")
    lines.append("A4 sheet layouts (--sheet NAME, with --start N for a part-used sheet):")
    for sheet in known.sheets.values():
        lines.append(f"  {sheet.name:<42} {sheet.stock.size:<22} {sheet.note}")
    lines.append("Defaults: " + ", ".join(f"{mode} -> {name}" for mode, name in known.defaults.items()))
    return lines
