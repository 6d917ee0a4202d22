"""Load stage: find content files, read them, split YAML front matter from the body.

Front matter is validated against the preset's field list (``presets.yaml``) so a
typo such as ``sise: A3`` is reported with its line and a "did you mean", instead of
being silently ignored.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from . import languages, limits, yamltext
from .errors import Problem, SourceError
from .model import SourceFile
from .presets import Preset, preset_for, presets

FENCE = "---"
WORD_END = re.compile(r"\S*")
LONG_WORD = re.compile(rf"(?<!\S)\S{{{limits.WORD_CHARS + 1}}}")  # tried at the start of each run only: linear time


def find_content(paths: Iterable[Path]) -> list[Path]:
    """Expand folders to the Markdown files inside them, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.md") if p.is_file()))
        else:
            found.append(path)
    return found


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load(path: Path, kind: str | None = None) -> SourceFile:
    """Read one content file into a ``SourceFile``; raise ``SourceError`` on bad input."""
    shown = display_path(path)
    try:
        with path.open("rb") as stream:
            raw = stream.read(limits.MARKDOWN_BYTES + 1)  # never read more than the limit
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise SourceError(Problem(shown, 0, 0, "file", "file not found; check the path")) from None
    except UnicodeDecodeError as exc:
        if len(raw) > limits.MARKDOWN_BYTES:
            _too_big(path, shown)
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            Problem(shown, line, 1, "file", f"not UTF-8 text ({exc.reason}); save the file as UTF-8")
        ) from None
    except OSError as exc:
        raise SourceError(Problem(shown, 0, 0, "file", f"cannot read: {exc.strerror}")) from None
    if len(raw) > limits.MARKDOWN_BYTES:
        _too_big(path, shown)
    return parse_source(text, shown, kind or guess_kind(path))


def _too_big(path: Path, shown: str) -> None:
    try:
        size = path.stat().st_size
    except OSError:
        size = limits.MARKDOWN_BYTES + 1
    raise SourceError(
        Problem(shown, 0, 0, "file-too-big",
                f"the file is {_kb(size)}; the limit is {_kb(limits.MARKDOWN_BYTES)} "
                "(an easy-read booklet is usually under 10 KB). Split it into several files")
    )


def _kb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{size / 1000:.0f} KB"


def guess_kind(path: Path) -> str:
    """The content kind from the folder (``content/posters/x.md`` is a poster).

    Only a default: ``kind:`` in the front matter always wins (``parse_source``).
    """
    parts = {p.lower() for p in path.parts}
    if "posters" in parts:
        return "poster"
    return "booklet"


def kind_hint(meta: Mapping[str, Any], lines: Mapping[str, int], guessed: str, path: str) -> Problem | None:
    """When front matter without ``kind:`` fails as the guessed kind but fits another, say so.

    A poster saved outside ``content/posters/`` is read as a booklet; its poster
    fields ("qr", "orientation", "size: A3") then look like mistakes. Naming the
    kind that fits tells the author the one line to add.
    """
    for other in sorted(k for k in presets() if k != guessed):
        if not _problems(meta, lines, presets()[other], path):
            folder = f"content/{other}s/"
            return Problem(path, 1, 1, "front-matter",
                           f"this looks like a {other}, not a {guessed}: add 'kind: {other}' to the front matter (or save it in {folder})")
    return None


def load_translation(path: Path, source: SourceFile, root: Path) -> SourceFile:
    """The second file of a bilingual booklet, named by ``translation:`` in ``source``.

    It must be a booklet inside the project, in the second language of ``lang:``,
    and not bilingual itself. Problems point at the line that has to change.
    """
    name = str(source.meta["translation"]).strip()
    where = source.meta_span("translation")
    target = (path.parent / name).resolve()
    shown = display_path(target)
    if target == path.resolve():
        raise SourceError(Problem(source.path, where.line, 1, "front-matter", f"field 'translation': '{name}' is this file; name the file with the second language's words"))
    try:
        target.relative_to(root.resolve())
    except ValueError:
        raise SourceError(Problem(source.path, where.line, 1, "front-matter", f"field 'translation': '{name}' is outside the project; keep both files in it")) from None
    if not target.is_file():
        raise SourceError(Problem(source.path, where.line, 1, "front-matter", f"field 'translation': '{name}' not found (looked for {shown}); check the file name"))
    other = load(target, "booklet")
    if other.kind != "booklet":
        raise SourceError(Problem(other.path, other.meta_lines.get("kind", 1), 1, "front-matter", f"this is the translation of {source.path}, so it must be a booklet, not a {other.kind}"))
    wanted = languages.second_language(source.meta)
    own = other.meta.get("lang", "en-GB")
    line = other.meta_lines.get("lang", 1)
    if isinstance(own, list):
        raise SourceError(Problem(other.path, line, 1, "front-matter", f"this is the {languages.NAMES[languages.base(wanted)]} half of {source.path}; give it one language: 'lang: {wanted}'"))
    if languages.base(str(own)) != languages.base(wanted):
        fix = f"change it to 'lang: {wanted}'" if "lang" in other.meta else f"add 'lang: {wanted}'"
        raise SourceError(Problem(other.path, line, 1, "front-matter",
                                  f"this is the {languages.NAMES[languages.base(wanted)]} half of {source.path} (lang: [{', '.join(map(str, source.meta['lang']))}]), but its language is '{own}'; {fix}"))
    return other


