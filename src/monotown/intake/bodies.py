"""Responsible bodies in a sentence, matched to a bodies registry.

Three ways a body is named: by a name or alias of the registry ("the Ministry of Industry and
Construction", "МПС"); by a head word with a coordinated list of what it heads ("The Ministries
of National Economy, Digital Development, Agriculture", "акиматам Карагандинской и Атырауской
областей", "Қарағанды және Атырау облыстарының әкімдіктері"); or by regions as the subject of an
instruction ("the Ulytau and Aktobe regions must"). Each list item becomes its own body.
"""

from __future__ import annotations

from collections.abc import Sequence

from monotown.intake.body_names import (
    CORE_NOISE,
    collective,
    domain_phrases,
    name_phrases,
    parse_backward,
    parse_forward,
    region_cores,
)
from monotown.intake.language import KAZAKH_LETTERS
from monotown.intake.model import BodyEntry, BodyMatch, PlaceEntry, PlaceMatch, Span
from monotown.intake.morphology import Token
from monotown.intake.phrases import Occurrence, Phrase, PhraseIndex, words_of
from monotown.intake.places import TownFinder
from monotown.intake.vocabulary import (
    ACTIVE_INSTRUCTION,
    AKIMAT_HEAD,
    ISSUER_VERB,
    KAZAKH_LOCATIVE,
    LOCATIVE_BEFORE,
    MINISTRY_HEAD,
    OF_WORD,
    PASSIVE_AUXILIARY,
    REGION_WORD,
    SEPARATOR,
    TOWN_WORD,
    has,
    is_plural_head,
)
from monotown.models.names import localised


