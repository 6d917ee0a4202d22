"""Kinds that read one sentence at a time: length, ideas, voice, negatives, numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Finding
from ..context import CheckedDocument, finding, threshold_level
from ..registry import Param, kind
from ..rulespec import RuleSpec
from ..text import Sentence
from ..where import at, quote


@kind("sentence_length", scoped=True, error=Param("int"), warning=Param("int"), suggestion=Param("int"), headings=Param("bool", False))
def sentence_length(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A sentence with more words than the threshold for a level."""
    limits = [spec.params[level] for level in ("error", "warning", "suggestion") if spec.params[level] is not None]
    lowest = min(limits, default=None)
    if lowest is None:
        return
    for sentence in doc.read_by(spec, spec.params["headings"]):
        count = len(sentence.words)
        if count > lowest:
            level, limit = threshold_level(count, spec.params)
            yield finding(spec, at(sentence), level, words=count, limit=int(limit))


@kind("average_sentence_length", scoped=True, error=Param("number"), warning=Param("number"), suggestion=Param("number"), min_sentences=Param("int", 5))
def average_sentence_length(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """The mean words per sentence over the body, once the body has enough sentences."""
    sentences = doc.read_by(spec)
    if len(sentences) < spec.params["min_sentences"]:
        return
    average = sum(len(s.words) for s in sentences) / len(sentences)
    level, limit = threshold_level(average, spec.params)
    if level:
        yield finding(spec, at(sentences[0]), level, average=f"{average:.1f}", limit=limit)


@kind("sentences_per_block", scoped=True, error=Param("int"), warning=Param("int"), suggestion=Param("int"))
def sentences_per_block(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A paragraph (easy-read row) holding too many sentences."""
    by_block: dict[int, list[Sentence]] = {}
    for sentence in doc.read_by(spec):
        by_block.setdefault(id(sentence.block), []).append(sentence)
    for group in by_block.values():
        level, limit = threshold_level(len(group), spec.params)
        if level:
            row = group[0].plain.text
            yield finding(spec, at(group[0]), level, count=len(group), limit=int(limit), quote=quote(row, 0, len(row)))


@kind("one_idea", ("en",), scoped=True, linkers=Param("list", []), max_commas=Param("int", 2))
def one_idea(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A sentence that joins ideas: a linking word such as 'because' or 'which', or many commas."""
    sentences = doc.read_by(spec)
    # The first linker in list order that a sentence holds, with the words as written.
    first_hit: dict[int, tuple[int, str]] = {}
    for rank, word in enumerate(spec.params["linkers"]):
        candidates = doc.holding([word], sentences)
        if not candidates:
            continue
        linker = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.I)
        for sentence, _, match in doc.search_each(linker, candidates):
            if sentence.index not in first_hit or first_hit[sentence.index][0] > rank:
                first_hit[sentence.index] = (rank, match.group())
    for sentence in sentences:
        hit = first_hit.get(sentence.index)
        commas = sentence.text.count(",")
        if hit or commas >= spec.params["max_commas"]:
            reason = f"'{hit[1]}' joins two ideas" if hit else f"{commas} commas"
            yield finding(spec, at(sentence), reason=reason)


BE_WORDS = ("am", "is", "are", "was", "were", "be", "been", "being", "get", "gets", "got", "getting")
BE = f"(?:{'|'.join(BE_WORDS)})"


@kind("passive_voice", ("en",), scoped=True, irregular=Param("list", []), not_participles=Param("list", []))
def passive_voice(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A form of 'be' or 'get', maybe an adverb, then a past participle: 'the form was sent'."""
    irregular = "|".join(re.escape(w) for w in spec.params["irregular"])
    pattern = re.compile(rf"\b{BE}\s+(?:\w+ly\s+|not\s+)?(?P<verb>\w+ed|{irregular})\b", re.I)
    skip = {w.lower() for w in spec.params["not_participles"]}
    done = -1
    for sentence, offset, match in doc.search_each(pattern, doc.holding(BE_WORDS, doc.read_by(spec))):
        if sentence.index == done or match["verb"].lower() in skip:
            continue
        done = sentence.index  # one finding per sentence: the first passive phrase
        yield finding(spec, at(sentence, offset, match.end() - match.start() + offset), phrase=match.group())


@kind("double_negative", ("en",), scoped=True, negatives=Param("list", []))
def double_negative(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """Two negative words in one sentence ('do not stop unless...')."""
    words = {w.lower() for w in spec.params["negatives"]}
    for sentence in doc.holding([*words, "t"], doc.read_by(spec)):  # "t": the end of every "n't"
        found = [n for n, w in enumerate(sentence.words) if w.lower() in words or w.lower().endswith("n't")]
        if len(found) >= 2:
            start, end = sentence.word_starts[found[0]], sentence.word_starts[found[1]] + len(sentence.words[found[1]])
            yield finding(spec, at(sentence, start, end), first=sentence.words[found[0]], second=sentence.words[found[1]])


@kind("number_words", ("en",), scoped=True, numbers=Param("map", {}), allow=Param("list", []))
def number_words(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A number written as a word ('three') where digits ('3') are easier."""
    numbers = {k.lower(): v for k, v in spec.params["numbers"].items()}
    allowed: list[re.Pattern[str]] = []
    for sentence in doc.holding(numbers, doc.read_by(spec, headings=True)):
        hits = [n for n, word in enumerate(sentence.words) if word.lower() in numbers]
        if not hits:
            continue
        allowed = allowed or [re.compile(rf"(?<!\w){a}(?!\w)", re.I) for a in spec.params["allow"]]
        protected = [(m.start(), m.end()) for p in allowed for m in p.finditer(sentence.text)]
        for number in hits:
            start = sentence.word_starts[number]
            if any(a <= start < b for a, b in protected):
                continue
            word = sentence.words[number]
            yield finding(spec, at(sentence, start, start + len(word)), word=word, digit=numbers[word.lower()])
