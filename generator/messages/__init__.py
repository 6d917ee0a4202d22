"""Message catalogues: every fixed word a document prints, in each language we write.

A product's templates never hold words of their own ("Contents", "Page 4", the
alt text of the pictures they add): they ask a ``Messages`` for a key, and
``en.yaml`` / ``cy.yaml`` beside this file say it in English and in Welsh. One
YAML file per language keeps a catalogue easy to hand to a translator and easy to
test: every key is in every language, with the same ``{placeholders}``, and every
key is used (``tests/test_languages.py``).

Language tags follow BCP 47 (``cy``, ``cy-GB``, ``en-GB``); a tag's first part picks
the catalogue. This module imports nothing from the rest of the package, so every
stage may use it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

# The languages easyread can print its fixed words in, in the order docs list them.
LANGUAGES: tuple[str, ...] = ("en", "cy")
# Their names in English, for messages to authors (the tool itself speaks English).
NAMES: Mapping[str, str] = MappingProxyType({"en": "English", "cy": "Welsh"})
TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def base(tag: str) -> str:
    """The language of a tag without its region or script: 'cy-GB' -> 'cy'."""
    return tag.split("-", 1)[0].lower()


def tag_problem(tag: Any) -> str | None:
    """Why ``tag`` cannot be a document's language, or None when it can."""
    if not isinstance(tag, str) or not TAG.fullmatch(tag):
        return f"'{tag}' is not a language tag; write one such as 'en-GB' or 'cy'"
    if base(tag) not in LANGUAGES:
        known = " or ".join(f"{NAMES[code]} ({code})" for code in LANGUAGES)
        return f"easyread prints its own words ('Contents', 'Page 4') in {known}, not in '{base(tag)}'; use 'lang: en-GB' or 'lang: cy'"
    return None


@cache
def entries(code: str) -> Mapping[str, str]:
    """All messages of one language, as flat dotted keys ('booklet.contents')."""
    text = (Path(__file__).resolve().parent / f"{code}.yaml").read_text(encoding="utf-8")
    flat: dict[str, str] = {}
    _flatten(yaml.safe_load(text) or {}, "", flat)
    return MappingProxyType(flat)


def _flatten(node: Mapping[str, Any], prefix: str, out: dict[str, str]) -> None:
    for key, value in node.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            _flatten(value, name + ".", out)
        else:
            out[name] = str(value)


@dataclass(frozen=True)
class Messages:
    """The fixed words of one language. Call it with a key: ``t("booklet.page", page=4)``."""

    tag: str  # as the document wrote it ('cy', 'en-GB'): what goes in lang attributes

    @property
    def code(self) -> str:
        return base(self.tag)

    def __call__(self, key: str, **values: Any) -> str:
        text = entries(self.code)[key]
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in entries(self.code)

    def split(self, key: str, field: str) -> tuple[str, str]:
        """The words before and after one placeholder, for CSS: 'Tudalen ' counter(page) ''."""
        before, _, after = entries(self.code)[key].partition("{" + field + "}")
        return before, after


def messages(tag: str) -> Messages:
    """The messages for a language tag; the tag must name a language in ``LANGUAGES``."""
    if base(tag) not in LANGUAGES:
        raise KeyError(f"no message catalogue for '{tag}'")
    return Messages(tag)
