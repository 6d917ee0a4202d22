"""Product presets (poster, booklet) read from ``presets.yaml``.

A preset is data: the template to use, the checker profile, the paper sizes and the
front-matter fields with their types. Adding a product means adding an entry, not a
class. Asking for an unknown preset is a usage error that lists the known ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from . import yamltext
from .errors import ConfigError, Problem, SourceError

_TYPES: dict[str, type | tuple[type, ...]] = {
    "str": (str, int, float, date),
    "int": int,
    "bool": bool,
    "map": dict,
    "list": list,
    "lang": (str, list),  # one language tag, or a list of two for a bilingual booklet
}


@dataclass(frozen=True)
class FieldSpec:
    """What one front-matter field accepts."""

    name: str
    type: str
    required: bool = False
    choices: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""

    def problem_with(self, value: Any) -> str | None:
        """Why ``value`` is wrong for this field, or None when it is fine."""
        expected = _TYPES[self.type]
        if isinstance(value, bool) and self.type == "int":
            return "expected a whole number"
        if not isinstance(value, expected):
            return f"expected {self.type}, got {type(value).__name__}" + (f" ({self.help})" if self.help else "")
        if self.choices and str(value) not in self.choices:
            return f"'{value}' is not one of: {', '.join(self.choices)}"
        if self.keys and isinstance(value, dict):
            unknown = [k for k in value if k not in self.keys]
            if unknown:
                return f"unknown key '{unknown[0]}'; use: {', '.join(self.keys)}"
        if self.minimum is not None and isinstance(value, int) and value < self.minimum:
            return f"{value} is below the floor of {self.minimum:g}; text is never made smaller than that"
        if self.maximum is not None and isinstance(value, int) and value > self.maximum:
            return f"{value} is above the most allowed, {self.maximum:g}"
        return None


@dataclass(frozen=True)
class Preset:
    """One product: template, profile, papers (mm), type scale (pt), fields and layout numbers (mm)."""

    name: str
    template: str
    profile: str
    papers: Mapping[str, tuple[float, float]]
    default_paper: str
    type_scale: Mapping[str, float]
    fields: Mapping[str, FieldSpec]
    min_body_pt: float = 0
    layout: Mapping[str, Any] = field(default_factory=dict)
    # The most pages one file may take (a poster: 1, checked with its own overflow
    # messages); 0 for no limit (booklets flow onto as many pages as they need).
    max_pages: int = 0


@cache
def presets() -> dict[str, Preset]:
    folder = Path(__file__).resolve().parent
    raw = yamltext.load_shipped({"presets.yaml": (folder / "presets.yaml").read_text(encoding="utf-8")}, folder / "__pycache__" / "presets.json")["presets.yaml"]
    out: dict[str, Preset] = {}
    for name, entry in raw.items():
        fields = {
            key: FieldSpec(
                name=key,
                type=spec["type"],
                required=bool(spec.get("required", False)),
                choices=tuple(spec.get("choices", ())),
                keys=tuple(spec.get("keys", ())),
                minimum=spec.get("min"),
                maximum=spec.get("max"),
                help=spec.get("help", ""),
            )
            for key, spec in entry["fields"].items()
        }
        out[name] = Preset(
            name=name,
            template=entry["template"],
            profile=entry["profile"],
            papers={k: (float(v[0]), float(v[1])) for k, v in entry["papers"].items()},
            default_paper=entry["default_paper"],
            type_scale=dict(entry["type_scale"]),
            fields=fields,
            min_body_pt=float(entry.get("min_body_pt", 0)),
            layout=dict(entry.get("layout", {})),
            max_pages=int(entry.get("max_pages", 0)),
        )
    return out


def preset_for(kind: str, path: str = "easyread", line: int = 1) -> Preset:
    """The preset called ``kind``; an unknown name is an error listing the known ones."""
    known = presets()
    if kind not in known:
        raise SourceError(
            Problem(path, line, 1, "front-matter", f"unknown kind '{kind}'; use one of: {', '.join(sorted(known))}")
        )
    return known[kind]


def get_preset(kind: str) -> Preset:
    """Like ``preset_for`` but for callers outside a content file (usage error)."""
    try:
        return preset_for(kind)
    except SourceError as exc:
        raise ConfigError(exc.problems) from None
