"""Label stock and A4 sheet layouts, read from ``stocks.yaml`` (data, not code).

A *layout* is what the renderer needs: the page size, and where each label cell
sits on a page in millimetres. A single label stock is a page holding one cell;
an A4 sheet is a page holding a grid of cells. ``--start N`` skips the used cells
of a part-used first sheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import PurePath
from typing import Any

from .. import yamltext
from ..errors import ConfigError, Problem
from .stockcheck import At, entry, number, padding, pair, section

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
    project: frozenset[str] = frozenset()  # names of stocks and sheets from the project's settings
    project_path: str = ""  # the settings file they came from


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


BUNDLED = "generator/labels/stocks.yaml"
STOCK_KEYS = ("width", "height", "padding", "note")
SHEET_KEYS = ("label", "grid", "margin", "pitch", "padding", "note")
WIDTHS, HEIGHTS = (20.0, 300.0), (15.0, 300.0)  # what a label printer or an A4 sheet can take (mm)


def _problem(message: str) -> ConfigError:
    return ConfigError(Problem(BUNDLED, 1, 1, "label-stock", message))


def _stock(name: str, spec: Any, at: At) -> Stock:
    key = f"stocks.{name}"
    spec = entry(name, spec, STOCK_KEYS, ("width", "height"), key, at)
    width = number(spec["width"], f"{key}.width", at, *WIDTHS)
    height = number(spec["height"], f"{key}.height", at, *HEIGHTS)
    return Stock(name, width, height, padding(spec, width, height, key, at, CUSTOM_PADDING), spec.get("note", ""))


def _sheet(name: str, spec: Any, at: At) -> Layout:
    key = f"sheets.{name}"
    spec = entry(name, spec, SHEET_KEYS, ("label", "grid", "margin", "pitch"), key, at)
    width, height = pair(spec["label"], f"{key}.label", at, 10, max(A4), "the label's width and height in mm, like [99.1, 67.7]")
    across, down = pair(spec["grid"], f"{key}.grid", at, 1, 40, "labels across and down, like [2, 4]", "")
    if across % 1 or down % 1:
        raise at.error(f"{key}.grid", f"{across:g} x {down:g}: count whole labels across and down, like [2, 4]")
    left, top = pair(spec["margin"], f"{key}.margin", at, 0, max(A4), "the first label's distance from the sheet's left and top edges in mm, like [4.65, 13.1]")
    pitch_x, pitch_y = pair(spec["pitch"], f"{key}.pitch", at, 1, max(A4), "from one label's start to the next, across and down in mm, like [101.6, 67.7]")
    stock = Stock(name, width, height, padding(spec, width, height, key, at, CUSTOM_PADDING), spec.get("note", ""))
    cells = tuple(Cell(left + col * pitch_x, top + row * pitch_y) for row in range(int(down)) for col in range(int(across)))
    right, bottom = left + (across - 1) * pitch_x + width, top + (down - 1) * pitch_y + height
    if right > A4[0] + 0.01 or bottom > A4[1] + 0.01:
        raise at.error(key, f"the labels do not fit on A4: the last one ends {right:g} mm across and {bottom:g} mm down (A4 is {A4[0]:g} x {A4[1]:g} mm); check its margin, pitch and grid")
    if (across > 1 and pitch_x < width - 0.01) or (down > 1 and pitch_y < height - 0.01):
        raise at.error(key, f"the labels overlap: a pitch of {pitch_x:g} x {pitch_y:g} mm is smaller than the {width:g} x {height:g} mm label; check its pitch")
    return Layout(name, stock, A4[0], A4[1], cells, spec.get("note", ""))


def read_stocks(data: dict[str, Any], at: At, taken: Catalogue | None = None) -> tuple[dict[str, Stock], dict[str, Layout], dict[str, str]]:
    """The ``stocks:``, ``sheets:`` and ``aliases:`` of the bundled file or a project's settings, checked.

    One reader for both, so a project's stock is held to the same rules as ours; a
    project's names must not hide one of ours (``taken``), or a label could come out
    on a stock other than the one the pharmacist named.
    """
    stocks = {name: _stock(name, spec, at) for name, spec in section(data, "stocks", at).items()}
    sheets = {name: _sheet(name, spec, at) for name, spec in section(data, "sheets", at).items()}
    aliases = section(data, "aliases", at)
    known = {**(taken.stocks if taken else {}), **stocks}
    for alias, target in aliases.items():
        if not isinstance(alias, str) or not isinstance(target, str) or target not in known:
            raise at.error(f"aliases.{alias}", f"'{target}' is not a stock; an alias names one of: {', '.join(known)}")
    ours = {n.lower(): "a stock easyread has" for n in (*taken.stocks, *taken.aliases)} | {n.lower(): "a sheet easyread has" for n in taken.sheets} if taken else {}
    used: dict[str, str] = {}
    for part, names in (("stocks", stocks), ("sheets", sheets), ("aliases", aliases)):
        for name in names:
            clash = ours.get(str(name).lower()) or used.get(name)
            if clash:
                raise at.error(f"{part}.{name}", f"'{name}' is already {clash}; give yours another name")
            used[name] = f"a name in {part}"
    return stocks, sheets, {str(k): str(v) for k, v in aliases.items()}


@cache
def catalogue() -> Catalogue:
    """The bundled stocks, sheets, palettes and type sizes (``stocks.yaml``)."""
    text = resources.files("generator.labels").joinpath("stocks.yaml").read_text(encoding="utf-8")
    data, node = yamltext.load_with_nodes(text)
    stocks, sheets, aliases = read_stocks(data, At(BUNDLED, yamltext.key_lines(node)))
    palettes = {name: str(colour) for name, colour in data["palettes"].items()}
    for name, colour in palettes.items():
        if contrast_with_black(colour) < MIN_CONTRAST:
            raise _problem(f"palette {name}: black on {colour} has contrast {contrast_with_black(colour):.1f}:1, below {MIN_CONTRAST:g}:1")
    return Catalogue(stocks, sheets, aliases, dict(data["defaults"]), palettes, _type_sizes(data["type_pt"]))


def with_project(raw: dict[str, Any], path: str, lines: dict[str, int], line: int = 1) -> Catalogue:
    """The bundled catalogue plus the ``stocks:``, ``sheets:`` and ``aliases:`` of a project's ``labels:`` settings."""
    known = catalogue()
    if not any(raw.get(key) for key in ("stocks", "sheets", "aliases")):
        return known
    stocks, sheets, aliases = read_stocks(raw, At(path, lines, "labels.", line), known)
    return replace(known, stocks={**known.stocks, **stocks}, sheets={**known.sheets, **sheets}, aliases={**known.aliases, **aliases},
                   project=frozenset((*stocks, *sheets)), project_path=path)


