"""Kinds that look for words and patterns: hard words, acronyms, styles, synonyms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ...model import Finding
from ..context import CheckedDocument, finding
from ..registry import Param, kind
from ..rulespec import RuleSpec
from ..search import whole_words
from ..where import Where, at, in_address


@kind("word_list", ("en",), scoped=True, words=Param("map", required=True), headings=Param("bool", True), skip_glossary=Param("bool", True))
def word_list(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A listed word or phrase, with the plainer words to say instead.

    All the words go into one pattern (longest first), compiled once: a list of a
    few hundred words would otherwise cost a regex compile each on every run.
    """
    entries = {" ".join(term.lower().split()): (term, str(easier or "")) for term, easier in spec.params["words"].items()}
    if not entries:
        return
    candidates = doc.holding(entries, doc.read_by(spec, spec.params["headings"]))
    if not candidates:
        return
    pattern = whole_words(tuple(sorted(entries, key=len, reverse=True)))
    for sentence, offset, match in doc.search_each(pattern, candidates):
        term, easier = entries[" ".join(match.group().lower().split())]
        if spec.params["skip_glossary"] and term.lower() in doc.glossary:
            continue
        end = offset + len(match.group())
        if in_address(sentence, offset, end):
            continue
        suggestion = f"Say '{easier}' instead." if easier else ""
        yield finding(spec, at(sentence, offset, end), suggestion=suggestion, word=match.group(), easier=easier)


