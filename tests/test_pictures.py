"""The picture library: every picture listed, sourced, licensed and findable by meaning."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from generator.errors import ConfigError
from generator.pictures import load_catalogue, search
from generator.pictures.catalogue import LIBRARY_BUDGET_BYTES, LIBRARY_BUDGET_NUMBERS, svg_cost
from generator.pictures.index import build_index, load_index, sources_hash
from generator.project import ICONS
from generator.render.fetcher import sanitise_svg

IDEAS = Path(__file__).parent / "fixtures" / "pictures" / "ideas.yaml"
SETS = ("mulberry", "fluent", "healthicons", "easyread")


def test_the_library_has_at_least_800_pictures_from_four_sets():
    catalogue = load_catalogue()
    assert len(catalogue.icons) >= 800
    assert {p.set for p in catalogue.icons.values()} == set(SETS)


def test_every_file_is_listed_and_every_listed_file_exists():
    catalogue = load_catalogue()
    listed = {p.path.resolve() for p in catalogue.icons.values()}
    on_disk = {p.resolve() for folder in SETS for p in (ICONS / folder).glob("*")}
    assert sorted(str(p) for p in on_disk - listed) == []
    assert sorted(str(p) for p in listed - on_disk) == []


def test_every_picture_records_its_source_author_licence_and_words():
    catalogue = load_catalogue()
    for picture in catalogue.icons.values():
        assert picture.set in catalogue.sets, picture.name
        assert picture.original and picture.author and picture.alt and picture.tags, picture.name
        assert picture.licence == catalogue.sets[picture.set].licence, picture.name
        assert picture.licence in catalogue.licences, picture.name
        assert picture.words, picture.name
    for licence in catalogue.licences.values():
        assert licence.texts and all((ICONS / text).is_file() for text in licence.texts), licence.key
    assert {p.licence for p in catalogue.icons.values()} == {"CC-BY-SA-4.0", "MIT", "CC0-1.0"}


def test_the_index_is_up_to_date_with_the_catalogue():
    data = json.loads((ICONS / "index.json").read_text())
    assert data["sources"] == sources_hash(), "run: python -m generator.pictures.index"


@pytest.mark.slow
def test_library_pictures_are_safe_and_within_the_drawing_budget():
    over = []
    for picture in load_catalogue().icons.values():
        data = picture.path.read_bytes()
        assert sanitise_svg(data) == data, picture.name  # nothing the sanitiser would strip
        assert b"<text" not in data and b"<image" not in data, picture.name  # no fonts or rasters inside
        numbers, size = svg_cost(data)
        if numbers > LIBRARY_BUDGET_NUMBERS or size > LIBRARY_BUDGET_BYTES:
            over.append((picture.name, numbers, size))
    assert over == []


def test_pictures_that_said_the_wrong_thing_are_fixed_and_old_names_still_work():
    catalogue = load_catalogue()
    assert catalogue.get("pill").original == "pill"  # a capsule, not the round pill that read as a "no" sign
    assert catalogue.get("pharmacist").set == "easyread"  # a pharmacist behind a counter
    assert catalogue.get("utensils").name == "knife-and-fork"  # the old name now draws a knife and fork
    assert catalogue.get("stationery").original.endswith("i_utensils.svg")  # the pencil and ruler, named for what it shows
    for name in ("morning", "midday", "evening", "bedtime", "pharmacist", "medicines", "info", "help", "stop", "calendar", "hot-meal", "warning"):
        assert catalogue.get(name) is not None, name  # the label icons keep their names


@pytest.mark.parametrize("query", ["bus", "buses", "travelling by bus", "coach"])
def test_word_forms_and_synonyms_find_the_bus(query):
    names = [m.name for m in search(query, 3)]
    assert {"bus", "coach"} & set(names), names


def test_search_ranks_the_named_picture_first_and_explains_the_match():
    best = search("pharmacist", 5)
    assert best[0].name == "pharmacist" and best[0].words == ("pharmacist",)
    assert [m.score for m in best] == sorted((m.score for m in best), reverse=True)
    assert search("", 5) == [] and search("zzyzx qwerty", 5) == []


@pytest.mark.slow
def test_common_easy_read_ideas_find_a_fitting_picture():
    ideas = yaml.safe_load(IDEAS.read_text())
    catalogue = load_catalogue()
    total, missed = 0, []
    for group in ideas.values():
        for idea, fitting in group.items():
            total += 1
            wanted = {catalogue.get(str(name)).name for name in fitting}
            top = [m.name for m in search(str(idea), 3)]
            if not wanted & set(top):
                missed.append((idea, top))
    assert total >= 150
    assert (total - len(missed)) / total >= 0.85, missed


def test_credits_name_exactly_the_sets_used_and_say_when_a_picture_was_changed():
    catalogue = load_catalogue()
    assert catalogue.credit_lines(["bus", "pharmacist", "bus", "family"]) == ["Fluent Emoji by Microsoft, MIT", "Mulberry Symbols by Steve Lee, CC BY-SA 4.0 (mulberrysymbols.org)"]
    assert catalogue.credit_lines(["pharmacist"]) == []  # CC0 asks for no credit on the page...
    assert catalogue.rights(["pharmacist", "family"]) == (  # ...but the metadata names every set used, in full
        "Pictures: easyread pictures by easyread contributors, CC0 1.0 (public domain) (https://creativecommons.org/publicdomain/zero/1.0/); "
        "Mulberry Symbols by Steve Lee (https://mulberrysymbols.org), CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)."
    )
    for picture in (p for p in catalogue.icons.values() if p.changed):
        assert catalogue.rights([picture.name]).endswith("some pictures changed by easyread.")
    assert catalogue.rights([]) == "" and catalogue.credit_lines([]) == []


def test_a_project_can_refuse_a_licence():
    strict = load_catalogue().accepting(["MIT", "CC0-1.0"])
    assert not strict.accepts(strict.get("family")) and strict.accepts(strict.get("bus"))
    assert all(m.picture.licence != "CC-BY-SA-4.0" for m in search("family", 10, catalogue=strict))


@pytest.fixture
def icons_copy(tmp_path):
    folder = tmp_path / "icons"
    folder.mkdir()
    for name in ("catalogue.yaml", "synonyms.yaml", "index.json"):
        shutil.copy(ICONS / name, folder / name)
    return folder


@pytest.mark.slow
def test_a_stale_index_is_rebuilt_in_memory(icons_copy):
    path = icons_copy / "catalogue.yaml"
    path.write_text(path.read_text().replace("tags: [bus, travel, public transport]", "tags: [bus, travel, public transport, omnibus]"))
    data = load_index(icons_copy)
    bus = next(row for row in data["pictures"] if row[0] == "bus")
    assert "omnibus:2" in bus[-1]


@pytest.mark.parametrize(
    ("entry", "old", "new", "message"),
    [
        ("bus", "licence: MIT}", "licence: CC-BY-NC-4.0}", "licence: 'CC-BY-NC-4.0' is not one of the licences"),
        ("bus-stop", "{name: bus-stop,", "{name: bus,", "name: 'bus' is already used on line"),
        ("bus", "alt: a bus, ", "", "alt: picture 'bus' has no alt"),
        ("bus", "set: fluent", "set: openmoji", "set: 'openmoji' is not one of the sets"),
    ],
)
@pytest.mark.slow
def test_catalogue_mistakes_name_the_line_and_field(icons_copy, entry, old, new, message):
    path = icons_copy / "catalogue.yaml"
    lines = path.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith(f"- {{name: {entry},"))
    lines[number] = lines[number].replace(old, new, 1)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ConfigError) as caught:
        build_index(icons_copy)
    problem = caught.value.problems[0]
    assert message in problem.message
    assert (problem.path, problem.line) == (str(path), number + 1)


@pytest.mark.parametrize(
    ("settings", "line", "message"),
    [
        ("pictures:\n  licences: [MIT, CC-BY-NC]\n", 2, "pictures.licences: unknown licence 'CC-BY-NC'; the library's licences are CC-BY-SA-4.0, CC0-1.0, MIT"),
        ("profile: easy-read\npictures:\n  licence: [MIT]\n", 2, "unknown pictures setting 'licence'; use: licences"),
        ("pictures: all\n", 1, "'pictures' must be 'key: value' lines"),
        ("pictures:\n  licences: MIT\n", 2, "pictures.licences must be a list of licences"),
    ],
)
def test_picture_settings_mistakes_name_the_line(project, capsys, settings, line, message):
    from generator.cli import main

    (project / "easyread.yaml").write_text(settings)
    path = project / "content" / "posters" / "p.md"
    path.write_text("---\ntitle: P\n---\n\n![a bus](bus) Take the bus.\n")
    code = main(["check", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"easyread.yaml:{line}:1: error config: {message}" in err
