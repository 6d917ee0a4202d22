"""The picture index (icons/index.json) from a small catalogue of its own: built,
written, read back, found stale, and every mistake in the catalogue named at its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import ConfigError
from generator.pictures import index

HEAD = """sets:
  ours: {title: Ours}
licences:
  MIT: {name: MIT}
pictures:
"""
BUS = "  - {name: bus, file: ours/bus.svg, alt: a bus, tags: [bus, coach], set: ours, original: bus.svg, author: Us, licence: MIT}\n"
TRAIN = "  - {name: train, file: ours/train.svg, alt: a train, tags: [rail], set: ours, original: train.svg, author: Us, licence: MIT, aliases: [rail]}\n"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    (tmp_path / "catalogue.yaml").write_text(HEAD + BUS + TRAIN)
    (tmp_path / "synonyms.yaml").write_text("- [bus, coach]\n")
    return tmp_path


@pytest.mark.slow
def test_written_read_back_and_rebuilt_when_stale(library: Path) -> None:
    path = index.write_index(library)
    data = json.loads(path.read_text())
    assert data["sources"] == index.sources_hash(library)
    assert [row[0] for row in data["pictures"]] == ["bus", "train"]
    assert data["synonyms"]["coach"] == ["bus"] and data["forms"]["buses"] == ["bus"]
    assert index.load_index(library) == data
    path.write_text(json.dumps({**data, "pictures": []}))  # hand-edited: still matches its sources, so it is used
    assert index.load_index(library)["pictures"] == []
    path.write_text("{not json")  # broken: built again in memory, never wrong
    assert [row[0] for row in index.load_index(library)["pictures"]] == ["bus", "train"]


def test_check_says_whether_the_index_is_up_to_date(library: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    assert index.main(["--check"]) == 0  # the bundled index
    assert capsys.readouterr().out == f"{index.ICONS / 'index.json'}: up to date\n"
    monkeypatch.setattr(index, "ICONS", library)  # an index that is not there
    assert index.main(["--check"]) == 1
    assert capsys.readouterr().out == f"{library / 'index.json'}: stale: run python -m generator.pictures.index\n"


def test_main_writes_the_index_or_names_the_mistake(library: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    write = index.write_index
    monkeypatch.setattr(index, "write_index", lambda: write(library))  # not the bundled library's index
    assert index.main([]) == 0 and capsys.readouterr().out == f"wrote {library / 'index.json'}\n"
    assert json.loads((library / "index.json").read_text())["sources"] == index.sources_hash(library)
    (library / "catalogue.yaml").write_text(HEAD + BUS + BUS)
    assert index.main([]) == 2
    assert capsys.readouterr().err == f"{library / 'catalogue.yaml'}:7:1: error catalogue: name: 'bus' is already used on line 6\n"


@pytest.mark.parametrize("entry, message", [
    ("  - bus\n", "pictures: each picture is a mapping like {name: bus, file: fluent/bus.svg, ...}"),
    (BUS.replace("alt: a bus, ", ""), "alt: picture 'bus' has no alt; every picture records name, file, alt, tags, set, original, author, licence"),
    (BUS.replace("}", ", colour: red}"), "colour: unknown field; use name, file, alt, tags, set, original, author, licence, topic, changed, aliases"),
    (BUS.replace("name: bus", "name: Big Bus"), "name: 'Big Bus' must be lower-case letters, digits and dashes"),
    (BUS.replace("set: ours", "set: theirs"), "set: 'theirs' is not one of the sets: ours"),
    (BUS.replace("licence: MIT", "licence: GPL"), "licence: 'GPL' is not one of the licences: MIT"),
    (BUS.replace("tags: [bus, coach]", "tags: bus"), "tags: tags are a list of words, like [bus, coach, travel]"),
    (BUS.replace("}", ", aliases: [train]}"), "name: 'train' is already used on line 6"),
])
def test_a_catalogue_mistake_is_named_at_its_line(library: Path, entry: str, message: str) -> None:
    (library / "catalogue.yaml").write_text(HEAD + TRAIN + entry)
    with pytest.raises(ConfigError) as caught:
        index.build_index(library)
    assert caught.value.problems[0].format() == f"{library / 'catalogue.yaml'}:7:1: error catalogue: {message}"


@pytest.mark.parametrize("name, text, expected", [
    ("catalogue.yaml", "sets: {ours: [\n", ":2:1: error catalogue: cannot read the picture catalogue: "),
    ("catalogue.yaml", "sets: {}\n", ":1:1: error catalogue: the picture catalogue needs 'sets', 'licences' and a 'pictures' list"),
    ("synonyms.yaml", "- [bus\n", ":1:1: error catalogue: cannot read the synonyms: "),
    ("synonyms.yaml", "bus: coach\n", ":1:1: error catalogue: synonyms.yaml is a list of word groups, like - [bus, coach]"),
])
def test_unreadable_sources(library: Path, name: str, text: str, expected: str) -> None:
    (library / name).write_text(text)
    with pytest.raises(ConfigError) as caught:
        index.build_index(library)
    assert caught.value.problems[0].format().startswith(f"{library / name}{expected}")
