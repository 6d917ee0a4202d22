"""Reading a content file: what cannot be read, what is too big, and front-matter values
that look right but are not (print options, a QR link, a translation that points back)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import limits
from generator.errors import SourceError
from generator.load import load
from generator.pipeline import BuildOptions, build_file


def problem(path: Path) -> str:
    with pytest.raises(SourceError) as caught:
        load(path)
    return caught.value.problems[0].format()


def test_a_missing_file_and_a_folder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    assert problem(Path("content/posters/none.md")) == "content/posters/none.md: error file: file not found; check the path"
    assert problem(Path("content/posters")) == "content/posters: error file: cannot read: Is a directory"


def test_a_huge_file_that_is_not_utf8_is_too_big_first(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    path = Path("content/posters/big.md")
    path.write_bytes(b"\xff" * (limits.MARKDOWN_BYTES + 1000))
    assert problem(path) == ("content/posters/big.md: error file-too-big: the file is 201 KB; the limit is 200 KB "
                             "(an easy-read booklet is usually under 10 KB). Split it into several files")


@pytest.mark.parametrize("kind, front, message", [
    ("booklets", "print: {fold: maybe}", "field 'print': 'fold: maybe' must be true or false"),
    ("posters", "print: {bleed: 20}", "field 'print': 'bleed: 20' must be a number of mm from 0 to 10"),
    ("posters", "print: {bleed: true}", "field 'print': 'bleed: True' must be a number of mm from 0 to 10"),
    ("posters", "qr: {url: https://example.org/" + "a" * 200 + "}", "field 'qr': the link has 220 characters; use a short link (200 or fewer) that people can type"),
])
def test_front_matter_values_that_look_right(project: Path, monkeypatch: pytest.MonkeyPatch, kind: str, front: str, message: str) -> None:
    monkeypatch.chdir(project)
    path = Path(f"content/{kind}/x.md")
    path.write_text(f"---\ntitle: T\n{front}\n---\n\n![a pill](pill) Take it.\n")
    assert problem(path) == f"content/{kind}/x.md:3:1: error front-matter: {message}"


@pytest.mark.parametrize("name, english, message", [
    ("cy.md", None, "field 'translation': 'cy.md' is this file; name the file with the second language's words"),
    ("../../../elsewhere.md", None, "field 'translation': '../../../elsewhere.md' is outside the project; keep both files in it"),
])
def test_a_translation_must_be_another_file_in_the_project(project: Path, monkeypatch: pytest.MonkeyPatch, name: str, english: str | None, message: str) -> None:
    monkeypatch.chdir(project)
    path = project / "content/booklets/cy.md"
    path.write_text(f"---\ntitle: Ein llyfryn\nlang: [cy, en]\ntranslation: {name}\n---\n\n## Adran 1\n\n![ffôn](phone) Ffoniwch ni.\n", encoding="utf-8")
    result = build_file(path, BuildOptions(out_dir=project / "out", formats=("html",)))
    assert [p.format() for p in result.problems] == [f"content/booklets/cy.md:4:1: error front-matter: {message}"]


def test_a_translation_with_two_languages_is_told_to_give_one(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    folder = project / "content/booklets"
    (folder / "en.md").write_text("---\ntitle: Ours\nlang: [en, cy]\ntranslation: cy.md\n---\n\n## Section 1\n\n![a phone](phone) Phone us.\n")
    path = folder / "cy.md"
    path.write_text("---\ntitle: Ein llyfryn\nlang: [cy, en]\ntranslation: en.md\n---\n\n## Adran 1\n\n![ffôn](phone) Ffoniwch ni.\n", encoding="utf-8")
    result = build_file(path, BuildOptions(out_dir=project / "out", formats=("html",)))
    assert [p.format() for p in result.problems] == [
        "content/booklets/en.md:3:1: error front-matter: this is the English half of content/booklets/cy.md; give it one language: 'lang: en'"]