@kind("pattern", scoped=True, patterns=Param("list", required=True), exclude=Param("list", []), case_sensitive=Param("bool", False), headings=Param("bool", True))
def pattern(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A regular expression match; each pattern may carry its own suggestion."""
    compiled, excluded = _compiled(spec)
    sentences = doc.read_by(spec, spec.params["headings"])
    found = []
    for order, (regex, tip) in enumerate(compiled):
        for sentence, offset, match in doc.search(regex, sentences):
            if any(ex.fullmatch(match.group()) for ex in excluded):
                continue
            if in_address(sentence, offset, offset + max(1, len(match.group()))):
                continue  # e-mail addresses, web links and phone numbers are not prose
            found.append((sentence.index, order, offset, sentence, tip, match.group()))
    found.sort(key=lambda hit: hit[:3])  # sentence by sentence, as the rule reads
    for _, _, offset, sentence, tip, text in found:
        yield finding(spec, at(sentence, offset, offset + len(text)), suggestion=tip, match=text)


def _compiled(spec: RuleSpec) -> tuple[tuple[tuple[re.Pattern[str], str], ...], tuple[re.Pattern[str], ...]]:
    """A pattern rule's expressions with their suggestions, compiled once per process."""
    items = tuple(
        (str(item.get("pattern", "")), str(item.get("suggestion", ""))) if isinstance(item, dict) else (str(item), "")
        for item in spec.params["patterns"]
    )
    return _compile(items, tuple(map(str, spec.params["exclude"])), bool(spec.params["case_sensitive"]))


@cache
def _compile(items: tuple[tuple[str, str], ...], exclude: tuple[str, ...], case_sensitive: bool) -> tuple[tuple[tuple[re.Pattern[str], str], ...], tuple[re.Pattern[str], ...]]:
    flags = re.MULTILINE | (0 if case_sensitive else re.IGNORECASE)  # ^ and $ match at sentence edges
    return tuple((re.compile(text, flags), tip) for text, tip in items), tuple(re.compile(text, flags) for text in exclude)


ACRONYM = re.compile(r"(?<![\w&])(?:[A-Z][A-Z&]{1,}|[A-Z]{2,}s)(?![\w&])")


@kind("acronyms", scoped=True, allow=Param("list", []))
def acronyms(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """Initials such as 'QI' that are not on the allowlist and not explained before use."""
    allowed = {a.upper() for a in spec.params["allow"]} | {g.upper() for g in doc.glossary}
    defined: set[str] = set()
    reported: set[str] = set()
    # A definition counts from the sentence it is in, even after the first use there,
    # and wherever it is (a heading too), whatever the rule's scope.
    definitions = iter(doc.search(DEFINITION))
    pending = next(definitions, None)
    for sentence, offset, match in doc.search(ACRONYM, doc.read_by(spec, headings=True)):
        while pending is not None and pending[0].index <= sentence.index:
            defined.add(pending[2].group(1) or pending[2].group(2))
            pending = next(definitions, None)
        token = match.group().rstrip("s") if match.group().endswith("s") and match.group()[:-1].isupper() else match.group()
        if token in allowed or token in defined or token in reported or len(token) > 6 or ROMAN.fullmatch(token):
            continue
        end = offset + len(match.group())
        if _all_caps_run(sentence.text, offset, end):
            continue  # a shouted phrase is the ALL CAPS rule's business
        if in_address(sentence, offset, end):
            continue
        reported.add(token)
        yield finding(spec, at(sentence, offset, end), acronym=token)


DEFINITION = re.compile(r"\(([A-Z][A-Z&]+)s?\)|\b([A-Z][A-Z&]+)s? (?:means|stands for)\b")
ROMAN = re.compile(r"[IVX]+")


def _all_caps_run(text: str, start: int, end: int) -> bool:
    before = text[:start].split()[-1:] or [""]
    after = text[end:].split()[:1] or [""]
    return any(len(w) >= 3 and w.isalpha() and w.isupper() for w in before + after)


CAPITALS = re.compile(r"[A-Z\u00C0-\u024F]{3}")  # every shouted word holds three of these in a row


@kind("emphasis", scoped=True, allow=Param("list", []), min_caps_words=Param("int", 2))
def emphasis(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """Italics in the source, and runs of words in ALL CAPITALS: both are harder to read."""
    allowed = {a.upper() for a in spec.params["allow"]}
    styled = {id(block) for block in doc.blocks if any(run.kind == "em" for run in block.inlines)}
    capitals = {sentence.index for sentence, _, _ in doc.search(CAPITALS)}
    for sentence in doc.read_by(spec, headings=True):
        if id(sentence.block) in styled:
            for start, end, style in sentence.styles:
                if style == "em":
                    yield finding(spec, at(sentence, start, end), what="italics", words=sentence.text[start:end], suggestion="Use bold for the key word instead.")
        if sentence.index not in capitals:
            continue  # no three capitals in a row, so no shouted word: most sentences
        run: list[int] = []
        for number, word in enumerate((*sentence.words, None)):
            shouting = word is not None and len(word) >= 3 and word.isalpha() and word.isupper() and word not in allowed
            if shouting:
                run.append(number)
                continue
            if len(run) >= spec.params["min_caps_words"]:
                start, end = sentence.word_starts[run[0]], sentence.word_starts[run[-1]] + len(sentence.words[run[-1]])
                yield finding(spec, at(sentence, start, end), what="ALL CAPS", words=sentence.text[start:end], suggestion="Write it in sentence case.")
            run = []


@kind("consistent_terms", ("en",), scoped=True, groups=Param("list", required=True))
def consistent_terms(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """Different words for one thing (doctor, GP, physician) in the same document."""
    for group in spec.params["groups"]:
        names = {" ".join(term.lower().split()): term for term in group}
        candidates = doc.holding(names, doc.read_by(spec, headings=True))
        if not candidates:
            continue
        pattern = whole_words(tuple(sorted(names, key=len, reverse=True)))
        first_use: dict[str, Where] = {}
        for sentence, offset, match in doc.search_each(pattern, candidates):
            term = names[" ".join(match.group().lower().split())]
            if term not in first_use and not in_address(sentence, offset, offset + len(match.group())):
                first_use[term] = at(sentence, offset, offset + len(match.group()))
        if len(first_use) > 1:
            terms = list(first_use)
            yield finding(spec, first_use[terms[1]], words=", ".join(terms), first=terms[0], term=terms[1])


@kind("hard_word_explained", ("en",), scoped=True, words=Param("list", []), window=Param("int", 2), patterns=Param("list", []))
def hard_word_explained(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A hard term that is neither in the glossary nor explained in the next sentences."""
    sentences = doc.sentences
    explain = [re.compile(p, re.I) for p in spec.params["patterns"]]
    names = {" ".join(term.lower().split()): term for term in spec.params["words"] if term.lower() not in doc.glossary}
    if not names:
        return
    candidates = doc.holding(names, doc.read_by(spec, headings=True))
    if not candidates:
        return
    pattern = whole_words(tuple(sorted(names, key=len, reverse=True)))
    done: set[str] = set()
    for sentence, offset, match in doc.search_each(pattern, candidates):
        term = names[" ".join(match.group().lower().split())]
        if term in done:
            continue
        done.add(term)  # only the first use of a term needs explaining
        index = sentence.index
        following = " ".join(s.text for s in sentences[index : index + 1 + spec.params["window"]])
        near = following[len(sentence.text) :] if len(following) > len(sentence.text) else ""
        end = offset + len(match.group())
        if in_address(sentence, offset, end) or any(p.search(sentence.text[end:]) or p.search(near) for p in explain):
            continue
        yield finding(spec, at(sentence, offset, end), word=match.group())
