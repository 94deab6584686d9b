"""Compiling a bodies registry into phrases to look for: names, ministry domains, region cores.

A ministry's "domain" is its name without the head word ("Industry and Construction",
"промышленности и строительства", "Өнеркәсіп және құрылыс"), so a coordinated list under one head
("The Ministries of ...") can be read item by item; a regional akimat's "core" is the distinctive
word of its region ("Karaganda", "Карагандинской", "Қарағанды", "ВКО").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from monotown.intake.model import BodyEntry, PlaceEntry
from monotown.intake.morphology import Token
from monotown.intake.phrases import Occurrence, Phrase, PhraseIndex, compile_phrase, keys_of
from monotown.intake.vocabulary import AKIMAT_HEAD, REGION_WORD, SEPARATOR

_DOMAIN_PATTERNS = (
    re.compile(r"^(?:the\s+)?ministry\s+(?:of|for)\s+(?P<domain>.+)$", re.IGNORECASE),
    re.compile(r"^(?P<domain>.+?)\s+ministry$", re.IGNORECASE),
    re.compile(r"^министерство\s+(?:по\s+)?(?P<domain>.+?)(?:\s+РК)?$", re.IGNORECASE),
    re.compile(r"^(?:ҚР\s+)?(?P<domain>.+?)\s+министрлігі$", re.IGNORECASE),
)
CORE_NOISE = frozenset({"of", "the", "города", "город", "г", "қаласының", "қаласы", "city"})


def parse_forward(
    index: PhraseIndex, words: Sequence[Token], start: int, plural: bool
) -> list[Occurrence]:
    items: list[Occurrence] = []
    position = start
    while position < len(words):
        occurrence = index._longest_at(words, position)
        if occurrence is None:
            break
        items.append(occurrence)
        position = occurrence.last + 1
        if not plural:
            break
        while position < len(words) and words[position].lower in SEPARATOR:
            position += 1
    return items


def parse_backward(
    index: PhraseIndex, words: Sequence[Token], end: int, plural: bool
) -> list[Occurrence]:
    items: list[Occurrence] = []
    position = end
    while position >= 0:
        occurrence = longest_ending_at(index, words, position)
        if occurrence is None:
            break
        items.append(occurrence)
        position = occurrence.first - 1
        if not plural:
            break
        while position >= 0 and words[position].lower in SEPARATOR:
            position -= 1
    return list(reversed(items))


def longest_ending_at(index: PhraseIndex, words: Sequence[Token], end: int) -> Occurrence | None:
    for start in range(max(0, end - 5), end + 1):
        occurrence = index._longest_at(words, start)
        if occurrence is not None and occurrence.last == end:
            return occurrence
    return None


def collective(bodies: Sequence[BodyEntry], kind: str) -> str:
    for body in bodies:
        if body.kind == kind and not body.region_code and not body.settlement:
            return body.code
    return ""


_COUNTRY_MARK = re.compile(r"^(?:ҚР\s+)?(?P<short>[^\s]+?)(?:\s+(?:РК|RK))?$")


def name_phrases(bodies: Sequence[BodyEntry]) -> list[Phrase]:
    """Every name and alias; "МФ РК" and "ҚР ЭМ" also as the bare "МФ", "ЭМ"."""
    phrases: list[Phrase] = []
    known = {name for body in bodies for name in body.names()}
    for body in bodies:
        names = list(body.names())
        for name in body.names():
            bare = _COUNTRY_MARK.match(name)
            if bare and bare.group("short") != name and bare.group("short") not in known:
                names.append(bare.group("short"))
        for name in names:
            phrase = compile_phrase(body.code, name)
            if phrase is not None:
                phrases.append(phrase)
    return phrases


def domain_phrases(bodies: Sequence[BodyEntry]) -> list[Phrase]:
    phrases: list[Phrase] = []
    for body in bodies:
        if body.kind != "ministry":
            continue
        for name in body.names():
            for pattern in _DOMAIN_PATTERNS:
                match = pattern.match(name.strip())
                if match:
                    phrase = compile_phrase(body.code, match.group("domain"))
                    if phrase is not None and not phrase.abbreviation:
                        phrases.append(phrase)
                    break
    return phrases


def region_cores(bodies: Sequence[BodyEntry], regions: Sequence[PlaceEntry]) -> list[Phrase]:
    """The distinctive words of each regional akimat's names: "Karaganda", "Карагандинской"."""
    region_names = {region.code: region.names() for region in regions}
    phrases: list[Phrase] = []
    for body in bodies:
        if body.kind != "regional_akimat" or not body.region_code:
            continue
        for name in (*body.names(), *region_names.get(body.region_code, ())):
            core = [
                word
                for word in re.split(r"\s+", name.strip())
                if word
                and not (_word_has(word, AKIMAT_HEAD | REGION_WORD) or word.lower() in CORE_NOISE)
            ]
            abbreviation = len(core) == 1 == len(name.split()) and name.isupper()  # "ВКО", "WKO"
            if abbreviation or (0 < len(core) <= 3 and len(core) < len(name.split())):
                phrase = compile_phrase(body.code, " ".join(core), proper=True)
                if phrase is not None:
                    phrases.append(phrase)
    return phrases


def _word_has(word: str, vocabulary: frozenset[str]) -> bool:
    return bool(keys_of(word) & vocabulary)
