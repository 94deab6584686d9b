"""Instructions of a text as proposed directives: action, bodies, deadline, towns, span.

One directive per instruction sentence, per list item under an instruction header ("Prime
Minister instructed:"), and per clause when one sentence gives two groups of bodies their own
tasks ("..., while the Ulytau and Aktobe regions must ..."). A later sentence of a list item joins
its item (its deadline too, when the first sentence has none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monotown.intake.bodies import BodyMatcher
from monotown.intake.cues import (
    ALSO,
    CLAUSE_SPLIT,
    DEADLINE_LABEL,
    DOCUMENT_SAYS,
    HEADER,
    IMPERSONAL,
    RESPONSIBLE_LABEL,
    cue_of,
)
from monotown.intake.deadlines import EventDate, find_deadline
from monotown.intake.event import find_event_date
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
    last_item: tuple[int, _Draft] | None = None
    previous_directive = -2  # index of the last sentence that gave a directive
    labels = _protocol_labels(text, sentences, language, event, bodies)
    for index, sentence in enumerate(sentences):
        if sentence.title or sentence.text.lstrip().startswith("#") or index in labels:
            continue
        if sentence.header and HEADER.search(sentence.text):
            header_bodies = bodies.match(tokenize(sentence.text, language, sentence.span.start))
            header_item = sentence.item
            continue
        if not sentence.bullet:
            header_bodies = None
        clauses = _clauses(text, sentence, language, event, bodies, towns)
        _apply_labels(clauses, labels, index)
        if header_bodies is not None and sentence.item > header_item:
            if last_item and last_item[0] == sentence.item:
                _extend(last_item[1], text, sentence, clauses)
            else:
                for clause in clauses:
                    clause.bodies = clause.bodies or list(header_bodies)
                    clause.cue = "list item"
                drafts.extend(clauses)
                last_item = (sentence.item, clauses[-1])
            continue
        going_on = drafts[-1] if drafts and previous_directive == index - 1 else None
        # Clauses of one sentence share its verb: "the MNE is to submit ...; the MIC – to ensure".
        shared = cue_of(sentence.text, language) if len(clauses) > 1 else None
        found = [c for c in clauses if _is_instruction(c, language, going_on, shared)]
        drafts.extend(found)
        if found:
            previous_directive = index
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


@dataclass(frozen=True)
class _Label:
    bodies: tuple[BodyMatch, ...] = ()
    deadline: Deadline | None = None


def _protocol_labels(
    text: str,
    sentences: list[Sentence],
    language: Language,
    event: EventDate | None,
    bodies: BodyMatcher,
) -> dict[int, _Label]:
    """ "Responsible: ..." and "Deadline: ..." lines, by sentence index."""
    labels: dict[int, _Label] = {}
    for index, sentence in enumerate(sentences):
        responsible = RESPONSIBLE_LABEL.match(sentence.text)
        if responsible:
            tokens = tokenize(sentence.text, language, sentence.span.start)
            labels[index] = _Label(bodies=tuple(bodies.match(tokens)))
            continue
        due = DEADLINE_LABEL.match(sentence.text)
        if due and event is not None:
            offset = sentence.span.start + due.start("rest")
            labels[index] = _Label(deadline=_stated_deadline(due.group("rest"), event, offset))
    return labels


def _stated_deadline(words: str, event: EventDate, base: int) -> Deadline | None:
    """ "by 1 October", "1 октября 2025 года", "01.10.2025": a deadline label's date."""
    found = find_deadline(words, event, base)
    if found is not None:
        return found
    stated = find_event_date(words)
    if stated is not None:
        on, precision, span = stated
        where = Span(base + span.start, base + span.end)
        return Deadline(on, precision, words[span.start : span.end], where, "stated-date")
    for lead in ("by ", "до "):  # a day and month alone: "1 October", "1 октября"
        found = find_deadline(lead + words, event, base - len(lead))
        if found is not None:
            span = Span(found.span.start + len(lead), found.span.end)
            return Deadline(found.on, found.precision, found.phrase[len(lead) :], span, found.rule)
    return None


def _apply_labels(clauses: list[_Draft], labels: dict[int, _Label], index: int) -> None:
    """An item takes the "Responsible:"/"Deadline:" lines that follow it."""
    following = index + 1
    while following in labels:
        label = labels[following]
        for clause in clauses:
            clause.bodies = clause.bodies or list(label.bodies)
            clause.deadline = clause.deadline or label.deadline
        following += 1


def _is_instruction(
    clause: _Draft,
    language: Language,
    going_on: _Draft | None,
    shared: tuple[str, str] | None = None,
) -> bool:
    """Does this clause instruct? Sets its cue (and, for "it is also necessary", its bodies)."""
    cue = cue_of(clause.text, language) or shared
    if cue is None:
        return False
    strength, words = cue
    if strength == "weak" and DOCUMENT_SAYS.search(clause.text):
        return False  # "According to the program, the akimats have to ...": a rule, not a task
    impersonal = IMPERSONAL.match(words) is not None
    if not clause.bodies and going_on is not None and impersonal and ALSO.search(clause.text):
        clause.bodies = list(going_on.bodies)  # "It is also necessary to ..." goes on
    unaddressed = not clause.bodies and clause.deadline is None
    if unaddressed and (strength == "weak" or len(clause.text.split()) < 8):
        return False  # "we must ...", or "The Head of Government gave instructions."
    target = clause.deadline is not None and clause.deadline.precision == "year"
    if strength == "weak" and not clause.bodies and target:
        return False  # "the share should reach 35% by 2029": a target, not a task
    clause.cue = words
    return True


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
    """A list item is one instruction: its later sentences add words, bodies, towns, a deadline."""
    draft.span = Span(draft.span.start, sentence.span.end)
    draft.text = text[draft.span.start : draft.span.end]
    for clause in clauses:
        draft.deadline = draft.deadline or clause.deadline
        known = {body.code for body in draft.bodies}
        draft.bodies += [body for body in clause.bodies if body.code not in known]
        known_towns = {town.code for town in draft.towns}
        draft.towns += [town for town in clause.towns if town.code not in known_towns]


def _action(draft: _Draft) -> str:
    """The instruction in its own words, without the deadline phrase that is stored apart."""
    action = draft.text
    if draft.deadline is not None:
        # Only a phrase that opens or closes the instruction is cut: mid-text it is part of it.
        offset = draft.deadline.span.start - draft.span.start
        length = draft.deadline.span.end - draft.deadline.span.start
        head, tail = action[:offset].strip(" ,"), action[offset + length :].strip(" ,.;")
        if not head or not tail or len(tail) <= 1:
            action = f"{head} {action[offset + length :]}" if head else action[offset + length :]
    action = re.sub(r"\s+", " ", action)
    action = re.sub(r"\s+([,.;:])", r"\1", action)
    action = action.strip(" ,;:-–—").strip()
    return action[:1].upper() + action[1:]
