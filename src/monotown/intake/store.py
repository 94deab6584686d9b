"""Storing a reviewed text as one undoable program import batch: the event and its text, the
directives, the stated figures (program facts) and a citation of every record's words.

Written through the program importer, so the batch is audited like any import and `undo`
restores exactly the state before it. The same text accepted again changes nothing; a record
the text repeats links to the stored one (a citation of the new words) instead of a copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from monotown.errors import InputError
from monotown.events.models import Event, EventText
from monotown.events.sentences import split_sentences
from monotown.intake.review import Review, ReviewedDirective, ReviewedFigure
from monotown.intake.stored import (
    EVENT_KIND,
    INTAKE_FORMAT,
    StoredFact,
    accepted_batch,
    event_by_code,
    event_directives,
    existing_citations,
    same_day_event,
    same_value,
    stored_facts,
    stored_text,
    town_ids,
)
from monotown.intake.validation import check_review
from monotown.program.entities import EVENT_ENTITIES, Entity, get_entity
from monotown.program.fields import to_text
from monotown.program.importer import import_tables
from monotown.program.tabular import Table
from monotown.records.access import WriteScope, require_settlements

# A fact's `event` label: short enough that its key ("as_of | event | metric") fits a citation.
TITLE_LIMIT = 240


@dataclass
class AcceptResult:
    """What accepting did: the batch (None when nothing was new), what it created and linked."""

    batch_id: int | None
    already_stored: bool
    event_code: str
    text_code: str
    created: dict[str, int] = field(default_factory=dict)
    linked: dict[str, int] = field(default_factory=dict)
    directives: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "batch_id": self.batch_id,
            "already_stored": self.already_stored,
            "event": self.event_code,
            "text": self.text_code,
            "created": self.created,
            "linked": self.linked,
            "directives": self.directives,
            "facts": self.facts,
        }


@dataclass
class _Plan:
    """The rows one accept writes, built before anything is written."""

    review: Review
    event_code: str
    text_code: str
    event_title: str
    event_row: dict[str, str] | None = None
    text_row: dict[str, str] | None = None
    directives: list[dict[str, str]] = field(default_factory=list)
    facts: list[dict[str, str]] = field(default_factory=list)
    citations: list[dict[str, str]] = field(default_factory=list)
    linked: dict[str, int] = field(default_factory=dict)
    directive_codes: list[str] = field(default_factory=list)
    fact_keys: list[str] = field(default_factory=list)
    touched: set[int] | None = field(default_factory=set)


def accept_review(
    session: Session,
    review: Review,
    *,
    user: str,
    origin: str = "cli",
    scope: WriteScope | None = None,
    file_name: str = "text",
) -> AcceptResult:
    """Store `review` as one program batch, or raise (InputError, PermissionDenied) and store
    nothing. A text an intake batch already stored returns that batch, `already_stored`."""
    check_review(session, review)
    digest = review.text_sha256
    done = accepted_batch(session, digest)
    if done is not None:
        text = stored_text(session, digest)
        return AcceptResult(
            done.id,
            True,
            text.event.code if text else "",
            text.code if text else "",
            directives=[],
        )
    plan = _plan(session, review, file_name)
    if scope is not None and scope.region_scoped:
        require_settlements(session, scope, plan.touched, f"the records of '{file_name}'")
    tables = _tables(plan, digest)
    created = {name: len(rows) for name, rows in _row_sets(plan) if rows}
    result = AcceptResult(
        None,
        not tables,
        plan.event_code,
        plan.text_code,
        created=created,
        linked={kind: count for kind, count in plan.linked.items() if count},
        directives=plan.directive_codes,
        facts=plan.fact_keys,
    )
    if not tables:
        return result
    imported = import_tables(
        session,
        tables,
        user=user,
        source=review.publisher or "press text submitted through intake",
        origin=origin,
        note=f"intake of {file_name}: {plan.event_title[:200]}",
        fingerprint=(file_name, INTAKE_FORMAT, digest),
    )
    result.batch_id = imported.batch_id
    return result


def _row_sets(plan: _Plan) -> list[tuple[str, list[dict[str, str]]]]:
    return [
        ("events", [plan.event_row] if plan.event_row else []),
        ("event_texts", [plan.text_row] if plan.text_row else []),
        ("directives", plan.directives),
        ("facts", plan.facts),
        ("citations", plan.citations),
    ]


def _tables(plan: _Plan, digest: str) -> list[tuple[Entity, Table]]:
    tables: list[tuple[Entity, Table]] = []
    for name, rows in _row_sets(plan):
        if not rows:
            continue
        entity = EVENT_ENTITIES.get(name) or get_entity(name)
        numbered = [(number, row) for number, row in enumerate(rows, 2)]
        tables.append(
            (entity, Table(f"intake {name}", INTAKE_FORMAT, digest, list(rows[0]), numbered))
        )
    return tables


def _date_text(on: dt.date | None, precision: str | None) -> str:
    if on is None:
        return ""
    value = on.isoformat()
    return {"day": value, "month": value[:7], "year": value[:4]}.get(precision or "day", value)


def _plan(session: Session, review: Review, file_name: str) -> _Plan:
    text = stored_text(session, review.text_sha256)
    event = _existing_event(session, review, text)
    kind = EVENT_KIND.get(review.event.kind, "other")
    code = event.code if event else f"intake-{review.text_sha256[:16]}"
    title = _title(review, event)
    plan = _Plan(
        review,
        code,
        text.code if text else f"intake-{review.text_sha256[:16]}",
        title,
    )
    plan.linked = {"events": int(event is not None), "directives": 0, "facts": 0}
    if event is None:
        plan.event_row = _event_row(review, code, kind, title)
    if text is None:
        plan.text_row = _text_row(review, plan, file_name)
    cited = existing_citations(session, text)
    sentences = split_sentences(review.text)
    towns = town_ids(session)
    known = event_directives(session, event)
    for directive in review.directives:
        stored_code = known.get(directive.identity())
        if stored_code is None:
            stored_code = _directive_code(review, directive)
            plan.directives.append(_directive_row(review, directive, stored_code, title))
        else:
            plan.linked["directives"] += 1
        plan.directive_codes.append(stored_code)
        _cite(
            plan,
            cited,
            sentences,
            "directives",
            stored_code,
            directive.span.start,
            directive.span.end,
        )
        _touch(plan, [towns[code] for code in directive.towns])
    facts = stored_facts(session)
    for figure in review.figures:
        key, row = _fact(review, figure, title, facts)
        if row is None:
            plan.linked["facts"] += 1
        else:
            plan.facts.append(row)
            facts.append(StoredFact(key, row["as_of"], row["event"], row["metric"], figure.value))
        plan.fact_keys.append(key)
        _cite(plan, cited, sentences, "facts", key, figure.sentence.start, figure.sentence.end)
        _touch(plan, [])
    return plan


def _existing_event(session: Session, review: Review, text: EventText | None) -> Event | None:
    if text is not None:
        return text.event
    if review.event_code:
        found = event_by_code(session, review.event_code)
        if found is None:
            raise InputError("is not a stored event", field="event_code", value=review.event_code)
        return found
    if review.event.on is not None and review.event.precision == "day":
        return same_day_event(session, review.event.on, EVENT_KIND.get(review.event.kind, "other"))
    return None


def _title(review: Review, event: Event | None) -> str:
    if event is not None:
        return event.title_en
    when = _date_text(review.event.on, review.event.precision) or "date not stated"
    kind = review.event.kind.replace("_", " ")
    if review.language == "en" and review.title:
        return review.title[:TITLE_LIMIT]
    return f"{kind.capitalize()} ({when})"


def _event_row(review: Review, code: str, kind: str, title: str) -> dict[str, str]:
    own_title = {"ru": "title_ru", "kk": "title_kk"}.get(review.language)
    posts: dict[str, str] = {}
    for name, post in review.event.speakers:  # one entry per person, the first post given
        posts.setdefault(name.replace(";", ",")[:200], post.replace(";", ",")[:400])
    speakers = [f"{name} / {post}" if post else name for name, post in posts.items()]
    return {
        "code": code,
        "kind": kind,
        "held_on": review.event.on.isoformat() if review.event.on else "",
        "date_precision": review.event.precision or "year",
        "title_en": title,
        "title_ru": review.title[:400] if own_title == "title_ru" else "",
        "title_kk": review.title[:400] if own_title == "title_kk" else "",
        "chair": review.event.chair[:300],
        "speakers": "; ".join(speakers),
        "note": f"reported by a text accepted through intake (intake's kind: {review.event.kind})",
    }


def _text_row(review: Review, plan: _Plan, file_name: str) -> dict[str, str]:
    return {
        "code": plan.text_code,
        "event": plan.event_code,
        "publisher": (review.publisher or "not stated (submitted through intake)")[:300],
        "published_on": review.event.on.isoformat() if review.event.on else "",
        "published_precision": review.event.precision or "year",
        "language": review.language,
        "title": review.title[:400],
        "resource": f"intake: {file_name}"[:300],
        "sha256": review.text_sha256,
        "content": review.text,
    }


def _directive_code(review: Review, directive: ReviewedDirective) -> str:
    digest = directive.key.removeprefix("directive:") or _digest(directive.span, directive.action)
    return f"in-{review.text_sha256[:10]}-{digest[:12]}"


def _digest(span: Any, words: str) -> str:
    import hashlib

    return hashlib.sha256(f"{span.start}|{span.end}|{words}".encode()).hexdigest()


def _directive_row(
    review: Review, directive: ReviewedDirective, code: str, title: str
) -> dict[str, str]:
    on = review.event.on if review.event.precision == "day" else None
    where = f"characters {directive.span.start}-{directive.span.end} of the text"
    note = f"accepted through intake ({where})"
    if directive.proposed:
        note += f"; {directive.proposed}"
    return {
        "code": code,
        "issued_at": title[:300],
        "issued_on": on.isoformat() if on else "",
        "text": directive.action,
        "responsible": "; ".join(directive.bodies),
        "towns": "; ".join(directive.towns),
        "deadline": directive.deadline.isoformat() if directive.deadline else "",
        "deadline_stated": directive.deadline_phrase[:200],
        "deadline_precision": directive.deadline_precision or "" if directive.deadline else "",
        "status": "open",
        "synthetic": "no",
        "source": _source(review),
        "note": note,
    }


def _source(review: Review) -> str:
    who = review.publisher or "press text"
    when = _date_text(review.event.on, review.event.precision)
    return f"{who}{', ' + when if when else ''} (intake)"[:500]


def _fact(
    review: Review, figure: ReviewedFigure, title: str, facts: list[StoredFact]
) -> tuple[str, dict[str, str] | None]:
    """The key of the stored fact the figure is, and the row to create (None: it is stored)."""
    topic, metric, as_of = _fact_metric(review, figure)
    label = title[:TITLE_LIMIT]
    for fact in facts:
        same_metric = fact.metric == metric and fact.as_of == as_of
        program_wide = figure.metric.startswith("program_facts:")
        same_event = program_wide or fact.event == label
        if same_metric and same_event and same_value(fact.value, figure.value):
            return fact.key, None
    taken = {(fact.as_of, fact.event, fact.metric) for fact in facts}
    unique, number = metric, 1
    while (as_of, label, unique) in taken:
        number += 1
        unique = f"{metric}_{number}"
    scope = ", ".join(figure.scope) or None
    note = " ".join(part for part in (figure.qualifier.replace("_", " "), figure.stated) if part)
    if figure.proposed:
        note += f"; {figure.proposed}"
    row = {
        "as_of": as_of,
        "event": label,
        "topic": topic,
        "metric": unique,
        "value": to_text(float(figure.value)),
        "unit": figure.unit or "count",
        "scope": scope or "",
        "synthetic": "no",
        "source": _source(review),
        "note": note[:5000],
    }
    return f"{as_of} | {label} | {unique}", row


def _fact_metric(review: Review, figure: ReviewedFigure) -> tuple[str, str, str]:
    """(topic, metric, as_of): a matched program fact's own, else from the catalog or unit."""
    year = str(review.event.on.year) if review.event.on else "undated"
    as_of = figure.period or year
    if figure.metric.startswith("program_facts:"):
        code = figure.metric.removeprefix("program_facts:")
        topic_metric, _, period = code.partition("@")
        topic, _, metric = topic_metric.partition(".")
        return topic, metric, period or as_of
    if figure.metric.startswith("catalog:"):
        return "catalog", figure.metric.removeprefix("catalog:")[:120], as_of
    unit = "".join(char if char.isalnum() else "_" for char in (figure.unit or "count").lower())
    return "stated", f"stated_{unit}"[:110], as_of


def _cite(
    plan: _Plan,
    cited: set[tuple[str, str, int]],
    sentences: list[Any],
    kind: str,
    key: str,
    start: int,
    end: int,
) -> None:
    index = _sentence_index(sentences, start)
    if (kind, key, index) in cited:
        return
    cited.add((kind, key, index))
    plan.citations.append(
        {
            "record_kind": kind,
            "record_key": key,
            "text": plan.text_code,
            "sentence": str(index),
            "start": str(start),
            "end": str(end),
            "quote": plan.review.text[start:end],
        }
    )


def _sentence_index(sentences: list[Any], start: int) -> int:
    index = 1
    for sentence in sentences:
        if sentence.start <= start:
            index = sentence.index
        else:
            break
    return index


def _touch(plan: _Plan, settlement_ids: Iterable[int]) -> None:
    ids = set(settlement_ids)
    if plan.touched is None:
        return
    plan.touched = None if not ids else plan.touched | ids
