"""Words as search and the picture-words rule see them: lower case, no filler words.

Word forms are not worked out here. The index (``index.py``) lists every form of every
word the catalogue and the synonyms know ("buses" -> "bus", "went" -> "go"), made
once with lemminflect when the index is built; at run time a form is a dictionary
look-up, so a build never loads a lemmatiser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
POSSESSIVE = re.compile(r"(?<=[a-z])'s\b")  # "people's" -> "people"

# Words that say nothing about what a picture should show. Kept short on purpose:
# "help", "take" or "stop" do carry meaning in easy read.
STOPWORDS = frozenset(
    ["a", "an", "the", "and", "or", "but", "if", "so", "of", "to", "in", "on", "at", "by", "for", "from", "with", "without", "into", "onto", "about", "as", "than", "then", "this", "that", "these", "those", "it", "its", "it's", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "has", "have", "had", "having", "i", "me", "my", "mine", "you", "your", "yours", "we", "us", "our", "ours", "they", "them", "their", "theirs", "he", "him", "his", "she", "her", "hers", "will", "would", "can", "could", "should", "may", "might", "must", "shall", "not", "nor", "too", "very", "just", "also", "only", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "all", "any", "each", "every", "some", "such", "more", "most", "other", "there", "here", "out", "up", "down", "over", "under", "again", "once", "s", "t", "d", "ll", "m", "o", "re", "ve", "y", "don't", "can't", "won't", "isn't", "get", "gets", "got", "getting", "make", "makes", "made", "let", "lets"]
)
# Question words are stopwords in a sentence but real words in a search for a picture.
QUESTION_WORDS = frozenset(["what", "which", "who", "when", "where", "why", "how"])


def tokens(text: str) -> list[str]:
    """Lower-case words of ``text``, apostrophes kept inside words ("don't")."""
    return WORD.findall(POSSESSIVE.sub("", text.lower().replace("\u2019", "'")))


def content_words(text: str, keep: frozenset[str] = frozenset()) -> list[str]:
    """The words of ``text`` that could name something a picture shows, in order, once each."""
    seen: list[str] = []
    for word in tokens(text):
        if (word not in STOPWORDS or word in keep) and word not in seen:
            seen.append(word)
    return seen


def base_forms(word: str, forms: Mapping[str, Iterable[str]]) -> tuple[str, ...]:
    """The word itself and the base forms it is a form of ("buses" -> bus, buses)."""
    found = forms.get(word)
    if not found:
        return (word,)
    return (word, *[f for f in found if f != word])
