"""The small exception hierarchy of easyread.

The library raises these and never prints or exits; ``cli.py`` turns them into
``path:line:col: error rule-id: message`` lines and exit codes (1 for content
problems, 2 for usage and configuration problems).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Problem:
    """One thing wrong with the user's input, located in their file."""

    path: str
    line: int
    column: int
    rule: str
    message: str

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path  # line 0: a flag or a whole file
        return f"{where}: error {self.rule}: {self.message}"


class GeneratorError(Exception):
    """Base of every error the library raises on purpose."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("easyread", 0, 0, "internal", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:
        # Errors cross process boundaries in label batches; keep their problems intact.
        return (self.__class__, (self.problems,))


class SourceError(GeneratorError):
    """A content file cannot be read or understood (bad front matter, bad cue)."""


class RenderError(GeneratorError):
    """The layout engine could not produce a correct page (overflow, bad resource)."""


class ConfigError(GeneratorError):
    """A configuration or rule file is wrong; this is a usage error (exit 2)."""

    exit_code = 2  # USAGE_ERROR in cli.py


class RuleDefinitionError(ConfigError):
    """A rule file names an unknown kind, a bad parameter or a duplicate id."""
