"""Which of the three supported languages a text is in, from letters and function words.

No model: Kazakh is told from Russian by its own letters (ә ғ қ ң ө ұ ү һ і) and function words,
English from other Latin-script languages by its function words. Anything else is refused.
"""

from __future__ import annotations

import re

from monotown.intake.model import Language

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# Ukrainian and Belarusian letters neither Russian nor Kazakh uses.
OTHER_CYRILLIC = frozenset("їєґўЇЄҐЎ")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

FUNCTION_WORDS: dict[Language, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "of",
            "and",
            "to",
            "in",
            "a",
            "for",
            "is",
            "are",
            "was",
            "were",
            "with",
            "on",
            "by",
            "that",
            "this",
            "be",
            "has",
            "have",
            "it",
            "as",
            "at",
            "from",
            "which",
            "will",
            "an",
            "or",
            "its",
            "their",
        ]
    ),
    "ru": frozenset(
        [
            "и",
            "в",
            "на",
            "с",
            "по",
            "для",
            "не",
            "что",
            "это",
            "как",
            "из",
            "к",
            "о",
            "от",
            "до",
            "а",
            "также",
            "года",
            "том",
            "его",
            "их",
            "при",
            "было",
            "будет",
            "быть",
            "были",
            "которые",
            "который",
        ]
    ),
    "kk": frozenset(
        [
            "және",
            "мен",
            "бойынша",
            "үшін",
            "жылы",
            "туралы",
            "бұл",
            "осы",
            "да",
            "де",
            "қазақстан",
            "жөніндегі",
            "арқылы",
            "кезінде",
            "тиіс",
            "қажет",
            "бар",
            "жоқ",
            "болып",
            "болады",
            "сондай-ақ",
        ]
    ),
}


class UnsupportedLanguage(ValueError):
    """The text is not English, Russian or Kazakh (or has too few words to tell)."""


def detect_language(text: str) -> Language:
    """Return "en", "ru" or "kk"; raise UnsupportedLanguage with a reason otherwise."""
    words = [word.lower() for word in _WORD.findall(text)]
    if len(words) < 3:
        raise UnsupportedLanguage("too few words to tell the language")
    cyrillic = sum(1 for word in words if _is_cyrillic(word))
    latin = sum(1 for word in words if word.isascii())
    if cyrillic >= latin:
        if OTHER_CYRILLIC.intersection("".join(words)):
            raise UnsupportedLanguage("Cyrillic text that is neither Russian nor Kazakh")
        kazakh_words = sum(1 for word in words if KAZAKH_LETTERS.intersection(word))
        kk_score = _share(words, "kk") + kazakh_words / len(words)
        ru_score = _share(words, "ru")
        if kazakh_words / max(cyrillic, 1) >= 0.08 and kk_score >= ru_score:
            return "kk"
        if ru_score >= 0.08:
            return "ru"
        if kk_score >= 0.15:
            return "kk"
        raise UnsupportedLanguage("Cyrillic text that is neither Russian nor Kazakh")
    letters = [char for word in words for char in word if char.isalpha()]
    foreign = sum(1 for char in letters if not char.isascii())
    # Running English prose is a third function words; a one-line text may have only one.
    threshold = 0.15 if len(words) >= 40 else 0.08
    if _share(words, "en") >= threshold and foreign <= 0.02 * len(letters):
        return "en"
    raise UnsupportedLanguage("Latin-script text that is not English")


def _share(words: list[str], language: Language) -> float:
    vocabulary = FUNCTION_WORDS[language]
    return sum(1 for word in words if word in vocabulary) / len(words)


def _is_cyrillic(word: str) -> bool:
    return any("\u0400" <= char <= "\u04ff" for char in word)
