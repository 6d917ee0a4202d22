"""Kinds that read one sentence at a time: length, ideas, voice, negatives, numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Finding
from ..context import CheckedDocument, finding, threshold_level
from ..registry import Param, kind
from ..rulespec import RuleSpec
from ..text import Sentence


def _body(doc: CheckedDocument, spec: RuleSpec) -> list[Sentence]:
    return doc.sentences if spec.params.get("headings") else doc.body_sentences


@kind("sentence_length", error=Param("int"), warning=Param("int"), suggestion=Param("int"), headings=Param("bool", False))
def sentence_length(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A sentence with more words than the threshold for a level."""
    for sentence in _body(doc, spec):
        count = len(sentence.words)
        level, limit = threshold_level(count, spec.params)
        if level:
            yield finding(spec, sentence.span, level, words=count, limit=int(limit))


@kind("average_sentence_length", error=Param("number"), warning=Param("number"), suggestion=Param("number"), min_sentences=Param("int", 5))
def average_sentence_length(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """The mean words per sentence over the body, once the body has enough sentences."""
    sentences = doc.body_sentences
    if len(sentences) < spec.params["min_sentences"]:
        return
    average = sum(len(s.words) for s in sentences) / len(sentences)
    level, limit = threshold_level(average, spec.params)
    if level:
        yield finding(spec, sentences[0].span, level, average=f"{average:.1f}", limit=limit)


@kind("sentences_per_block", error=Param("int"), warning=Param("int"), suggestion=Param("int"))
def sentences_per_block(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A paragraph (easy-read row) holding too many sentences."""
    by_block: dict[int, list[Sentence]] = {}
    for sentence in doc.body_sentences:
        by_block.setdefault(id(sentence.block), []).append(sentence)
    for group in by_block.values():
        level, limit = threshold_level(len(group), spec.params)
        if level:
            yield finding(spec, group[0].span, level, count=len(group), limit=int(limit))


@kind("one_idea", ("en",), linkers=Param("list", []), max_commas=Param("int", 2))
def one_idea(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A sentence that joins ideas: a linking word such as 'because' or 'which', or many commas."""
    linkers = [re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.I) for word in spec.params["linkers"]]
    for sentence in doc.body_sentences:
        commas = sentence.text.count(",")
        hit = next((p for p in linkers if p.search(sentence.text)), None)
        if hit or commas >= spec.params["max_commas"]:
            reason = f"'{hit.search(sentence.text).group()}' joins two ideas" if hit else f"{commas} commas"  # type: ignore[union-attr]
            yield finding(spec, sentence.span, reason=reason)


BE = r"(?:am|is|are|was|were|be|been|being|get|gets|got|getting)"


@kind("passive_voice", ("en",), irregular=Param("list", []), not_participles=Param("list", []))
def passive_voice(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A form of 'be' or 'get', maybe an adverb, then a past participle: 'the form was sent'."""
    irregular = "|".join(re.escape(w) for w in spec.params["irregular"])
    pattern = re.compile(rf"\b{BE}\s+(?:\w+ly\s+|not\s+)?(?P<verb>\w+ed|{irregular})\b", re.I)
    skip = {w.lower() for w in spec.params["not_participles"]}
    for sentence in doc.body_sentences:
        for match in pattern.finditer(sentence.text):
            if match["verb"].lower() in skip:
                continue
            yield finding(spec, sentence.span_at(match.start()), phrase=match.group())
            break


@kind("double_negative", ("en",), negatives=Param("list", []))
def double_negative(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """Two negative words in one sentence ('do not stop unless...')."""
    words = {w.lower() for w in spec.params["negatives"]}
    for sentence in doc.body_sentences:
        found = [w for w in sentence.words if w.text.lower() in words or w.text.lower().endswith("n't")]
        if len(found) >= 2:
            yield finding(spec, found[0].span, first=found[0].text, second=found[1].text)


@kind("number_words", ("en",), numbers=Param("map", {}), allow=Param("list", []))
def number_words(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A number written as a word ('three') where digits ('3') are easier."""
    numbers = {k.lower(): v for k, v in spec.params["numbers"].items()}
    allowed = [re.compile(rf"(?<!\w){a}(?!\w)", re.I) for a in spec.params["allow"]]
    for sentence in doc.sentences:
        protected = [(m.start(), m.end()) for p in allowed for m in p.finditer(sentence.text)]
        for word in sentence.words:
            digit = numbers.get(word.text.lower())
            if digit is None or any(a <= word.start < b for a, b in protected):
                continue
            yield finding(spec, word.span, word=word.text, digit=digit)
