"""Where things live: the tool's own templates, icons and fonts, and the user's project.

The tool root is the checkout this package sits in (``templates/`` and ``icons/``
beside ``generator/``). A content project root is found by walking up from a
content file to the folder that holds ``content/`` (or a ``pyproject.toml``); only
files inside it, and the tool's own assets, are ever loaded into a document.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

TOOL_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = TOOL_ROOT / "templates"
ICONS = TOOL_ROOT / "icons"


@dataclass(frozen=True)
class Project:
    """The folder whose files a document may use, and where output goes by default."""

    root: Path

    @classmethod
    def for_path(cls, path: Path) -> Project:
        start = path.resolve()
        folder = start if start.is_dir() else start.parent
        for candidate in (folder, *folder.parents):
            if (candidate / "content").is_dir() or (candidate / "pyproject.toml").is_file():
                return cls(candidate)
        return cls(folder)

    def contains(self, path: Path) -> bool:
        return is_inside(path, self.root)


def is_inside(path: Path, root: Path) -> bool:
    """True if ``path`` (after resolving links and '..') is inside ``root``."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def output_path(source: Path, out_dir: Path, project: Project, suffix: str) -> Path:
    """Mirror the content path: ``content/posters/x.md`` -> ``<out>/posters/x.pdf``."""
    resolved = source.resolve()
    content = project.root / "content"
    try:
        relative = resolved.relative_to(content.resolve())
    except ValueError:
        try:
            relative = resolved.relative_to(project.root.resolve())
        except ValueError:
            relative = Path(resolved.name)
    return (out_dir / relative).with_suffix(suffix)
