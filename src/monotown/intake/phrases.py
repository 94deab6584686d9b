"""Finding registry names in a run of words, one word's forms against another's.

A name is a sequence of key sets; it occurs where each of its words shares a key with the text's
word at that place. Abbreviations (МПС, MNE) must match letter for letter, and Latin proper names
may differ in transliteration or by one slip of the keyboard ("Stepnogosrk").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from monotown.intake.morphology import (
    Token,
    close_spelling,
    tokenize,
    transliteration_form,
    word_keys,
)

# Words a name may carry that a text leaves out or writes differently: legal forms, quotes.
NAME_NOISE = frozenset(["ао", "тоо", "жшс", "ақ", "jsc", "llp", "nc", "нк", "the"])


@dataclass(frozen=True)
class Phrase:
    """One name of one entry, ready to look for."""

    owner: str
    name: str
    words: tuple[frozenset[str], ...]
    surface: tuple[str, ...]
    abbreviation: bool
    proper: bool  # a proper name that may be transliterated or misspelt

    def __len__(self) -> int:
        return len(self.words)


@dataclass(frozen=True)
class Occurrence:
    phrase: Phrase
    first: int  # index of the first word in the word list
    last: int  # index of the last word


def words_of(tokens: Iterable[Token]) -> list[Token]:
    return [token for token in tokens if token.is_word]


def compile_phrase(owner: str, name: str, *, proper: bool = False) -> Phrase | None:
    tokens = [t for t in words_of(tokenize(name, "any")) if t.lower not in NAME_NOISE]
    if not tokens:
        return None
    abbreviation = len(tokens) <= 2 and all(_is_abbreviation(t.text) for t in tokens)
    return Phrase(
        owner=owner,
        name=name,
        words=tuple(t.keys for t in tokens),
        surface=tuple(t.text for t in tokens),
        abbreviation=abbreviation,
        proper=proper,
    )


def _is_abbreviation(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return 2 <= len(letters) <= 8 and sum(char.isupper() for char in letters) >= 2


class PhraseIndex:
    """All names of a registry, indexed by the keys of their first word."""

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        self._by_key: dict[str, list[Phrase]] = defaultdict(list)
        self._proper: list[tuple[str, Phrase]] = []
        self._fuzzy: dict[str, Phrase | None] = {}
        for phrase in phrases:
            for key in phrase.words[0]:
                self._by_key[key].append(phrase)
            if phrase.proper and len(phrase) == 1 and phrase.surface[0].isascii():
                self._proper.append((transliteration_form(phrase.surface[0]), phrase))

    def find(self, words: Sequence[Token]) -> list[Occurrence]:
        """Longest non-overlapping occurrences, left to right."""
        found: list[Occurrence] = []
        index = 0
        while index < len(words):
            best = self._longest_at(words, index)
            if best is None:
                index += 1
                continue
            found.append(best)
            index = best.last + 1
        return found

    def _longest_at(self, words: Sequence[Token], index: int) -> Occurrence | None:
        token = words[index]
        candidates: dict[int, Phrase] = {}
        for key in token.keys:
            for phrase in self._by_key.get(key, ()):
                candidates[id(phrase)] = phrase
        best: Occurrence | None = None
        for phrase in candidates.values():
            if _matches(phrase, words, index) and (best is None or len(phrase) > len(best.phrase)):
                best = Occurrence(phrase, index, index + len(phrase) - 1)
        if best is None and token.text[:1].isupper() and token.text.isascii():
            close = self._close(transliteration_form(token.text))
            if close is not None:
                return Occurrence(close, index, index)
        return best

    def _close(self, form: str) -> Phrase | None:
        """The proper name one slip away from `form` (memoised: texts repeat their names)."""
        if form not in self._fuzzy:
            if len(self._fuzzy) > 20_000:
                self._fuzzy.clear()
            self._fuzzy[form] = next(
                (phrase for known, phrase in self._proper if close_spelling(form, known)), None
            )
        return self._fuzzy[form]


def _matches(phrase: Phrase, words: Sequence[Token], index: int) -> bool:
    if index + len(phrase) > len(words):
        return False
    for offset, keys in enumerate(phrase.words):
        token = words[index + offset]
        if phrase.abbreviation:
            if token.text.split("-")[0] != phrase.surface[offset]:
                return False
        elif not keys & token.keys:
            return False
    return True


def keys_of(word: str) -> frozenset[str]:
    return word_keys(word, "any")
