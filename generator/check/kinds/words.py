"""Kinds that look for words and patterns: hard words, acronyms, styles, synonyms."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Finding
from ..context import CheckedDocument, finding, whole_words
from ..registry import Param, kind
from ..rulespec import RuleSpec
from ..text import Sentence


def _scope(doc: CheckedDocument, spec: RuleSpec) -> list[Sentence]:
    return doc.sentences if spec.params.get("headings", True) else doc.body_sentences


@kind("word_list", ("en",), words=Param("map", required=True), headings=Param("bool", True), skip_glossary=Param("bool", True))
def word_list(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A listed word or phrase, with the plainer words to say instead.

    All the words go into one pattern (longest first), compiled once: a list of a
    few hundred words would otherwise cost a regex compile each on every run.
    """
    entries = {" ".join(term.lower().split()): (term, str(easier or "")) for term, easier in spec.params["words"].items()}
    if not entries:
        return
    pattern = whole_words(tuple(sorted(entries, key=len, reverse=True)))
    for sentence in _scope(doc, spec):
        for match in pattern.finditer(sentence.text):
            term, easier = entries[" ".join(match.group().lower().split())]
            if spec.params["skip_glossary"] and term.lower() in doc.glossary:
                continue
            suggestion = f"Say '{easier}' instead." if easier else ""
            yield finding(spec, sentence.span_at(match.start()), suggestion=suggestion, word=match.group(), easier=easier)


@kind("pattern", patterns=Param("list", required=True), exclude=Param("list", []), case_sensitive=Param("bool", False), headings=Param("bool", True))
def pattern(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A regular expression match; each pattern may carry its own suggestion."""
    flags = 0 if spec.params["case_sensitive"] else re.IGNORECASE
    compiled = []
    for item in spec.params["patterns"]:
        text, tip = (item.get("pattern", ""), item.get("suggestion", "")) if isinstance(item, dict) else (str(item), "")
        compiled.append((re.compile(text, flags), tip))
    excluded = [re.compile(text, flags) for text in spec.params["exclude"]]
    for sentence in _scope(doc, spec):
        for regex, tip in compiled:
            for match in regex.finditer(sentence.text):
                if any(ex.fullmatch(match.group()) for ex in excluded):
                    continue
                yield finding(spec, sentence.span_at(match.start()), suggestion=tip, match=match.group())


ACRONYM = re.compile(r"(?<![\w&])(?:[A-Z][A-Z&]{1,}|[A-Z]{2,}s)(?![\w&])")


@kind("acronyms", allow=Param("list", []))
def acronyms(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """Initials such as 'QI' that are not on the allowlist and not explained before use."""
    allowed = {a.upper() for a in spec.params["allow"]} | {g.upper() for g in doc.glossary}
    defined: set[str] = set()
    reported: set[str] = set()
    for sentence in doc.sentences:
        for match in re.finditer(r"\(([A-Z][A-Z&]+)s?\)|\b([A-Z][A-Z&]+)s? (?:means|stands for)\b", sentence.text):
            defined.add(match.group(1) or match.group(2))
        for match in ACRONYM.finditer(sentence.text):
            token = match.group().rstrip("s") if match.group().endswith("s") and match.group()[:-1].isupper() else match.group()
            if token in allowed or token in defined or token in reported or len(token) > 6 or re.fullmatch(r"[IVX]+", token):
                continue
            if _all_caps_run(sentence.text, match):
                continue  # a shouted phrase is the ALL CAPS rule's business
            reported.add(token)
            yield finding(spec, sentence.span_at(match.start()), acronym=token)


def _all_caps_run(text: str, match: re.Match[str]) -> bool:
    before = text[: match.start()].split()[-1:] or [""]
    after = text[match.end() :].split()[:1] or [""]
    return any(len(w) >= 3 and w.isalpha() and w.isupper() for w in before + after)


@kind("emphasis", allow=Param("list", []), min_caps_words=Param("int", 2))
def emphasis(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """Italics in the source, and runs of words in ALL CAPITALS: both are harder to read."""
    allowed = {a.upper() for a in spec.params["allow"]}
    for sentence in doc.sentences:
        for start, _end, style in sentence.styles:
            if style == "em":
                yield finding(spec, sentence.span_at(start), what="italics", suggestion="Use bold for the key word instead.")
        run: list = []
        for word in (*sentence.words, None):
            shouting = word is not None and len(word.text) >= 3 and word.text.isalpha() and word.text.isupper() and word.text not in allowed
            if shouting:
                run.append(word)
                continue
            if len(run) >= spec.params["min_caps_words"]:
                yield finding(spec, run[0].span, what="ALL CAPS", suggestion="Write it in sentence case.")
            run = []


@kind("consistent_terms", ("en",), groups=Param("list", required=True))
def consistent_terms(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """Different words for one thing (doctor, GP, physician) in the same document."""
    for group in spec.params["groups"]:
        names = {" ".join(term.lower().split()): term for term in group}
        pattern = whole_words(tuple(sorted(names, key=len, reverse=True)))
        first_use: dict[str, object] = {}
        for sentence in doc.sentences:
            for match in pattern.finditer(sentence.text):
                term = names[" ".join(match.group().lower().split())]
                if term not in first_use:
                    first_use[term] = sentence.span_at(match.start())
        if len(first_use) > 1:
            terms = list(first_use)
            yield finding(spec, first_use[terms[1]], words=", ".join(terms), first=terms[0])  # type: ignore[arg-type]


@kind("hard_word_explained", ("en",), words=Param("list", []), window=Param("int", 2), patterns=Param("list", []))
def hard_word_explained(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A hard term that is neither in the glossary nor explained in the next sentences."""
    sentences = doc.sentences
    explain = [re.compile(p, re.I) for p in spec.params["patterns"]]
    names = {" ".join(term.lower().split()): term for term in spec.params["words"] if term.lower() not in doc.glossary}
    if not names:
        return
    pattern = whole_words(tuple(sorted(names, key=len, reverse=True)))
    done: set[str] = set()
    for index, sentence in enumerate(sentences):
        for match in pattern.finditer(sentence.text):
            term = names[" ".join(match.group().lower().split())]
            if term in done:
                continue
            done.add(term)  # only the first use of a term needs explaining
            following = " ".join(s.text for s in sentences[index : index + 1 + spec.params["window"]])
            near = following[len(sentence.text) :] if len(following) > len(sentence.text) else ""
            if any(p.search(sentence.text[match.end():]) or p.search(near) for p in explain):
                continue
            yield finding(spec, sentence.span_at(match.start()), word=match.group())
