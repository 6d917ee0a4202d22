"""The pipeline, in the order of the mission: load -> parse -> check -> render -> verify -> write.

``build_file`` is the whole life of one content file. Errors in one file are
reported in its result and never stop the others; configuration errors stop
everything (they would fail every file the same way). Each file has a time budget
(``budget.py``). Every output is verified before it is written: one that fails is
written as ``x.failed.pdf`` (or ``.failed.html``) and the build fails, unless it is a
``--draft``. Outputs are written only once all of them are ready, so a file that
fails or runs out of time leaves the previous outputs as they were.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import limits
from .budget import Budget, OutOfTime
from .check import check, profile_for, ruleset
from .config import load_settings
from .errors import ConfigError, GeneratorError, Problem, SourceError
from .icons import Catalogue, load_catalogue
from .load import find_content, load, load_translation
from .model import Document, Report
from .parse import parse
from .parse.glossary import glossary_cues
from .pictures.settings import picture_settings
from .presets import Preset, get_preset
from .project import ICONS, TEMPLATES, Project, output_path
from .write import write_all_checked

if TYPE_CHECKING:
    from .check import RuleSet
    from .render import pdf as pdf_writer
    from .render.draft import Annotations
    from .verify import Finding  # verify (tinycss2, html.parser) loads only when a build verifies

PROGRESS = logging.getLogger("easyread.progress")
FORMATS = ("pdf", "html")


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path | None = None
    formats: tuple[str, ...] = FORMATS
    check: bool = True
    strict: bool = False
    profile: str | None = None
    draft: bool = False  # never stop: findings become notes, unknown pictures placeholders, verify findings warnings
    time_limit: float | None = limits.SECONDS_PER_DOCUMENT  # seconds per document; None for no limit


@dataclass(frozen=True)
class BuildResult:
    source: str
    report: Report | None = None
    outputs: tuple[Path, ...] = ()
    problems: tuple[Problem, ...] = ()
    pages: int = 0
    seconds: float = 0.0
    stopped_by_checker: bool = False
    # In a draft: what would have stopped a final build (an overflow, small text), written anyway.
    draft_problems: tuple[Problem, ...] = ()
    findings: tuple[Finding, ...] = ()  # what verify found in the outputs
    draft: bool = False
    translation_report: Report | None = None  # a bilingual booklet's second file, checked too

    @property
    def failed_outputs(self) -> tuple[Path, ...]:
        """Outputs written as ``x.failed.pdf`` because verify found problems in them."""
        return tuple(p for p in self.outputs if p.stem.endswith(".failed"))

    @property
    def ok(self) -> bool:
        return not self.problems and not self.stopped_by_checker and (self.draft or not self.findings)

    @property
    def reports(self) -> tuple[Report, ...]:
        return tuple(r for r in (self.report, self.translation_report) if r is not None)


def read_document(path: Path, project: Project, budget: Budget | None = None) -> Document:
    """Load and parse one content file; a bilingual booklet brings its second language along."""
    source = load(path)
    if budget is not None:
        budget.check("parsing")
    document = parse(source)
    if document.meta.get("translation"):
        document = replace(document, translation=parse(load_translation(path, source, project.root)))
    return document


def check_file(path: Path, profile: str | None = None, time_limit: float | None = limits.SECONDS_PER_DOCUMENT) -> tuple[Document, Report]:
    """Load, parse and check one file (the first three stages), within its time budget.

    The report is this file's own; a bilingual booklet's second file is checked by
    ``check_document(document.translation, ...)``, with the rules of its language.
    """
    budget = Budget(time_limit)
    try:
        with budget.enforced():
            return _check(path, profile, budget)
    except OutOfTime:
        raise SourceError(budget.problem(str(path))) from None


def _check(path: Path, profile: str | None, budget: Budget) -> tuple[Document, Report]:
    project = Project.for_path(path)
    document = read_document(path, project, budget)
    budget.check("checking")
    return check_document(document, project, profile)


def check_document(document: Document, project: Project, profile: str | None = None, rules: RuleSet | None = None) -> tuple[Document, Report]:
    """Check a parsed document with the rules its project and front matter choose (or ``rules``)."""
    rules = rules or rules_for(document, project, profile)
    report = check(document, rules, project, project_catalogue(project), glossary_cues(document))
    return document, report


def project_catalogue(project: Project) -> Catalogue:
    """The picture library as this project may use it: only the licences easyread.yaml accepts."""
    settings = load_settings(project.root)
    catalogue = load_catalogue()
    accepted = picture_settings(settings.pictures, catalogue, settings.path, settings.line("pictures"), settings.lines.get("pictures.licences"))
    return catalogue.accepting(accepted.licences)


def rules_for(document: Document, project: Project, profile: str | None = None) -> RuleSet:
    """The rule set for this document: --profile, then the project's settings, then its front matter."""
    settings = load_settings(project.root)
    source = document.source
    if profile:
        chosen, asked_at = profile, ("--profile", 0)
    elif settings.profile:
        chosen, asked_at = settings.profile, (settings.path, settings.line("profile"))
    else:
        chosen, asked_at = profile_for(document, get_preset(document.kind).profile), (source.path, source.meta_lines.get("profile", 1))
    return ruleset(chosen, settings, asked_at)


