"""Towns named in a sentence, in any of their spellings and inflections."""

from __future__ import annotations

from collections.abc import Sequence

from monotown.intake.model import PlaceEntry, PlaceMatch, Span
from monotown.intake.morphology import Token
from monotown.intake.phrases import Phrase, PhraseIndex, compile_phrase
from monotown.intake.vocabulary import REGION_WORD, has


class TownFinder:
    """Finds the registry's towns; "Abai region"/"области Абай" names the region, not the town."""

    def __init__(self, towns: Sequence[PlaceEntry]) -> None:
        self.towns = {town.code: town for town in towns}
        phrases: list[Phrase] = []
        for town in towns:
            for name in town.names():
                phrase = compile_phrase(town.code, name, proper=True)
                if phrase is not None:
                    phrases.append(phrase)
        self._index = PhraseIndex(phrases)

    def find(self, words: Sequence[Token]) -> list[tuple[PlaceMatch, int, int]]:
        """Each town mention with the indexes of its first and last word."""
        found: list[tuple[PlaceMatch, int, int]] = []
        for occurrence in self._index.find(words):
            following = words[occurrence.last + 1] if occurrence.last + 1 < len(words) else None
            if following is not None and has(following, REGION_WORD):
                continue
            if not words[occurrence.first].text[:1].isupper():
                continue
            town = self.towns[occurrence.phrase.owner]
            span = Span(words[occurrence.first].start, words[occurrence.last].end)
            found.append(
                (PlaceMatch(town.code, town.name_en, span), occurrence.first, occurrence.last)
            )
        return found

    def by_name(self, name_en: str) -> PlaceEntry | None:
        for town in self.towns.values():
            if town.name_en.lower() == name_en.lower():
                return town
        return None
