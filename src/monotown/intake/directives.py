"""Instructions of a text as proposed directives: action, bodies, deadline, towns, span.

One directive per instruction sentence, per list item under an instruction header ("Prime
Minister instructed:"), and per clause when one sentence gives two groups of bodies their own
tasks ("..., while the Ulytau and Aktobe regions must ..."). A later sentence of a list item joins
its item unless it sets its own deadline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monotown.intake.bodies import BodyMatcher
from monotown.intake.cues import CLAUSE_SPLIT, HEADER, cue_of
from monotown.intake.deadlines import EventDate, find_deadline
from monotown.intake.model import BodyMatch, Deadline, Directive, Language, PlaceMatch, Span
from monotown.intake.morphology import tokenize
from monotown.intake.phrases import words_of
from monotown.intake.places import TownFinder
from monotown.intake.sentences import Sentence


@dataclass
class _Draft:
    span: Span
    text: str
    cue: str
    bodies: list[BodyMatch]
    towns: list[PlaceMatch]
    deadline: Deadline | None


def find_directives(
    text: str,
    sentences: list[Sentence],
    language: Language,
    event: EventDate | None,
    bodies: BodyMatcher,
    towns: TownFinder,
) -> list[Directive]:
    drafts: list[_Draft] = []
    header_bodies: list[BodyMatch] | None = None
    header_item = -1
    last_item_draft: tuple[int, _Draft] | None = None
    for sentence in sentences:
        if sentence.title or sentence.text.lstrip().startswith("#"):
            continue
        if sentence.header and HEADER.search(sentence.text):
            header_bodies = bodies.match(tokenize(sentence.text, language, sentence.span.start))
            header_item = sentence.item
            continue
        in_list = header_bodies is not None and sentence.bullet and sentence.item > header_item
        if header_bodies is not None and not sentence.bullet:
            header_bodies = None
        clauses = _clauses(text, sentence, language, event, bodies, towns)
        if in_list:
            assert header_bodies is not None
            if (
                last_item_draft
                and last_item_draft[0] == sentence.item
                and not any(clause.deadline for clause in clauses)
            ):
                _extend(last_item_draft[1], text, sentence, clauses)
                continue
            for clause in clauses:
                clause.bodies = clause.bodies or list(header_bodies)
                clause.cue = clause.cue or "list item"
            drafts.extend(clauses)
            last_item_draft = (sentence.item, clauses[-1])
            continue
        for clause in clauses:
            cue = cue_of(clause.text, language)
            if cue is None:
                continue
            strength, words = cue
            unaddressed = not clause.bodies and clause.deadline is None
            if unaddressed and (strength == "weak" or len(clause.text.split()) < 8):
                continue  # "we must ...", or "The Head of Government gave instructions."
            clause.cue = words
            drafts.append(clause)
    return [
        Directive(
            action=_action(draft),
            bodies=tuple(draft.bodies),
            deadline=draft.deadline,
            towns=tuple(draft.towns),
            span=draft.span,
            cue=draft.cue,
        )
        for draft in drafts
    ]


def _clauses(
    text: str,
    sentence: Sentence,
    language: Language,
    event: EventDate | None,
    bodies: BodyMatcher,
    towns: TownFinder,
) -> list[_Draft]:
    """The sentence as one draft, or one per clause when each clause has its own bodies."""
    whole = _draft(text, sentence.span, language, event, bodies, towns)
    pieces: list[Span] = []
    cursor = sentence.span.start
    for match in CLAUSE_SPLIT.finditer(sentence.text):
        pieces.append(Span(cursor, sentence.span.start + match.start()))
        cursor = sentence.span.start + match.end()
    if not pieces:
        return [whole]
    pieces.append(Span(cursor, sentence.span.end))
    drafts = [_draft(text, piece, language, event, bodies, towns) for piece in pieces]
    if sum(1 for draft in drafts if draft.bodies) < 2:
        return [whole]
    merged: list[_Draft] = []
    for draft in drafts:
        if not draft.bodies and merged:
            previous = merged[-1]
            previous.span = Span(previous.span.start, draft.span.end)
            previous.text = text[previous.span.start : previous.span.end]
            previous.towns += [
                t for t in draft.towns if t.code not in {p.code for p in previous.towns}
            ]
            previous.deadline = previous.deadline or draft.deadline
        else:
            merged.append(draft)
    shared = next((draft.deadline for draft in merged if draft.deadline), None)
    for draft in merged:
        draft.deadline = draft.deadline or shared
    return merged


def _draft(
    text: str,
    span: Span,
    language: Language,
    event: EventDate | None,
    bodies: BodyMatcher,
    towns: TownFinder,
) -> _Draft:
    piece = text[span.start : span.end]
    tokens = tokenize(piece, language, span.start)
    found_towns: list[PlaceMatch] = []
    for match, _first, _last in towns.find(words_of(tokens)):
        if match.code not in {town.code for town in found_towns}:
            found_towns.append(match)
    deadline = find_deadline(piece, event, span.start) if event else None
    return _Draft(span, piece, "", bodies.match(tokens), found_towns, deadline)


def _extend(draft: _Draft, text: str, sentence: Sentence, clauses: list[_Draft]) -> None:
    draft.span = Span(draft.span.start, sentence.span.end)
    draft.text = text[draft.span.start : draft.span.end]
    for clause in clauses:
        known = {body.code for body in draft.bodies}
        draft.bodies += [body for body in clause.bodies if body.code not in known]
        known_towns = {town.code for town in draft.towns}
        draft.towns += [town for town in clause.towns if town.code not in known_towns]


def _action(draft: _Draft) -> str:
    """The instruction in its own words, without the deadline phrase that is stored apart."""
    action = draft.text
    if draft.deadline is not None:
        phrase = draft.deadline.phrase
        action = action.replace(phrase, " ", 1)
    action = re.sub(r"\s+", " ", action)
    action = re.sub(r"\s+([,.;:])", r"\1", action)
    return action.strip(" ,;:-–—").strip()