def parse_source(text: str, path: str, default_kind: str) -> SourceFile:
    """Split and validate front matter; the body keeps its place in the file."""
    text = text.lstrip("\ufeff")
    _long_words(text, path)
    lines = text.split("\n")
    meta: dict[str, Any] = {}
    meta_lines: dict[str, int] = {}
    body_start = 0
    if lines and lines[0].strip() == FENCE:
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in (FENCE, "...")), None)
        if end is None:
            raise SourceError(
                Problem(path, 1, 1, "front-matter", "front matter starts with '---' but never ends; add a closing '---' line")
            )
        front = "\n".join(lines[1:end])
        if len(front.encode("utf-8")) > limits.FRONT_MATTER_BYTES:
            raise SourceError(
                Problem(path, 1, 1, "front-matter",
                        f"the front matter is {_kb(len(front.encode('utf-8')))}; the limit is {_kb(limits.FRONT_MATTER_BYTES)}. "
                        "Keep settings short, and move long text into the body below the second '---'")
            )
        meta, meta_lines = _read_yaml(front, path, line_offset=1)
        _long_fields(meta, meta_lines, path)
        body_start = end + 1
    kind = str(meta.get("kind", default_kind))
    preset = preset_for(kind, path, meta_lines.get("kind", 1))
    problems = _problems(meta, meta_lines, preset, path)
    if problems:
        hint = None if "kind" in meta else kind_hint(meta, meta_lines, kind, path)
        raise SourceError(problems + ([hint] if hint else []))
    return SourceFile(
        path=path,
        text=text,
        meta=MappingProxyType(meta),
        meta_lines=MappingProxyType(meta_lines),
        body="\n".join(lines[body_start:]),
        body_line=body_start + 1,
        kind=kind,
    )


def _read_yaml(text: str, path: str, line_offset: int) -> tuple[dict[str, Any], dict[str, int]]:
    data, node = yamltext.load_located(text, path, "front-matter", SourceError, line_offset)
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise SourceError(Problem(path, 1 + line_offset, 1, "front-matter", "front matter must be 'key: value' lines"))
    return data, yamltext.key_lines(node, line_offset)


def _long_words(text: str, path: str) -> None:
    """Refuse a run of letters longer than any page is wide, before it reaches layout."""
    match = LONG_WORD.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        word = text[match.start() : WORD_END.match(text, match.end()).end()]  # type: ignore[union-attr]
        raise SourceError(
            Problem(path, line, column, "word-too-long",
                    f"'{word[:30]}...' is {len(word):,} characters with no space; the limit is {limits.WORD_CHARS}, "
                    "and no page is that wide. Add spaces, or shorten it")
        )


def _long_fields(meta: Mapping[str, Any], lines: Mapping[str, int], path: str) -> None:
    """Refuse a front-matter text longer than ``FIELD_CHARS`` (a 1 MB title hung the build)."""
    problems = []
    for key, value in _texts(meta, ""):
        if len(value) > limits.FIELD_CHARS:
            top = key.split(".")[0]
            problems.append(
                Problem(path, lines.get(key, lines.get(top, 1)), 1, "field-too-long",
                        f"field '{key}' has {len(value):,} characters; the limit is {limits.FIELD_CHARS:,}. "
                        "Shorten it, or move long text into the body")
            )
    if problems:
        raise SourceError(problems)


def _texts(value: Any, key: str) -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(key, value)]
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in _texts(v, f"{key}.{k}" if key else str(k))]
    if isinstance(value, list):
        return [found for i, v in enumerate(value) for found in _texts(v, f"{key}.{i}")]
    return []


def _problems(meta: Mapping[str, Any], lines: Mapping[str, int], preset: Preset, path: str) -> list[Problem]:
    """Everything wrong with this front matter for this preset (empty when it is fine)."""
    problems: list[Problem] = []
    for key, value in meta.items():
        line = lines.get(key, 1)
        spec = preset.fields.get(key)
        if spec is None:
            close = difflib.get_close_matches(key, list(preset.fields), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "known fields: " + ", ".join(sorted(preset.fields))
            problems.append(Problem(path, line, 1, "front-matter", f"unknown field '{key}' for a {preset.name}; {hint}"))
            continue
        problem = spec.problem_with(value) or (_qr_problem(value) if key == "qr" else None) or (_print_problem(value) if key == "print" else None)
        problem = problem or (languages.lang_problem(meta, preset.name) if key == "lang" else None)
        problem = problem or (languages.translation_problem(meta) if key == "translation" else None)
        if problem:
            problems.append(Problem(path, line, 1, "front-matter", f"field '{key}': {problem}"))
    for key, spec in preset.fields.items():
        if spec.required and key not in meta:
            problems.append(
                Problem(path, 1, 1, "front-matter", f"missing field '{key}' for a {preset.name}; add '{key}: ...' to the front matter")
            )
    return problems


def _print_problem(printing: Mapping[str, Any]) -> str | None:
    """Print options are switches and sizes: 'fold: yes' works, 'fold: maybe' does not."""
    if "fold" in printing and not isinstance(printing["fold"], bool):
        return f"'fold: {printing['fold']}' must be true or false"
    for key in ("bleed",):
        if key in printing and (isinstance(printing[key], bool) or not isinstance(printing[key], (int, float)) or not 0 <= printing[key] <= 10):
            return f"'{key}: {printing[key]}' must be a number of mm from 0 to 10"
    if "marks" in printing and not isinstance(printing["marks"], bool):
        return f"'marks: {printing['marks']}' must be true or false"
    return None


def _qr_problem(qr: Mapping[str, Any]) -> str | None:
    """A QR code is printed beside its link, so the link must be one a reader can type."""
    url = str(qr.get("url", "") or "")
    if not url:
        return "give the link as 'url: https://...'"
    if not url.startswith(("https://", "http://")) or any(c.isspace() for c in url):
        return f"'{url}' is not a web link; a QR code must hold an https:// address, printed beside it"
    if len(url) > 200:
        return f"the link has {len(url)} characters; use a short link (200 or fewer) that people can type"
    return None

