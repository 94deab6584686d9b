"""Named objects a sentence states: projects, zones, works, programs and plans.

Matched to existing records (zones, plans) by kind and town or name, so a proposal can link to
what is stored instead of duplicating it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monotown.intake.model import Language, NamedObject, PlaceMatch, Span
from monotown.intake.morphology import tokenize
from monotown.intake.phrases import words_of
from monotown.intake.places import TownFinder
from monotown.intake.sentences import Sentence


@dataclass(frozen=True)
class KnownObject:
    """A stored record a named object may be: its code, kind, name and town."""

    code: str
    kind: str
    name: str
    town: str = ""


_QUOTE = r"['\"“«‘]"
_UNQUOTE = r"['\"”»’]"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("project", re.compile(
        rf"(?:the\s+)?{_QUOTE}(?P<name>[^'\"”»’]{{3,80}}){_UNQUOTE}\s+"
        rf"(?P<kind>project|programme|program|initiative)", re.I)),
    ("project", re.compile(
        r"(?P<kind>проект\w*|программ\w*)\s+«(?P<name>[^»]{3,80})»", re.I)),
    ("project", re.compile(
        r"«(?P<name>[^»]{3,80})»\s+(?P<kind>жоба\w*|бағдарлама\w*|проект\w*|программ\w*)",
        re.I)),
    ("project", re.compile(
        r"(?P<name>National\s+Project\s+(?:for|on|of)\s+[A-Z][\w-]*"
        r"(?:\s+(?:[A-Z][\w-]*|and|the|of|for))*)")),
    ("zone", re.compile(
        r"(?P<name>(?:small\s+)?industrial\s+zones?|special\s+economic\s+zone"
        r"|индустриальн\w+\s+зон\w*|специальн\w+\s+экономическ\w+\s+зон\w*"
        r"|индустриялық\s+аймақ\w*|арнайы\s+экономикалық\s+аймақ\w*)", re.I)),
    ("works", re.compile(
        r"(?P<name>(?:repair|reconstruction|modernisation|modernization|restoration|construction"
        r"|gasification)(?:\s+and\s+\w+)?\s+(?:work\s+)?(?:at|of)\s+[A-Z][\w-]*\s+"
        r"(?:CHPP?|heat\s+and\s+power\s+plant|[A-Z][\w-]*))")),
    ("works", re.compile(
        r"(?P<name>(?:geological\s+exploration|prospecting)\s+works?"
        r"|геологоразведочн\w+\s+работ\w*|геологиялық\s+барлау\s+жұмыс\w*)", re.I)),
    ("plan", re.compile(
        r"(?P<name>comprehensive\s+(?:development\s+)?plans?|комплексн\w+\s+план\w*"
        r"|кешенді\s+(?:даму\s+)?жоспар\w*)", re.I)),
    ("project", re.compile(
        r"(?P<name>(?:a|the)\s+[\w-]+\s+(?:plant|factory|mill|mine))(?=\s+(?:worth|with|in|to|creating))",
        re.I)),
]  # fmt: skip


def find_objects(
    sentences: list[Sentence],
    language: Language,
    towns: TownFinder,
    known: list[KnownObject],
) -> list[NamedObject]:
    found: list[NamedObject] = []
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for sentence in sentences:
        sentence_towns = [
            match
            for match, _f, _l in towns.find(
                words_of(tokenize(sentence.text, language, sentence.span.start))
            )
        ]
        for kind, pattern in _PATTERNS:
            for match in pattern.finditer(sentence.text):
                name = re.sub(r"\s+", " ", match.group("name")).strip()
                name = re.sub(r"^(?:a|an|the)\s+", "", name, flags=re.I)
                if kind == "project" and " " not in name and name.islower():
                    continue  # a quoted adjective ("anchor" projects) names no project
                span = Span(
                    sentence.span.start + match.start("name"),
                    sentence.span.start + match.end("name"),
                )
                near = _towns_near(sentence_towns, span, kind)
                key = (kind, name.lower(), tuple(t.code for t in near))
                if key in seen:
                    continue
                seen.add(key)
                found.append(NamedObject(kind, name, near, _matched(kind, name, near, known), span))
    return found


def _towns_near(towns: list[PlaceMatch], span: Span, kind: str) -> tuple[PlaceMatch, ...]:
    """Towns said right after ("in Balkhash and Kulsary") or inside the object's name."""
    if kind == "works":  # "repair work at Stepnogorsk CHP": the town is in the name
        return tuple(town for town in towns if span.start <= town.span.start < span.end)
    limit = 80 if kind in {"zone", "plan"} else 40
    return tuple(town for town in towns if span.start - 25 <= town.span.start <= span.end + limit)


_GENERIC = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "for",
        "in",
        "at",
        "on",
        "to",
        "project",
        "projects",
        "plan",
        "plans",
        "zone",
        "zones",
        "work",
        "works",
        "program",
        "programme",
        "industrial",
        "development",
        "comprehensive",
        "national",
    ]
)


def _matched(kind: str, name: str, towns: tuple[PlaceMatch, ...], known: list[KnownObject]) -> str:
    """The stored record this object is: same kind, same town, and a distinctive word shared
    ("ferroalloy", "CHP"), or the same name; a zone is its town's zone."""
    words = _distinctive(name)
    town_names = {town.name.lower() for town in towns}
    for record in known:
        if _family(record.kind) != _family(kind):
            continue
        if record.name.lower() == name.lower():
            return record.code
        in_town = bool(record.town) and record.town.lower() in town_names
        if kind == "zone" and in_town and len(towns) == 1:
            return record.code
        if in_town and words & _distinctive(record.name):
            return record.code
    return ""


def _family(kind: str) -> str:
    return {"program": "plan", "direction": "plan", "investment": "project"}.get(kind, kind)


def _distinctive(name: str) -> set[str]:
    return {word for word in re.findall(r"[\w-]+", name.lower()) if word not in _GENERIC}
