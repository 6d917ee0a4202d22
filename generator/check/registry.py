"""The kind registry: coded rule kinds register here with the parameters they take.

A kind is a pure function ``(doc, spec) -> Iterable[Finding]``. Its parameters are
declared with their types and defaults, so a rule file with a typo'd or wrongly
typed parameter fails loudly with its file and line, before any content is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model import Finding
    from .context import CheckedDocument
    from .rulespec import RuleSpec

KindFunction = Callable[["CheckedDocument", "RuleSpec"], Iterable["Finding"]]

_TYPES: dict[str, tuple[type, ...]] = {
    "int": (int,),
    "number": (int, float),
    "str": (str,),
    "bool": (bool,),
    "list": (list,),
    "map": (dict,),
}


@dataclass(frozen=True)
class Param:
    type: str
    default: Any = None
    required: bool = False


# A rule's ``languages:`` when it runs on text in any language (lengths, numbers, layout).
ALL_LANGUAGES = "all"


@dataclass(frozen=True)
class Kind:
    name: str
    run: KindFunction
    params: Mapping[str, Param]
    doc: str
    # The languages a rule of this kind applies to when its entry has no ``languages:``:
    # 'all' for kinds that measure or count, the language of their word lists otherwise.
    languages: tuple[str, ...] = (ALL_LANGUAGES,)
    scoped: bool = False  # reads sentences, so a rule of this kind may narrow them with ``scope``
    profile: str | None = None  # in force in this profile only (label rows); None: in every profile

    def check_params(self, given: Mapping[str, Any]) -> list[str]:
        """Problems with ``given`` parameters, as sentences naming the parameter."""
        problems = []
        for key, value in given.items():
            param = self.params.get(key)
            if param is None:
                known = ", ".join(sorted(self.params)) or "none"
                problems.append(f"kind '{self.name}' has no parameter '{key}' (it takes: {known})")
            elif isinstance(value, bool) and param.type in ("int", "number"):
                problems.append(f"parameter '{key}' must be a {param.type}, not true/false")
            elif not isinstance(value, _TYPES[param.type]):
                problems.append(f"parameter '{key}' must be a {param.type}, got {type(value).__name__}")
        for key, param in self.params.items():
            if param.required and key not in given:
                problems.append(f"kind '{self.name}' needs parameter '{key}'")
        return problems

    def with_defaults(self, given: Mapping[str, Any]) -> dict[str, Any]:
        merged = {key: param.default for key, param in self.params.items()}
        merged.update(given)
        return merged


KINDS: dict[str, Kind] = {}


def kind(name: str, languages: tuple[str, ...] = (ALL_LANGUAGES,), *, scoped: bool = False, profile: str | None = None,
         **params: Param) -> Callable[[KindFunction], KindFunction]:
    """Register a coded kind; registering a name twice is a programming error.

    ``languages`` is the default for rules of this kind that do not say: a kind that
    reads words from a list ('because', 'was sent') defaults to English.
    ``scoped`` kinds read sentences and honour a rule's ``scope``. A kind with a
    ``profile`` is in force in that profile only (label rows: ``label``).
    """

    def register(function: KindFunction) -> KindFunction:
        if name in KINDS:
            raise RuntimeError(f"rule kind '{name}' registered twice")
        KINDS[name] = Kind(name, function, params, (function.__doc__ or "").strip(), tuple(languages), scoped, profile)
        return function

    return register
