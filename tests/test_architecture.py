"""The shape of the code: one module per outside engine, and stages that only look back.

Both rules are read from the source (an AST walk of every module, imports inside
functions and under TYPE_CHECKING included), so a new backward import or a new
``import weasyprint`` fails here with the module and line to fix. The stage
table is documented in docs/architecture.md; a test keeps the two the same.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"

# Each outside engine sits behind its adapter: only these modules may import it.
ADAPTERS = {
    "weasyprint": {"generator.render.pdf", "generator.render.fetcher", "generator.render.patches"},
    "markdown_it": {"generator.parse.markdown", "generator.parse.build"},
    "textstat": {"generator.check.metrics"},
}

# Stages in the order data flows. A module may import its own stage or an earlier one.
STAGES = ("model", "load", "parse", "check", "render", "verify", "write", "run")

# Module (or package prefix) -> stage. The longest matching prefix wins.
STAGE_OF = {
    # model: shared data, settings and catalogues every stage may read
    "generator.model": "model", "generator.errors": "model", "generator.project": "model",
    "generator.yamltext": "model", "generator.messages": "model", "generator.config": "model",
    "generator.presets": "model", "generator.languages": "model", "generator.links": "model",
    "generator.limits": "model", "generator.invisible": "model", "generator.budget": "model",
    "generator.icons": "model", "generator.pictures": "model",
    "generator.labels": "model", "generator.labels.model": "model", "generator.labels.stock": "model",
    "generator.labels.columns": "model", "generator.labels.limits": "model",
    # load: files in, text and raw rows out
    "generator.load": "load", "generator.labels.read": "load", "generator.labels.csvtext": "load",
    "generator.labels.yamlrows": "load", "generator.labels.raw": "load",
    # parse: text to the document model; prescription wording to schedules
    "generator.parse": "parse", "generator.labels.reading": "parse", "generator.labels.lexicon": "parse",
    "generator.labels.strength": "parse",
    # check: rules over documents and label rows
    # (a batch's settings carry the label rules in force, so they and the row checker are check-stage)
    "generator.check": "check", "generator.labels.rules": "check", "generator.labels.settings": "check", "generator.labels.row": "check", "generator.labels.directions": "check", "generator.labels.validate": "check",
    "generator.labels.lint": "check", "generator.pictures.review": "check",
    # render: HTML, layout, the layout's own checks, packing labels
    "generator.render": "render", "generator.labels.flow": "render",
    # verify: the finished PDF and HTML, read back
    "generator.verify": "verify",
    # write: files out
    "generator.write": "write", "generator.report": "write",
    # run: what drives the stages (commands, the pipelines, the studio, sheets)
    "generator": "run", "generator.__main__": "run", "generator.cli": "run", "generator.commands": "run",
    "generator.pipeline": "run", "generator.studio": "run", "generator.starters": "run",
    "generator.labels.batch": "run", "generator.labels.draw": "run", "generator.labels.sheets": "run",
    "generator.labels.pool": "run", "generator.labels.extras": "run", "generator.labels.reminders": "run",
    "generator.labels.report": "run", "generator.pictures.sheets": "run",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: dict[str, Path], typing_only: bool = True) -> list[tuple[str, int]]:
    """Every module ``path`` imports (absolute names), with the line of the import.

    With ``typing_only=False``, imports under ``if TYPE_CHECKING:`` (never run) are left out.
    """
    return imports_in(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py", known, typing_only)


def imports_in(source: str, name: str, is_package: bool, known: dict[str, Path], typing_only: bool = True) -> list[tuple[str, int]]:
    package = name if is_package else name.rpartition(".")[0]
    tree = ast.parse(source)
    skipped: set[int] = set()
    if not typing_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
                skipped.update(id(inner) for part in node.body for inner in ast.walk(part))
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from . import yamltext` imports the module generator.yamltext, not the package.
            submodules = [f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in known]
            found.extend((module, node.lineno) for module in submodules or [target])
    return found


def stage(module: str) -> str:
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        found = STAGE_OF.get(".".join(parts[:end]))
        if found:
            return found
    raise AssertionError(f"{module} has no stage: add it to STAGE_OF here and to the table in docs/architecture.md")


def test_every_module_has_a_stage() -> None:
    for module in modules():
        stage(module)  # raises with the fix


@pytest.mark.slow
def test_stages_only_import_earlier_stages() -> None:
    known = modules()
    backward = []
    for module, path in known.items():
        mine = STAGES.index(stage(module))
        for target, line in imports(path, known):
            if target.startswith("generator") and STAGES.index(stage(target)) > mine:
                backward.append(f"{path.relative_to(ROOT)}:{line}: {module} ({stage(module)}) imports {target} ({stage(target)})")
    assert backward == []


@pytest.mark.slow
def test_no_module_imports_one_that_imports_it_back() -> None:
    """At run time (a type-only import for annotations may point back)."""
    known = modules()
    graph = {module: {t for t, _ in imports(path, known, typing_only=False) if t in known and t != module} for module, path in known.items()}
    cycles = sorted(f"{a} <-> {b}" for a in graph for b in graph[a] if a < b and a in graph.get(b, ()))
    assert cycles == []


@pytest.mark.parametrize("engine", sorted(ADAPTERS))
@pytest.mark.slow
def test_each_engine_is_imported_by_its_adapter_only(engine: str) -> None:
    known = modules()
    users = {module for module, path in known.items() for target, _ in imports(path, known) if target.split(".")[0] == engine}
    assert users == ADAPTERS[engine]


def test_the_import_walk_sees_imports_inside_functions_and_type_checking() -> None:
    """A backward import hidden in a function body or under TYPE_CHECKING is still found."""
    source = ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..write import write_atomic\n"
              "def f():\n    from ..render import pdf\n    import weasyprint.urls\n    from . import metrics\n")
    found = imports_in(source, "generator.check.example", False, modules())
    assert found == [("typing", 1), ("generator.write", 3), ("generator.render.pdf", 5), ("weasyprint.urls", 6), ("generator.check.metrics", 7)]
    assert [stage(m) for m, _ in found[1:3]] == ["write", "render"]
    assert ("generator.write", 3) not in imports_in(source, "generator.check.example", False, modules(), typing_only=False)


def test_the_documented_table_is_the_enforced_table() -> None:
    """docs/architecture.md lists every row of STAGE_OF, and nothing else."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    documented: dict[str, str] = {}
    for stage_name, cells in re.findall(r"^\| (\w+) \| ([^|]+) \|", text, re.M):
        if stage_name in STAGES:
            for module in re.findall(r"`([\w.]+)`", cells):
                documented[module] = stage_name
    assert documented == STAGE_OF


@pytest.mark.slow
def test_an_html_only_build_does_not_load_weasyprint(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from generator.cli import main\n"
        f"code = main(['build', {str(ROOT / 'content/posters/flu-jabs.md')!r}, '--format', 'html', '--out', {str(tmp_path)!r}])\n"
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'pydyf', 'pikepdf')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.stdout.split("\n")[-2] == "0 []", done.stdout + done.stderr
    assert (tmp_path / "posters" / "flu-jabs.html").is_file()
