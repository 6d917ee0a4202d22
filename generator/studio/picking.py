"""Choosing a picture in the preview: suggestions for a sentence, and rewriting its cue.

The rewrite changes only the cue's alt text and target (``![alt](target)``): every
other byte of the file stays as it was. It is refused when the file changed on
disk since the page was shown (the group would lose an edit), and it is written
atomically (a temporary file renamed into place), so an editor never sees half a
file.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, SourceError
from ..load import display_path, guess_kind, parse_source
from ..model import Cue
from ..parse import parse
from ..parse.glossary import glossary_cues
from .pictures import Choice
from .session import version_of

_WRITE_LOCK = threading.Lock()
_UNSAFE = re.compile(r"[\[\]()\"\\\n\r]")


class Changed(Exception):
    """The file on disk is not the version the page showed."""


@dataclass(frozen=True)
class CueText:
    """Where a cue sits in the file text: offsets of its alt text and its target."""

    cue: Cue
    alt: tuple[int, int]
    target: tuple[int, int]
    sentence: str


def cue_on_line(text: str, path: Path, line: int) -> CueText:
    """The picture cue written on ``line`` of the file (the one that starts its row)."""
    document = parse(parse_source(text, display_path(path), guess_kind(path)))
    cues = [*document.cues(), *glossary_cues(document)]
    found = next((cue for cue in cues if cue.span.line == line), None)
    if found is None:
        raise SourceError(Problem(display_path(path), line, 1, "pick", f"there is no picture cue on line {line}; reload the preview"))
    sentence = next((block.text for block in document.walk() if block.cue is found), "")
    lines = text.split("\n")
    start = sum(len(text_line) + 1 for text_line in lines[: line - 1])
    where = text.find("![", start + found.span.column - 1)
    if where < 0 or where > start + len(lines[line - 1]):
        raise SourceError(Problem(display_path(path), line, 1, "pick", "the picture cue could not be found in the text; reload the preview"))
    alt, target = _scan(text, where)
    if text[target[0] : target[1]].strip("<>") != found.target:
        raise SourceError(Problem(display_path(path), line, 1, "pick", "the picture cue could not be read back; change it in your editor"))
    return CueText(found, alt, target, sentence)


def _scan(text: str, start: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """Offsets of the alt text and the target of the ``![alt](target "title")`` at ``start``."""
    pos = start + 2
    depth = 1
    while pos < len(text) and depth:
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        depth += {"[": 1, "]": -1}.get(char, 0)
        pos += 1
    alt = (start + 2, pos - 1)
    if text[pos : pos + 1] != "(":
        raise SourceError(Problem("", 0, 0, "pick", "not a picture cue"))
    pos += 1
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    begin = pos
    if text[pos : pos + 1] == "<":
        pos = text.index(">", pos) + 1
    else:
        while pos < len(text) and not text[pos].isspace() and text[pos] != ")":
            pos += 1
    return alt, (begin, pos)


def rewrite(text: str, place: CueText, choice: Choice, in_front_matter: bool) -> str:
    """``text`` with the cue's alt text and target replaced by the chosen picture's."""
    alt = _UNSAFE.sub("", choice.alt).strip() or choice.name
    if in_front_matter:
        alt = alt.replace("'", "\u2019")  # stays valid inside single- or double-quoted YAML
    (alt_start, alt_end), (target_start, target_end) = place.alt, place.target
    return text[:alt_start] + alt + text[alt_end:target_start] + choice.name + text[target_end:]


def choose(path: Path, shown_version: str, line: int, choice: Choice) -> str:
    """Rewrite the cue on ``line`` to ``choice``; returns the file's new version.

    Raises ``Changed`` when the file is not the version the page showed.
    """
    with _WRITE_LOCK:
        data = path.read_bytes()
        if version_of(data) != shown_version:
            raise Changed()
        text = data.decode("utf-8")
        place = cue_on_line(text, path, line)
        new = rewrite(text, place, choice, place.cue.span.column == 1 and place.cue.span.line < _body_line(text))
        payload = new.encode("utf-8")
        _replace_if_unchanged(path, payload, data)
        return version_of(payload)


def _body_line(text: str) -> int:
    """The first line after the front matter (a file we can pick in always has one: its title is there)."""
    lines = text.lstrip("\ufeff").split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
    return end + 2


def _replace_if_unchanged(path: Path, payload: bytes, before: bytes) -> None:
    """Write beside the file, check it is still what we read, then rename into place."""
    mode = path.stat().st_mode & 0o7777
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
        if path.read_bytes() != before:
            raise Changed()
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