class BodyMatcher:
    """Matches any list of `BodyEntry` (plus the regions and towns they are the akimats of)."""

    def __init__(
        self,
        bodies: Sequence[BodyEntry],
        regions: Sequence[PlaceEntry],
        towns: Sequence[PlaceEntry],
    ) -> None:
        self.bodies = {body.code: body for body in bodies}
        self._names = PhraseIndex(name_phrases(bodies))
        self._domains = PhraseIndex(domain_phrases(bodies))
        self._regions = PhraseIndex(region_cores(bodies, regions))
        self._towns = TownFinder(towns)
        self._town_akimat = {
            body.settlement.lower(): body.code
            for body in bodies
            if body.kind == "town_akimat" and body.settlement
        }
        self._all_regions = collective(bodies, "regional_akimat")
        self._all_towns = collective(bodies, "town_akimat")
        self._collectives = {self._all_regions, self._all_towns} - {""}

    def match(self, tokens: Sequence[Token]) -> list[BodyMatch]:
        """Bodies named in these tokens (one clause or sentence), each once, in text order."""
        words = words_of(tokens)
        found: dict[str, BodyMatch] = {}
        used: set[int] = set()

        def add(code: str, first: int, last: int, how: str) -> None:
            if code in found or code not in self.bodies:
                return
            span = Span(words[first].start, words[last].end)
            found[code] = BodyMatch(code, self._display(code), span, how)
            used.update(range(first, last + 1))

        for index, token in enumerate(words):
            if has(token, MINISTRY_HEAD):
                items = self._ministry_list(words, index)
            elif has(token, AKIMAT_HEAD):
                items = self._akimat_list(words, index)
            else:
                continue
            if items:
                used.add(index)  # the head word is part of what it heads, not a name of its own
            if _kazakh_issuer(words, index):
                continue
            for code, first, last in items:
                if not self._is_issuer(words, max(last, index)):  # "Аким области поручил"
                    add(code, first, last, "coordinated")
        # The Government or its head, subject of "instructed"/"тапсырды", issues the instruction.
        verbs = [
            index
            for index, token in enumerate(words)
            if token.lower in ACTIVE_INSTRUCTION
            and (index == 0 or words[index - 1].lower not in PASSIVE_AUXILIARY)
        ]
        instructs_after = verbs[-1] if verbs else -1
        for occurrence in self._names.find(words):
            body = self.bodies[occurrence.phrase.owner]
            if (
                _names_a_region_only(occurrence.phrase)
                or self._is_issuer(words, occurrence.last)
                or (body.kind == "government" and occurrence.last < instructs_after)
                or (body.kind == "government" and _recipient(words, occurrence.first))
                or _dateline(occurrence, words)
                or not _case_agrees(occurrence, words)
                or (
                    body.code not in found
                    and used & set(range(occurrence.first, occurrence.last + 1))
                )
            ):
                continue
            how = "abbreviation" if occurrence.phrase.abbreviation else "name"
            named = (
                self._collective_named(words, occurrence) if body.code in self._collectives else []
            )
            for code, first, last in named:
                add(
                    code,
                    occurrence.first if first > occurrence.last else first,
                    last,
                    "coordinated",
                )
            if not named:
                add(body.code, occurrence.first, occurrence.last, how)
        for index, token in enumerate(words):
            if has(token, REGION_WORD) and index not in used:
                for code, first, last in self._regions_as_subject(words, index):
                    add(code, first, last, "region")
        return sorted(found.values(), key=lambda match: match.span.start)

    def _collective_named(
        self, words: Sequence[Token], occurrence: Occurrence
    ) -> list[tuple[str, int, int]]:
        """ "local executive bodies of Atyrau region": a collective name narrowed to its places."""
        forward = occurrence.last + 1
        if forward >= len(words) or words[forward].lower not in {"of", "for"}:
            return []
        while forward < len(words) and words[forward].lower in OF_WORD:
            forward += 1
        return self._places_forward(words, forward, True)

    def regions_in(self, tokens: Sequence[Token]) -> list[PlaceMatch]:
        """Regions named as places ("in Karaganda region", "в Павлодарской области")."""
        words = words_of(tokens)
        found: dict[str, PlaceMatch] = {}
        for occurrence in self._regions.find(words):
            following = words[occurrence.last + 1] if occurrence.last + 1 < len(words) else None
            if following is None or not has(following, REGION_WORD):
                continue
            body = self.bodies[occurrence.phrase.owner]
            span = Span(words[occurrence.first].start, following.end)
            found.setdefault(
                body.region_code, PlaceMatch(body.region_code, _region_name(body), span)
            )
        return list(found.values())

    def _display(self, code: str) -> str:
        return localised(self.bodies[code], "en")

    def _is_issuer(self, words: Sequence[Token], last: int) -> bool:
        if KAZAKH_LETTERS.intersection(words[last].lower):
            return False  # Kazakh ends with the verb after the addressee: see _kazakh_issuer
        following = words[last + 1 : last + 4]
        if following and following[0].lower in PASSIVE_AUXILIARY | {"to", "that"}:
            return False  # "the Government is instructed", "urged the Ministry to"
        return any(token.lower in ISSUER_VERB for token in following)

    def _ministry_list(self, words: Sequence[Token], head: int) -> list[tuple[str, int, int]]:
        plural = is_plural_head(words[head])
        forward = head + 1
        while forward < len(words) and words[forward].lower in OF_WORD:
            forward += 1
        items = parse_forward(self._domains, words, forward, plural)
        if not items:
            items = parse_backward(self._domains, words, head - 1, plural)
        return [(occ.phrase.owner, min(head, occ.first), max(head, occ.last)) for occ in items]

    def _akimat_list(self, words: Sequence[Token], head: int) -> list[tuple[str, int, int]]:
        plural = is_plural_head(words[head])
        items: list[tuple[str, int, int]] = []
        forward = head + 1
        while forward < len(words) and (
            words[forward].lower in OF_WORD
            or words[forward].lower in CORE_NOISE
            or (has(words[forward], TOWN_WORD) and not has(words[forward], AKIMAT_HEAD))
        ):
            forward += 1
        if not KAZAKH_LETTERS.intersection(words[head].lower):
            # Kazakh puts the possessor first ("Абай облысының әкімдігіне Курчатовты ..."):
            # what follows its head is the rest of the sentence, not the akimat's place.
            items += self._places_forward(words, forward, plural)
        joined = head > 0 and words[head].start - words[head - 1].end <= 1
        if not items and joined:
            backward = head - 1
            while backward >= 0 and has(words[backward], REGION_WORD | TOWN_WORD):
                backward -= 1
            items += [
                (occ.phrase.owner, occ.first, head)
                for occ in parse_backward(self._regions, words, backward, plural)
            ]
            if not items:
                items += [
                    (code, first, head) for code, first in self._towns_backward(words, backward)
                ]
        if items:
            return items
        # "regional akimats", "akimats of single-industry towns": the words at the head, not a
        # locative before it ("in single-industry towns, akimats should ...").
        window = [*(words[head - 1 : head] if joined else []), *words[head + 1 : head + 6]]
        regional = any(has(token, REGION_WORD) for token in window)
        towns = any(has(token, TOWN_WORD) for token in window)
        collective: list[tuple[str, int, int]] = []
        if towns and self._all_towns:
            collective.append((self._all_towns, head, head))
        if (regional or not towns) and self._all_regions:
            collective.append((self._all_regions, head, head))
        return collective

    def _places_forward(
        self, words: Sequence[Token], start: int, plural: bool
    ) -> list[tuple[str, int, int]]:
        items: list[tuple[str, int, int]] = []
        index = start
        while index < len(words):
            region = self._regions._longest_at(words, index)
            if region is not None:
                items.append((region.phrase.owner, region.first, region.last))
                index = region.last + 1
            else:
                towns = self._towns.find(words[index : index + 3])
                if not towns or towns[0][1] != 0:
                    break
                match, _, last = towns[0]
                code = self._town_akimat.get(match.name.lower())
                if code:
                    items.append((code, index, index + last))
                index += last + 1
            if not plural:
                break
            while index < len(words) and (
                has(words[index], SEPARATOR | REGION_WORD | TOWN_WORD)
                or words[index].lower in CORE_NOISE
            ):
                index += 1
        return items

    def _towns_backward(self, words: Sequence[Token], end: int) -> list[tuple[str, int]]:
        """ "Балқаш және Сәтбаев қалаларының әкімдіктері", "Balkhash city akimat"."""
        found: list[tuple[str, int]] = []
        position = end
        while position >= 0:
            match = None
            for start in range(max(0, position - 2), position + 1):
                towns = self._towns.find(words[start : position + 1])
                if towns and towns[0][1] == 0 and towns[0][2] == position - start:
                    match = (towns[0][0], start)
                    break
            if match is None:
                break
            code = self._town_akimat.get(match[0].name.lower())
            if code:
                found.append((code, match[1]))
            position = match[1] - 1
            while position >= 0 and words[position].lower in SEPARATOR:
                position -= 1
        return list(reversed(found))

    def _regions_as_subject(
        self, words: Sequence[Token], region_word: int
    ) -> list[tuple[str, int, int]]:
        if _kazakh_locative(words[region_word].lower):
            return []
        items = parse_backward(self._regions, words, region_word - 1, True)
        if not items:
            return []
        first = min(occ.first for occ in items)
        if first > 0 and words[first - 1].lower in LOCATIVE_BEFORE:
            return []
        return [(occ.phrase.owner, occ.first, region_word) for occ in items]


