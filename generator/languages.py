"""A document's languages: the ``lang`` field, and the second file of a bilingual booklet.

``lang: cy`` prints the booklet's fixed words in Welsh and tags it Welsh.
``lang: [cy, en]`` makes a bilingual booklet, first language first (Welsh public
bodies put Welsh first): the file's own words are in the first language, and
``translation:`` names the booklet file that holds the same booklet in the second.
Each file is a whole booklet that also builds on its own. This module only judges
front matter; ``load.load_translation`` reads the second file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from .messages import NAMES, base, tag_problem

__all__ = ["NAMES", "base", "lang_problem", "second_language", "translation_problem"]

# Two 16pt columns beside a picture need A4: on A5 each would be about 45 mm wide.
BILINGUAL_PAPERS = ("A4",)


def lang_problem(meta: Mapping[str, Any], kind: str) -> str | None:
    """What is wrong with the ``lang`` field of this front matter, or None."""
    value = meta["lang"]
    if not isinstance(value, list):
        return tag_problem(value)
    if kind != "booklet":
        return f"a {kind} is in one language; make one {kind} per language ('lang: cy' and 'lang: en-GB')"
    if len(value) != 2:
        return "a bilingual booklet has two languages, the first printed first: 'lang: [cy, en]'"
    for tag in value:
        problem = tag_problem(tag)
        if problem:
            return problem
    first, second = (base(str(tag)) for tag in value)
    if first == second:
        return f"both languages are {NAMES[first]}; a bilingual booklet has two different ones, like 'lang: [cy, en]'"
    if "translation" not in meta:
        return (f"a bilingual booklet needs its {NAMES[second]} words from a second booklet file: "
                f"add 'translation: NAME.md' (this file holds the {NAMES[first]} words)")
    size = str(meta.get("size", BILINGUAL_PAPERS[0]))
    if size not in BILINGUAL_PAPERS:
        return (f"a bilingual booklet is printed on {' or '.join(BILINGUAL_PAPERS)}: on {size} its two columns would be "
                "about 45 mm wide, 3 words a line at 16pt; use 'size: A4'")
    return None


def translation_problem(meta: Mapping[str, Any]) -> str | None:
    """What is wrong with the ``translation`` field, before the file is read."""
    if not isinstance(meta.get("lang"), list):
        return "'translation' is for a bilingual booklet: add 'lang: [cy, en]' too (this file's own language first)"
    name = str(meta["translation"]).strip()
    path = PurePosixPath(name.replace("\\", "/"))
    if path.suffix.lower() != ".md":
        return f"'{name}' is not a Markdown booklet file; name the .md file with the second language's words"
    if path.is_absolute():
        return f"'{name}' is an absolute path; name the file relative to this one, like 'my-booklet.en.md'"
    return None


def second_language(meta: Mapping[str, Any]) -> str:
    """The tag of the language a translation file must be written in."""
    return str(meta["lang"][1])
