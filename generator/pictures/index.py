"""The compact index of the picture library: ``icons/index.json``.

``icons/catalogue.yaml`` is what people edit: one line per picture. Parsing 1,500
lines of YAML and working out word forms on every build would cost far more than the
build's own checking, so this module turns the catalogue (and ``synonyms.yaml``)
into one JSON file: every picture with its words already reduced to base forms and
weighted, every form of every known word ("buses" -> "bus"), and the synonym
groups. The index records a hash of its sources; if someone edits the catalogue and
forgets to rebuild it, the library notices and builds it in memory instead (slower,
never wrong), and a test fails until the index is refreshed:

    python -m generator.pictures.index          # rebuild icons/index.json
    python -m generator.pictures.index --check  # exit 1 if it is stale
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .. import yamltext
from ..errors import ConfigError, Problem
from ..project import ICONS
from .words import STOPWORDS, tokens

VERSION = 4
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
REQUIRED = ("name", "file", "alt", "tags", "set", "original", "author", "licence")
OPTIONAL = ("topic", "changed", "aliases")
COLUMNS = (*REQUIRED, *OPTIONAL, "words")
# How much each field says about what a picture shows.
WEIGHTS = {"name": 3.0, "tags": 2.0, "alt": 1.0, "topic": 0.5}
FORM_WEIGHT = 0.8


def _sha256(data: bytes) -> Any:
    """SHA-256 from Python's own small module when it has one: hashlib loads OpenSSL,
    which cost a cold ``easyread check`` more than the whole check of a poster's words."""
    try:
        from _sha256 import sha256  # type: ignore[import-not-found]  # Python 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found]  # Python 3.12 and later
        except ImportError:
            from hashlib import sha256
    return sha256(data)


def sources_hash(folder: Path = ICONS) -> str:
    digest = _sha256(f"easyread picture index {VERSION}\n".encode())
    for name in ("catalogue.yaml", "synonyms.yaml"):
        digest.update((folder / name).read_bytes())
    return str(digest.hexdigest())


def load_index(folder: Path = ICONS) -> dict[str, Any]:
    """The index data: from ``index.json`` when it matches its sources, else built now."""
    path = folder / "index.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if isinstance(data, dict) and data.get("sources") == sources_hash(folder):
        return data
    return build_index(folder)


def build_index(folder: Path = ICONS) -> dict[str, Any]:
    """Read and check the catalogue and synonyms; reduce every word to its base forms."""
    shown = str(folder / "catalogue.yaml")
    data, lines = _read_catalogue(folder / "catalogue.yaml")
    sets = data.get("sets") or {}
    licences = data.get("licences") or {}
    pictures: list[dict[str, Any]] = []
    taken: dict[str, int] = {}
    for position, entry in enumerate(data.get("pictures") or []):
        line = lines[position] if position < len(lines) else 1
        pictures.append(_checked(entry, line, shown, sets, licences, taken))
    synonyms = _read_synonyms(folder / "synonyms.yaml")
    lemmas = _lemmatiser()
    words = [_weighted_words(picture, lemmas) for picture in pictures]
    known = {w for found in words for w in found} | {w for group in synonyms for w in group}
    # Rows, not mappings, and each picture's words as one string: the index is read on
    # every build, and this halves the time to parse it.
    rows = [[p.get(column, "" if column not in ("tags", "aliases") else []) for column in COLUMNS[:-1]] for p in pictures]
    for row, found in zip(rows, words):
        row.append(" ".join(f"{word}:{weight:g}" for word, weight in found.items()))
    return {
        "version": VERSION,
        "sources": sources_hash(folder),
        "sets": sets,
        "licences": licences,
        "columns": list(COLUMNS),
        "pictures": rows,
        "forms": _forms(known),
        "synonyms": _synonym_map(synonyms, lemmas),
    }


