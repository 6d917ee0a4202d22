"""The project's own web addresses, defined once: ``[project.urls]`` in pyproject.toml.

SARIF output names the tool's home (``informationUri``) and links every rule to its
section of the rules reference (``helpUri``). Both come from the installed
package's metadata, so a fork that changes ``[project.urls]`` (and reinstalls)
changes them everywhere; nothing else in the code names a URL of ours.
"""

from __future__ import annotations

from functools import cache


@cache
def project_urls() -> dict[str, str]:
    """``[project.urls]`` as installed: label -> URL (empty if easyread is not installed)."""
    from importlib import metadata  # only SARIF output needs it; importing it costs a tenth of a cold check

    try:
        entries = metadata.metadata("easyread").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return {}
    return {label.strip(): url.strip() for label, _, url in (entry.partition(",") for entry in entries)}


def home() -> str | None:
    return project_urls().get("Homepage")


def rule_help(rule_id: str) -> str | None:
    """The address of a built-in rule's section in the rules reference (docs/rules.md)."""
    docs = project_urls().get("Documentation")
    return f"{docs.rstrip('/')}/rules.md#{rule_id}" if docs else None