def single(stock: Stock) -> Layout:
    return Layout(stock.name, stock, stock.width, stock.height, (Cell(0, 0),), stock.note)


def find_stock(name: str, known: Catalogue | None = None) -> Stock:
    """A named stock, an alias, or a custom ``WIDTHxHEIGHT`` size in mm (``known``: a project's catalogue)."""
    known = known or catalogue()
    key = known.aliases.get(name, name)
    if key in known.stocks:
        return known.stocks[key]
    if key in known.sheets:
        raise ConfigError(Problem("--stock", 0, 0, "usage", f"{name} is a sheet layout; use --sheet {name}"))
    match = CUSTOM.match(name)
    if match:
        width, height = float(match.group(1)), float(match.group(2))
        if not (WIDTHS[0] <= width <= WIDTHS[1] and HEIGHTS[0] <= height <= HEIGHTS[1]):
            raise ConfigError(Problem("--stock", 0, 0, "usage", f"a custom label must be {WIDTHS[0]:g}-{WIDTHS[1]:g} mm wide and {HEIGHTS[0]:g}-{HEIGHTS[1]:g} mm high, not {width:g} x {height:g}"))
        return Stock(f"custom-{width:g}x{height:g}", width, height, CUSTOM_PADDING, "custom size")
    raise ConfigError(Problem("--stock", 0, 0, "usage", f"unknown stock '{name}'; use one of {', '.join(known.stocks)} or a size such as 90x50 (mm); see easyread labels --stocks"))


def find_layout(mode: str, stock: str | None = None, sheet: str | None = None, known: Catalogue | None = None) -> Layout:
    """The layout for a run: a sheet if ``--sheet`` is given, else a single stock."""
    known = known or catalogue()
    if sheet is not None:
        found = {k.lower(): v for k, v in known.sheets.items()}.get(sheet.lower())
        if found is None:
            raise ConfigError(Problem("--sheet", 0, 0, "usage", f"unknown sheet layout '{sheet}'; use one of {', '.join(known.sheets)}"))
        if stock is not None:
            raise ConfigError(Problem("--stock", 0, 0, "usage", f"give --stock or --sheet, not both: sheet {found.name} already sets the label size ({found.stock.size})"))
        return found
    return single(find_stock(stock or known.defaults[mode], known))


def listing(known: Catalogue | None = None) -> list[str]:
    """Lines for ``easyread labels --stocks``; a project's own are marked with where they come from."""
    known = known or catalogue()

    def mark(name: str) -> str:
        return f" [this project's, from {PurePath(known.project_path).name}]" if name in known.project else ""

    lines = ["Single labels (--stock NAME, or a custom size such as --stock 90x50):"]
    for stock in known.stocks.values():
        aliases = [a for a, t in known.aliases.items() if t == stock.name]
        shown = stock.name + (f" ({', '.join(aliases)})" if aliases else "")
        lines.append(f"  {shown:<42} {stock.size:<22} {stock.note}{mark(stock.name)}")
    lines.append("A4 sheet layouts (--sheet NAME, with --start N for a part-used sheet):")
    for sheet in known.sheets.values():
        lines.append(f"  {sheet.name:<42} {sheet.stock.size:<22} {sheet.note}{mark(sheet.name)}")
    lines.append("Defaults: " + ", ".join(f"{mode} -> {name}" for mode, name in known.defaults.items()))
    return lines
