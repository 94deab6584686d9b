"""`propose`: from a text and its event date, everything intake proposes. Pure: no database."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from monotown.intake.bodies import BodyMatcher
from monotown.intake.deadlines import EventDate, deadline_spans
from monotown.intake.directives import find_directives
from monotown.intake.event import find_chair, find_event_date, find_kind, find_speakers
from monotown.intake.figures import read_figures
from monotown.intake.language import detect_language
from monotown.intake.metrics import match_metric
from monotown.intake.model import EventProposal, Figure, Language, PlaceMatch, Proposal, Span
from monotown.intake.morphology import tokenize
from monotown.intake.objects import KnownObject, find_objects
from monotown.intake.periods import nearest_period, period_mentions
from monotown.intake.phrases import words_of
from monotown.intake.places import TownFinder
from monotown.intake.registry import Registry, bundled_registry
from monotown.intake.sentences import Sentence, split_sentences


@dataclass(frozen=True)
class Matchers:
    """The registry compiled for matching; build once and reuse for many texts."""

    registry: Registry
    bodies: BodyMatcher
    towns: TownFinder
    known_objects: tuple[KnownObject, ...]


def compile_registry(registry: Registry, known: tuple[KnownObject, ...] = ()) -> Matchers:
    return Matchers(
        registry=registry,
        bodies=BodyMatcher(registry.bodies, registry.regions, registry.towns),
        towns=TownFinder(registry.towns),
        known_objects=known,
    )


@lru_cache(maxsize=1)
def bundled_matchers() -> Matchers:
    from monotown.intake.registry import bundled_objects

    return compile_registry(bundled_registry(), bundled_objects())


def propose(
    text: str,
    event_date: date | EventDate | None = None,
    language: Language | None = None,
    matchers: Matchers | None = None,
) -> Proposal:
    """Propose the event, directives, figures and named objects of one press text.

    `event_date` resolves relative deadlines and periods ("within two weeks", "this year"); when
    omitted, the first full date the text states is used. `language` is detected when omitted
    (raises `UnsupportedLanguage` for anything but English, Russian and Kazakh).
    """
    matchers = matchers or bundled_matchers()
    language = language or detect_language(text)
    notes: list[str] = []
    stated = find_event_date(text)
    event = _event_date(event_date, stated, notes)
    sentences = split_sentences(text)
    directives = find_directives(text, sentences, language, event, matchers.bodies, matchers.towns)
    figures = _figures(text, sentences, language, event, matchers)
    objects = find_objects(sentences, language, matchers.towns, list(matchers.known_objects))
    if event is None:
        notes.append("no event date: relative deadlines and periods are left unresolved")
    proposal_event = EventProposal(
        on=event.on if event else None,
        precision=event.precision if event else None,
        date_source="given" if event_date is not None else ("text" if stated else "none"),
        kind=find_kind(text),
        chair=find_chair(text, language),
        speakers=tuple(find_speakers(text, language)),
    )
    return Proposal(
        language=language,
        event=proposal_event,
        directives=tuple(directives),
        figures=tuple(figures),
        objects=tuple(objects),
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        notes=tuple(notes),
    )


def _event_date(
    given: date | EventDate | None,
    stated: tuple[date, str, Span] | None,
    notes: list[str],
) -> EventDate | None:
    if isinstance(given, date):
        given = EventDate(given)
    if given is not None:
        if stated and stated[0] != given.on:
            notes.append(
                f"the text states the date {stated[0].isoformat()}; "
                f"the given date {given.on.isoformat()} was used"
            )
        return given
    if stated:
        return EventDate(stated[0])
    return None


def _figures(
    text: str,
    sentences: list[Sentence],
    language: Language,
    event: EventDate | None,
    matchers: Matchers,
) -> list[Figure]:
    skip = deadline_spans(text, event or EventDate(date(2000, 1, 1)))
    stated = find_event_date(text)
    if stated:
        skip.append(stated[2])
    figures: list[Figure] = []
    for sentence in sentences:
        if sentence.text.lstrip().startswith("#"):
            continue
        read = read_figures(sentence.text, language, sentence.span.start, skip)
        if not read:
            continue
        mentions = period_mentions(sentence.text, event.on.year if event else None)
        tokens = tokenize(sentence.text, language, sentence.span.start)
        scope: list[PlaceMatch] = []
        for match, _first, _last in matchers.towns.find(words_of(tokens)):
            if match.code not in {place.code for place in scope}:
                scope.append(match)
        scope += matchers.bodies.regions_in(tokens)
        for figure in read:
            period = nearest_period(mentions, figure.span.start - sentence.span.start)
            figures.append(
                Figure(
                    value=figure.value,
                    unit=figure.unit,
                    scale=figure.scale,
                    qualifier=figure.qualifier,
                    stated=text[figure.span.start : figure.span.end],
                    period=period,
                    scope=tuple(scope),
                    metric=match_metric(
                        matchers.registry.metrics, figure.value, figure.unit, period, sentence.text
                    ),
                    span=figure.span,
                    sentence=sentence.span,
                )
            )
    return figures