def _region_name(body: BodyEntry) -> str:
    name = body.name_en
    return name[len("Akimat of ") :] if name.startswith("Akimat of ") else name


def _kazakh_issuer(words: Sequence[Token], head: int) -> bool:
    """ "Облыс әкімі ... әкімдеріне ... тапсырды": the head in the nominative, alone, of a
    sentence whose verb instructs is who instructs (the addressee takes the dative)."""
    lower = words[head].lower
    if not KAZAKH_LETTERS.intersection(lower) or not lower.endswith(("і", "ы")):
        return False
    if head + 1 < len(words) and words[head + 1].lower in SEPARATOR:
        return False  # "Энергетика министрлігі мен ... әкімдігіне": the case is on the last one
    return any(token.lower.startswith("тапсырд") for token in words[head + 1 :])


def _recipient(words: Sequence[Token], first: int) -> bool:
    """ "внести в Правительство", "submit to the Government": where proposals go, not who acts."""
    before = first - 1
    if before >= 0 and words[before].lower == "the":
        before -= 1
    return before >= 0 and words[before].lower in {"в", "во", "to", "into"}


def _dateline(occurrence: Occurrence, words: Sequence[Token]) -> bool:
    """ "ASTANA – ...": a place in capitals opening a text is where it was filed, not a body."""
    token = words[occurrence.first]
    return (
        not occurrence.phrase.abbreviation
        and len(token.text) > 3
        and token.text.isupper()
        and occurrence.first == occurrence.last
    )


def _case_agrees(occurrence: Occurrence, words: Sequence[Token]) -> bool:
    """A one-word Cyrillic name ("Даму") must be capitalised in the text: "даму" is a word."""
    surface = occurrence.phrase.surface
    if len(surface) != 1 or not surface[0][:1].isupper() or surface[0].isascii():
        return True  # English common nouns ("the government") are lower case in running text
    return words[occurrence.first].text[:1].isupper()


def _kazakh_locative(word: str) -> bool:
    return word.startswith("облыс") and word.endswith(KAZAKH_LOCATIVE)


def _names_a_region_only(phrase: Phrase) -> bool:
    keys = frozenset().union(*phrase.words)
    return bool(keys & REGION_WORD) and not keys & AKIMAT_HEAD
