"""Project settings: easyread.yaml or [tool.easyread] in pyproject.toml, one loader, errors at their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.config import load_settings

BODY = "---\ntitle: Test\n---\n\n![a pill](pill) Take it on 03/04/2026. We will assist you.\n"


def check(project: Path, capsys) -> tuple[int, str, str]:
    path = project / "content/posters/p.md"
    path.write_text(BODY)
    code = main(["check", str(path)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_pyproject_table_works_like_easyread_yaml(project, capsys):
    (project / "pyproject.toml").write_text('[project]\nname = "ours"\n\n[tool.easyread]\nprofile = "large-print"\n\n'
                                            '[tool.easyread.rules]\nnumeric-dates = "off"\nhard-words = {level = "error"}\n')
    code, out, err = check(project, capsys)
    assert code == 1, err
    assert "numeric-dates" not in out
    assert ":5:48: error hard-words: 'assist' in \"We will assist you.\" is a hard word." in out
    settings = load_settings(project)
    assert settings.path.endswith("pyproject.toml") and settings.profile == "large-print"
    assert settings.rules == {"numeric-dates": "off", "hard-words": {"level": "error"}}


@pytest.mark.parametrize("name, text, line, message", [
    ("easyread.yaml", "profile: easy-read\nrulez:\n  brackets: off\n", 2, "unknown setting 'rulez'; did you mean 'rules'?"),
    ("pyproject.toml", "[tool.easyread]\nprofile = \"easy-read\"\nrulez = {brackets = \"off\"}\n", 3, "unknown setting 'rulez'; did you mean 'rules'?"),
    ("easyread.yaml", "rules:\n  brackets: off\n  hard-wrods: error\n", 3, "unknown rule id 'hard-wrods'; did you mean 'hard-words'?"),
    ("pyproject.toml", "[tool.easyread.rules]\nbrackets = \"off\"\nhard-wrods = \"error\"\n", 3, "unknown rule id 'hard-wrods'; did you mean 'hard-words'?"),
    ("pyproject.toml", "[tool.easyread]\nrules.brackets = \"off\"\nrules.hard-wrods = \"error\"\n", 3, "unknown rule id 'hard-wrods'; did you mean 'hard-words'?"),
    ("easyread.yaml", "rules:\n  brackets: loud\n", 2, "rule 'brackets': 'loud' is not a level; use error, warning, suggestion or off"),
    ("easyread.yaml", "rules:\n  sentence-length:\n    parms: {warning: 12}\n", 2, "rule 'sentence-length': unknown key 'parms'; did you mean 'params'?"),
    ("easyread.yaml", "rules:\n  sentence-length: {params: {warnng: 12}}\n", 2, "rule 'sentence-length': kind 'sentence_length' has no parameter 'warnng'"),
    ("easyread.yaml", "rules:\n  brackets: {scope: headings}\n", 2, "rule 'brackets': unknown scope 'headings'; did you mean 'heading'?"),
    ("easyread.yaml", "profile: easyread\n", 1, "unknown profile 'easyread'; did you mean 'easy-read'?"),
    ("easyread.yaml", "rule_files: [style/missing.yaml]\n", 1, "cannot read rule file"),
    ("pyproject.toml", "[tool.easyread]\nprofile = easy-read\n", 2, "TOML error: Invalid value; check the quotes and brackets on this line"),
])
def test_config_errors_name_their_own_line(project, capsys, name, text, line, message):
    (project / name).write_text(text)
    code, _, err = check(project, capsys)
    assert code == 2
    assert err.startswith(f"{project / name}:{line}:"), err
    assert message in err


def test_settings_in_both_files_is_an_error(project, capsys):
    (project / "easyread.yaml").write_text("profile: easy-read\n")
    (project / "pyproject.toml").write_text("[tool.easyread]\nprofile = \"easy-read\"\n")
    code, _, err = check(project, capsys)
    assert code == 2 and "settings are in both easyread.yaml and [tool.easyread]" in err


def test_a_pyproject_without_the_table_is_ignored(project, capsys):
    (project / "pyproject.toml").write_text('[project]\nname = "ours"\n')
    assert load_settings(project).path == "easyread.yaml"
    code, out, _ = check(project, capsys)
    assert code == 1 and "numeric-dates" in out


def test_profile_typo_on_the_command_line_is_a_usage_error(project, capsys):
    path = project / "content/posters/p.md"
    path.write_text(BODY)
    assert main(["check", "--profile", "larg-print", str(path)]) == 2
    assert capsys.readouterr().err == "--profile: error usage: unknown profile 'larg-print'; did you mean 'large-print'?\n"


def test_init_writes_a_sample_that_loads_with_every_setting(project, capsys):
    from generator.check.rulespec import ruleset
    from generator.config import KEYS
    from generator.labels.settings import KEYS as LABEL_KEYS
    from generator.labels.settings import label_settings

    assert main(["init", "--dir", str(project)]) == 0
    sample = (project / "easyread.yaml").read_text()
    assert "wrote" in capsys.readouterr().out
    for key in {*KEYS, *LABEL_KEYS, "level", "params", "scope"}:
        assert f"{key}:" in sample, key
    settings = load_settings(project)
    ruleset("easy-read", settings)
    label_settings(settings.labels, settings.path, line=settings.line("labels"))
    # The commented examples are valid too: switch them all on, and it still loads.
    examples = "\n".join(line.replace("# ", "", 1) if line.startswith("  # ") and ": " in line else line for line in sample.splitlines())
    (project / "easyread.yaml").write_text(examples)
    settings = load_settings(project)
    rules = ruleset("easy-read", settings)
    assert rules.get("passive-voice") is None and rules.get("number-words").level == "error"
    assert rules.get("hard-words").scope == frozenset({"paragraph", "list"})
    assert label_settings(settings.labels, settings.path).defaults["pharmacy_name"] == "High Street Pharmacy"
    assert main(["init", "--dir", str(project)]) == 2  # never overwrites
    assert "exists already" in capsys.readouterr().err


def _blocks(page: str, language: str) -> list[str]:
    import re

    from conftest import ROOT

    return re.findall(rf"```{language}\n(.*?)```", (ROOT / "docs" / page).read_text(encoding="utf-8"), re.S)


def test_the_examples_in_the_config_docs_load_and_mean_the_same(project, capsys):
    (project / "style").mkdir()
    (project / "style/our-words.yaml").write_text("")
    yaml_example, = _blocks("config.md", "yaml")
    toml_example, = _blocks("config.md", "toml")
    (project / "easyread.yaml").write_text(yaml_example)
    from_yaml = load_settings(project)
    (project / "easyread.yaml").unlink()
    (project / "pyproject.toml").write_text(toml_example)
    from_toml = load_settings(project)
    assert (from_yaml.profile, from_yaml.rule_files, from_yaml.labels) == (from_toml.profile, from_toml.rule_files, from_toml.labels)
    from generator.check.rulespec import ruleset

    def effective(settings):
        return [(s.id, s.level, dict(s.params), s.scope) for s in ruleset("easy-read", settings).rules]

    assert effective(from_yaml) == effective(from_toml)  # YAML's bare off and TOML's "off" alike
    assert ruleset("easy-read", from_toml).get("hard-words").scope == frozenset({"paragraph", "list"})
    code, _, err = check(project, capsys)
    assert code == 1 and err == ""


def test_the_mistakes_listed_in_the_config_docs_are_what_easyread_says(project, capsys):
    import re

    from conftest import ROOT

    listed = re.findall(r"^    (\S+?):(\d+:\d+: error .*)$", (ROOT / "docs/config.md").read_text(encoding="utf-8"), re.M)
    assert len(listed) == 4
    files = {
        "easyread.yaml:3:1": ("easyread.yaml", "rules:\n  brackets: off\n  hard-wrods: error\n"),
        "pyproject.toml:9:1": ("pyproject.toml", "[project]\nname = 'ours'\n\n[tool.easyread]\nprofile = 'easy-read'\n\n[tool.easyread.rules]\nbrackets = 'off'\nsentence-length = {params = {warnng = 12}}\n"),
        "easyread.yaml:2:1": ("easyread.yaml", "profile: easy-read\nrulez: {}\n"),
    }
    for name, message in listed:
        key = f"{name}:{message.split(':')[0]}:{message.split(':')[1]}"
        if key == "easyread.yaml:2:9":  # the picture cue: shown for front matter and settings alike
            continue
        file, text = files[key]
        for old in ("easyread.yaml", "pyproject.toml"):
            (project / old).unlink(missing_ok=True)
        (project / file).write_text(text)
        code, _, err = check(project, capsys)
        assert code == 2 and err == f"{project / file}:{message}\n"
