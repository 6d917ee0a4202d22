"""The ``pictures:`` section of ``easyread.yaml``: which picture licences a project accepts.

    pictures:
      licences: [MIT, CC0-1.0]   # default: every licence in the library

A picture from a set under any other licence is an error (rule ``picture-licence``),
so an organisation that cannot meet CC BY-SA's share-alike terms never prints one by
accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError, Problem
from .catalogue import Catalogue

KEYS = {"licences"}


@dataclass(frozen=True)
class PictureSettings:
    licences: frozenset[str] | None = None  # None: every bundled licence


def picture_settings(raw: Any, catalogue: Catalogue, path: str = "easyread.yaml", line: int = 1, licences_line: int | None = None) -> PictureSettings:
    """Check the ``pictures:`` section; ``line`` is where it starts, ``licences_line`` where its list is."""
    if raw is None:
        return PictureSettings()
    if not isinstance(raw, dict):
        raise ConfigError(Problem(path, line, 1, "config", "'pictures' must be 'key: value' lines, like pictures: {licences: [MIT, CC0-1.0]}"))
    for key in raw:
        if key not in KEYS:
            raise ConfigError(Problem(path, line, 1, "config", f"unknown pictures setting '{key}'; use: {', '.join(sorted(KEYS))}"))
    if "licences" not in raw:
        return PictureSettings()
    licences = raw["licences"]
    known = sorted(catalogue.licences)
    line = licences_line or line
    if not isinstance(licences, list) or not licences:
        raise ConfigError(Problem(path, line, 1, "config", f"pictures.licences must be a list of licences, like [{', '.join(known)}]"))
    for licence in licences:
        if str(licence) not in catalogue.licences:
            raise ConfigError(Problem(path, line, 1, "config", f"pictures.licences: unknown licence '{licence}'; the library's licences are {', '.join(known)}"))
    return PictureSettings(frozenset(str(licence) for licence in licences))