def write_index(folder: Path = ICONS) -> Path:
    path = folder / "index.json"
    text = json.dumps(build_index(folder), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _read_catalogue(path: Path) -> tuple[dict[str, Any], list[int]]:
    """The catalogue and the line of each picture entry (for messages)."""
    try:
        data, node = yamltext.load_with_nodes(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(Problem(str(path), mark.line + 1 if mark else 1, 1, "catalogue", f"cannot read the picture catalogue: {exc}")) from None
    if not isinstance(data, dict) or not isinstance(data.get("pictures"), list):
        raise ConfigError(Problem(str(path), 1, 1, "catalogue", "the picture catalogue needs 'sets', 'licences' and a 'pictures' list"))
    lines: list[int] = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "pictures" and isinstance(value, yaml.SequenceNode):
                lines = [item.start_mark.line + 1 for item in value.value]
    return data, lines


def _checked(entry: Any, line: int, shown: str, sets: dict[str, Any], licences: dict[str, Any], taken: dict[str, int]) -> dict[str, Any]:
    def fail(field: str, message: str) -> ConfigError:
        return ConfigError(Problem(shown, line, 1, "catalogue", f"{field}: {message}"))

    if not isinstance(entry, dict):
        raise fail("pictures", "each picture is a mapping like {name: bus, file: fluent/bus.svg, ...}")
    for key in REQUIRED:
        if key not in entry or entry[key] in (None, ""):
            raise fail(key, f"picture '{entry.get('name', '?')}' has no {key}; every picture records {', '.join(REQUIRED)}")
    unknown = set(entry) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        raise fail(sorted(unknown)[0], f"unknown field; use {', '.join(REQUIRED + OPTIONAL)}")
    name = str(entry["name"])
    if not NAME.match(name):
        raise fail("name", f"'{name}' must be lower-case letters, digits and dashes")
    if entry["set"] not in sets:
        raise fail("set", f"'{entry['set']}' is not one of the sets: {', '.join(sets)}")
    if entry["licence"] not in licences:
        raise fail("licence", f"'{entry['licence']}' is not one of the licences: {', '.join(licences)}")
    if not isinstance(entry["tags"], list) or not all(isinstance(t, str) for t in entry["tags"]):
        raise fail("tags", "tags are a list of words, like [bus, coach, travel]")
    for taken_name in (name, *entry.get("aliases", ())):
        if taken_name in taken:
            raise fail("name", f"'{taken_name}' is already used on line {taken[taken_name]}")
        taken[taken_name] = line
    return {key: entry[key] for key in (*REQUIRED, *OPTIONAL) if key in entry}


def _read_synonyms(path: Path) -> list[list[str]]:
    try:
        groups = yamltext.load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(Problem(str(path), 1, 1, "catalogue", f"cannot read the synonyms: {exc}")) from None
    if not isinstance(groups, list) or not all(isinstance(g, list) for g in groups):
        raise ConfigError(Problem(str(path), 1, 1, "catalogue", "synonyms.yaml is a list of word groups, like - [bus, coach]"))
    return [[str(word).lower() for word in group] for group in groups]


def _lemmatiser() -> Callable[[str], tuple[str, ...]]:
    """A function from a word to its base forms (lemminflect when installed)."""
    try:
        from lemminflect import getAllLemmas
    except ImportError:  # pragma: no cover - lemminflect is a dependency; stay correct without it
        return lambda word: (word,)

    @cache
    def lemmas(word: str) -> tuple[str, ...]:
        found = [lemma for forms in getAllLemmas(word).values() for lemma in forms]
        return tuple(dict.fromkeys([word, *found]))

    return lemmas


def _weighted_words(picture: dict[str, Any], lemmas: Callable[[str], tuple[str, ...]]) -> dict[str, float]:
    texts = {"name": [picture["name"].replace("-", " ")], "tags": picture["tags"], "alt": [picture["alt"]], "topic": [picture.get("topic", "")]}
    words: dict[str, float] = {}
    for field, parts in texts.items():
        for part in parts:
            for token in tokens(part):
                if token in STOPWORDS and field != "name":
                    continue
                for lemma in lemmas(token):
                    # Another form of the word counts a little less ("training" is about
                    # training, and only a little about trains).
                    weight = WEIGHTS[field] * (1.0 if lemma == token else FORM_WEIGHT)
                    words[lemma] = max(words.get(lemma, 0.0), weight)
    return dict(sorted(words.items()))


def _forms(words: Iterable[str]) -> dict[str, list[str]]:
    """Every inflected form of every known word, mapped to the base words it comes from."""
    try:
        from lemminflect import getAllInflections
    except ImportError:  # pragma: no cover
        return {}
    forms: dict[str, set[str]] = {}
    for word in words:
        for inflected in getAllInflections(word).values():
            for form in inflected:
                if form != word:
                    forms.setdefault(form.lower(), set()).add(word)
    return {form: sorted(bases) for form, bases in sorted(forms.items())}


def _synonym_map(groups: list[list[str]], lemmas: Callable[[str], tuple[str, ...]]) -> dict[str, list[str]]:
    related: dict[str, set[str]] = {}
    for group in groups:
        members = {lemma for word in group for lemma in lemmas(word)}
        for word in members:
            related.setdefault(word, set()).update(members - {word})
    return {word: sorted(others) for word, others in sorted(related.items()) if others}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--check" in argv:
        path = ICONS / "index.json"
        try:
            stale = json.loads(path.read_text(encoding="utf-8")).get("sources") != sources_hash()
        except (OSError, ValueError):
            stale = True
        print(f"{path}: {'stale: run python -m generator.pictures.index' if stale else 'up to date'}")
        return 1 if stale else 0
    try:
        path = write_index()
    except ConfigError as exc:
        print("\n".join(p.format() for p in exc.problems), file=sys.stderr)
        return 2
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