def draft_notes(document: Document, report: Report, project: Project, profile: str | None = None,
                rules: RuleSet | None = None) -> Annotations:
    """The findings of ``report`` as numbered draft notes (see ``render.draft``)."""
    from .render.draft import annotate

    kinds = {spec.id: spec.kind for spec in (rules or rules_for(document, project, profile)).rules}
    return annotate(document, report, kinds)


def build_file(path: Path, options: BuildOptions) -> BuildResult:
    """Check, render and write one content file. Nothing is written unless every output is ready."""
    started = time.perf_counter()
    shown = str(path)
    budget = Budget(options.time_limit)
    try:
        with budget.enforced():
            PROGRESS.info("Step 1/6 - Loading %s", path)
            document, report = _check(path, options.profile, budget)  # steps 1-3: load, parse, check
            shown = document.source.path
            second = check_document(document.translation, Project.for_path(path), options.profile)[1] if document.translation else None
            if options.check and not options.draft and any(r.fails(options.strict) for r in (report, second) if r is not None):
                return BuildResult(shown, report, stopped_by_checker=True, seconds=time.perf_counter() - started, translation_report=second)
            # The render stage is imported only here: `easyread check` never loads WeasyPrint,
            # and an HTML-only build loads it only for a PDF (below).
            from .errors import RenderError
            from .render import Target, render_html

            project = Project.for_path(path)
            preset = get_preset(document.kind)
            out_dir = options.out_dir or project.root / "output"
            notes = draft_notes(document, report, project, options.profile) if options.draft else None
            PROGRESS.info("Step 4/6 - Rendering %s", shown)
            ready: list[tuple[Path, bytes | str, bool]] = []  # (where, what, passed verify)
            findings: list[Finding] = []
            pages = 0
            held: list[Problem] = []
            if "pdf" in options.formats:
                from .render import pdf as pdf_writer
                from .verify import verify_pdf

                budget.check("rendering the PDF")
                html = render_html(document, preset, Target("pdf", project, load_catalogue(), notes))
                rendered = pdf_writer.layout(html, shown, render_roots(project), project.root)
                budget.check("checking the laid-out pages")
                try:
                    _verify(rendered, document, preset)
                except RenderError as exc:
                    if not options.draft:
                        raise
                    held.extend(exc.problems)
                pages = rendered.page_count
                budget.check("writing the PDF")
                data = pdf_writer.pdf_bytes(rendered, preset.name)
                target = output_path(path, out_dir, project, ".pdf")
                PROGRESS.info("Step 5/6 - Verifying %s", target)
                budget.check("verifying the PDF")
                found = verify_pdf(data, str(target), preset.name)
                passed = options.draft or not found
                ready.append((target, data, passed))
                findings += found
                if _folds(document):
                    from .render.impose import impose  # pikepdf: only folded booklets pay for the import

                    # The folding file is for the printer (pages out of reading order): it is not
                    # verified itself, and it is written as .failed too when the booklet failed.
                    budget.check("imposing the pages for folding")
                    ready.append((output_path(path, out_dir, project, ".print.pdf"), impose(data, document.title), passed))
            if "html" in options.formats:
                from .verify import verify_html

                budget.check("rendering the HTML page")
                page = render_html(document, preset, Target("html", project, load_catalogue(), notes))
                target = output_path(path, out_dir, project, ".html")
                found = verify_html(page, str(target))
                ready.append((target, page, options.draft or not found))
                findings += found
        PROGRESS.info("Step 6/6 - Writing %s", shown)
        outputs = write_all_checked(ready)  # the PDF, its print copy and its HTML twin are replaced together, or not at all
        return BuildResult(shown, report, tuple(outputs), pages=pages, seconds=time.perf_counter() - started, draft_problems=tuple(held),
                           findings=tuple(findings), draft=options.draft, translation_report=second)
    except ConfigError:
        raise
    except GeneratorError as exc:
        return BuildResult(shown, problems=tuple(exc.problems), seconds=time.perf_counter() - started)
    except OutOfTime:
        return BuildResult(shown, problems=(budget.problem(shown),), seconds=time.perf_counter() - started)


def build(paths: Iterable[Path], options: BuildOptions) -> list[BuildResult]:
    """Build every content file under ``paths``; one bad file does not stop the rest."""
    return [build_file(path, options) for path in find_content(paths)]


def _folds(document: Document) -> bool:
    """A booklet asks for a folding print file with 'print: {fold: true}'."""
    printing = document.meta.get("print") or {}
    return document.kind == "booklet" and bool(printing.get("fold"))


def render_roots(project: Project) -> list[Path]:
    """The folders a render may read: the project, the tool's icons and templates, the fonts."""
    from .render.fonts import font_dirs

    return [project.root, ICONS, TEMPLATES, *font_dirs()]


def _verify(rendered: pdf_writer.Rendered, document: Document, preset: Preset) -> None:
    """What the layout can tell before any bytes are written; the finished PDF is verified after."""
    from .render.poster import crowded_fix, paper_size, type_sizes
    from .render.verify import verify_pages, verify_poster

    if preset.max_pages == 1:  # one sheet (a poster): its own overflow messages, then its floor
        paper, _, _ = paper_size(document, preset)
        verify_poster(rendered, document, type_sizes(preset, paper)["small"], *crowded_fix(document, preset))
    else:
        verify_pages(rendered, document, preset.min_body_pt, preset.name)
