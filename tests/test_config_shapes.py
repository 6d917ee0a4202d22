"""Settings of the wrong shape: each named at its line, all of them at once, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import load_settings
from generator.errors import ConfigError


def problems(project: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_settings(project)
    return [p.format() for p in caught.value.problems]


def test_a_file_that_is_not_settings(project: Path) -> None:
    (project / "easyread.yaml").write_text("- profile: easy-read\n")
    assert problems(project) == [f"{project / 'easyread.yaml'}:1:1: error config: easyread.yaml must be 'key: value' lines"]


def test_every_value_of_the_wrong_shape_is_named_at_once(project: Path) -> None:
    (project / "easyread.yaml").write_text("# ours\nprofile: [easy-read]\nrule_files: {a: b}\nrules: [passive-voice]\n")
    shown = project / "easyread.yaml"
    assert problems(project) == [
        f"{shown}:2:1: error config: 'profile' must be a profile name, like easy-read",
        f"{shown}:3:1: error config: 'rule_files' must be a list of paths, like [style/our-rules.yaml]",
        f"{shown}:4:1: error config: 'rules' must be rule ids with a level, 'off' or {{level, params, scope}}",
    ]


def test_one_rule_file_may_be_given_without_a_list(project: Path) -> None:
    (project / "easyread.yaml").write_text("rule_files: style/ours.yaml\n")
    assert load_settings(project).rule_files == (project / "style" / "ours.yaml",)


def test_tool_easyread_must_be_a_table(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool]\neasyread = "easy-read"\n')
    assert problems(project) == [f"{project / 'pyproject.toml'}:1:1: error config: [tool.easyread] must be a table of settings"]
