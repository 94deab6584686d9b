"""Storing a reviewed text as one undoable program import batch: the event and its text, the
directives, the stated figures (program facts) and a citation of every record's words.

Written through the program importer, so the batch is audited like any import and `undo`
restores exactly the state before it. The same text accepted again changes nothing; a record
the text repeats links to the stored one (a citation of the new words) instead of a copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from monotown.errors import ImportProblems, InputError
from monotown.events.models import Event, EventText
from monotown.events.sentences import split_sentences
from monotown.intake.review import Review
from monotown.intake.store_rows import (
    directive_code,
    directive_row,
    event_row,
    event_title,
    fact_row,
    text_row,
)
from monotown.intake.stored import (
    EVENT_KIND,
    INTAKE_FORMAT,
    StoredFact,
    accepted_batch,
    event_by_code,
    event_directives,
    existing_citations,
    same_day_event,
    stored_facts,
    stored_text,
    town_ids,
)
from monotown.intake.validation import check_review
from monotown.program.entities import EVENT_ENTITIES, Entity, get_entity
from monotown.program.importer import import_tables
from monotown.program.tabular import Table
from monotown.registry.access import WriteScope, require_settlements


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
        """Every field, in order; the codes named `event` and `text` as the answers call them."""
        return {_ANSWER_NAMES.get(name, name): value for name, value in asdict(self).items()}


_ANSWER_NAMES = {"event_code": "event", "text_code": "text"}


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
    # Which row of the review (1-based) each created directive or fact is, for messages.
    positions: dict[str, list[int]] = field(default_factory=lambda: {"directives": [], "facts": []})


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
    try:
        imported = import_tables(
            session,
            tables,
            user=user,
            source=review.publisher or "press text submitted through intake",
            origin=origin,
            note=f"intake of {file_name}: {plan.event_title[:200]}",
            fingerprint=(file_name, INTAKE_FORMAT, digest),
        )
    except ImportProblems as problems:
        raise _first_problem(plan, problems) from None
    result.batch_id = imported.batch_id
    return result


def _first_problem(plan: _Plan, problems: ImportProblems) -> InputError:
    """The importer's first problem, named by the review's row and field (one line)."""
    first = problems.problems[0]
    kind = (first.file or "").removeprefix("intake ")
    rows = plan.positions.get(kind, [])
    index = (first.row or 2) - 2
    where = f"{kind}[{rows[index]}]" if 0 <= index < len(rows) else kind or "review"
    field_name = f"{where}.{first.field}" if first.field else where
    return InputError(first.reason, field=field_name, value=first.value)


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


def _plan(session: Session, review: Review, file_name: str) -> _Plan:
    text = stored_text(session, review.text_sha256)
    event = _existing_event(session, review, text)
    kind = EVENT_KIND.get(review.event.kind, "other")
    code = event.code if event else f"intake-{review.text_sha256[:16]}"
    title = event_title(review, event)
    plan = _Plan(
        review,
        code,
        text.code if text else f"intake-{review.text_sha256[:16]}",
        title,
    )
    plan.linked = {"events": int(event is not None), "directives": 0, "facts": 0}
    if event is None:
        plan.event_row = event_row(review, code, kind, title)
    if text is None:
        plan.text_row = text_row(review, plan.text_code, plan.event_code, file_name)
    cited = existing_citations(session, text)
    sentences = split_sentences(review.text)
    towns = town_ids(session)
    known = event_directives(session, event)
    for number, directive in enumerate(review.directives, 1):
        stored_code = known.get(directive.identity())
        if stored_code is None:
            stored_code = directive_code(review, directive)
            plan.directives.append(directive_row(review, directive, stored_code, title))
            plan.positions["directives"].append(number)
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
    for number, figure in enumerate(review.figures, 1):
        key, row = fact_row(review, figure, title, facts)
        if row is None:
            plan.linked["facts"] += 1
        else:
            plan.facts.append(row)
            plan.positions["facts"].append(number)
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
