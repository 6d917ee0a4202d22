"""The rules reference (docs/rules.md), written from the rule files themselves.

``easyread rules --format markdown`` prints it; a test keeps the committed page
equal to it, so the reference never drifts from the rules. Each rule has its own
section, whose anchor (``#sentence-length``) is the ``helpUri`` in SARIF output.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .rulespec import RuleSpec, builtin_rules, ruleset

HEAD = """# Rules reference

Every built-in rule of the checker, with its level in each profile. This page is
written by `easyread rules --format markdown` from `generator/rules/*.yaml`; a test
keeps the two the same. How to switch rules off, re-level them and add your own:
[checker.md](checker.md) and [config.md](config.md). The languages column says which
text a rule can judge (`all`, or `en` for rules built on English word lists): on Welsh
text only the `all` rules run ([languages.md](languages.md)).

The `label-*` rules of kind `label_row` are checked on each row of a label batch
(`easyread labels`, `easyread check batch.csv`), in the `label` profile only. A project
re-levels or switches one off for all its batches under `rules:` in easyread.yaml; a
*fixed* rule guards what a label must say and may be raised, never lowered or switched
off. `{detail}` in a finding is what the check found, naming the value and the fix
([labels.md](labels.md)).
"""


def rules_markdown(profiles: Sequence[str]) -> str:
    sets = {name: ruleset(name) for name in profiles}
    lines = [HEAD, "| rule | " + " | ".join(profiles) + " | languages |", "| --- |" + " --- |" * (len(profiles) + 1)]
    for spec in builtin_rules():
        levels = [_level(sets[name].get(spec.id)) for name in profiles]
        lines.append(f"| [{spec.id}](#{spec.id}) | " + " | ".join(levels) + f" | {', '.join(spec.languages)} |")
    for spec in builtin_rules():
        lines += ["", f"## {spec.id}", "", spec.summary, ""]
        if spec.why:
            lines += [f"Why: {spec.why}", ""]
        lines.append(f"- Finding: {_template(spec.message)}" + (f" {_template(spec.suggestion)}" if spec.suggestion else ""))
        lines.append(f"- Kind: `{spec.kind}`" + (f"; parameters: {_params(spec.params)}" if spec.params else ""))
        per_profile = []
        for name in profiles:
            active = sets[name].get(spec.id)
            changed = {k: v for k, v in active.params.items() if spec.params.get(k) != v} if active else {}
            per_profile.append(f"{name} {_level(active)}" + (f" ({_params(changed)})" if changed else ""))
        lines.append("- Levels: " + ", ".join(per_profile))
        lines.append("- Languages: " + ", ".join(spec.languages))
        if spec.scope:
            lines.append("- Scope: " + ", ".join(sorted(spec.scope)))
        if spec.fixed:
            lines.append("- Fixed: a project may raise it, never lower it or switch it off")
        if spec.source:
            lines.append(f"- Source: {spec.source}")
        if spec.link:
            lines.append(f"- More: <{spec.link}>")
    return "\n".join(lines) + "\n"


def _level(spec: RuleSpec | None) -> str:
    return spec.level if spec else "off"


def _template(text: str) -> str:
    """A message template as readers see it, with its blanks shown as ``{...}``."""
    return "`" + text.replace("`", "'") + "`"


def _params(params: Any) -> str:
    """Parameters as written in YAML; long lists and word lists by their size."""
    shown = []
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, dict):
            value = f"{len(value)} entries"
        elif isinstance(value, list):
            items = [str(item.get("pattern", item)) if isinstance(item, dict) else str(item) for item in value]
            value = f"{len(items)} items" if len(items) > 6 else "[" + ", ".join(f"'{item}'" for item in items) + "]"
        elif isinstance(value, bool):
            value = str(value).lower()
        shown.append(f"`{key}: {value}`")
    return ", ".join(shown)
