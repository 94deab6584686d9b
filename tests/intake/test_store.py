"""Accepting a text: one program batch holding the event, its text, the directives, the figures
and their citations; twice changes nothing, duplicates link, undo restores exactly."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, selectinload

from monotown.db import session_scope
from monotown.errors import InputError
from monotown.events.models import Citation, Event, EventText
from monotown.intake import Proposal, Span, propose
from monotown.intake.input import parse_event_date
from monotown.intake.review import ReviewedDirective, review_of, with_proposed
from monotown.intake.store import accept_review
from monotown.program.body_models import Body
from monotown.program.models import Directive, ProgramFact
from monotown.records.provenance import ImportBatch, undo_batch
from monotown.registry.models import Settlement
from tests.conftest import database_fixtures

LABELS = Path(__file__).parent / "labelled"
# The five packaged source texts and the label file of each.
SOURCES = {
    "primeminister-2013-session-330": "en_2013_government_session_330",
    "primeminister-2024-04-02": "en_2024-04-02_government_session",
    "kazinform-2024-04-02-baibazarov": "en_2024-04-02_kazinform_cabinet",
    "pm-press-2025-06-18-seminar": "en_2025-06_seminar_karaganda",
    "kazinform-2025-omarbekov": "en_2025_kazinform_regional_concept",
}
TABLES = (
    "event", "event_speaker", "event_text", "citation", "program_directive",
    "program_directive_body", "program_directive_town", "program_fact",
)  # fmt: skip


def source_text(code: str) -> str:
    folder = resources.files("monotown.resources.events").joinpath("texts")
    return folder.joinpath(f"{code}.txt").read_text("utf-8")


@cache
def label(code: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((LABELS / f"{SOURCES[code]}.yaml").read_text())
    return loaded


@cache
def proposal_of(code: str) -> Proposal:
    return propose(source_text(code), parse_event_date(str(label(code)["event_date"])))


def rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        return {
            table: sorted(map(tuple, connection.execute(text(f"SELECT * FROM {table}"))), key=str)
            for table in TABLES
        }


BODIES = database_fixtures("program_bodies")  # the reference data and the bundled bodies
bodies_engine, bodies_session = BODIES.engine, BODIES.session


def accept(session: Session, code: str, **changes: Any) -> Any:
    review = replace(review_of(proposal_of(code), source_text(code)), **changes)
    return accept_review(session, review, user="analyst", file_name=f"{code}.txt")


def stored_directives(session: Session, codes: list[str]) -> set[tuple[Any, ...]]:
    bodies = {key: value for key, value in session.execute(select(Body.id, Body.code))}
    towns = {key: value for key, value in session.execute(select(Settlement.id, Settlement.code))}
    query = (
        select(Directive)
        .where(Directive.code.in_(codes))
        .options(selectinload(Directive.bodies), selectinload(Directive.towns))
    )
    return {
        (
            d.deadline.isoformat() if d.deadline else None,
            frozenset(bodies[link.body_id] for link in d.bodies if link.body_id),
            frozenset(towns[link.settlement_id] for link in d.towns),
        )
        for d in session.scalars(query)
    }


def test_each_source_text_stores_its_bodies_deadlines_towns_and_spans(
    bodies_session: Session,
) -> None:
    for code in SOURCES:
        result = accept(bodies_session, code, figures_only=not label(code)["directives"])
        assert result.batch_id is not None and not result.already_stored
        wanted = {
            (
                str(item["deadline"]) if item.get("deadline") else None,
                frozenset(item["bodies"]),
                frozenset(item.get("towns") or ()),
            )
            for item in label(code)["directives"]
        }
        assert stored_directives(bodies_session, result.directives) == wanted, code
        content = source_text(code)
        stored = bodies_session.scalar(select(EventText).where(EventText.code == result.text_code))
        assert stored is not None and stored.content == content
        assert stored.sha256 == proposal_of(code).text_sha256
        cited = {
            (c.record_key, c.start_char, c.end_char, c.quote)
            for c in bodies_session.scalars(select(Citation).where(Citation.text_id == stored.id))
        }
        for directive, stored_code in zip(
            proposal_of(code).directives, result.directives, strict=True
        ):
            span = directive.span
            assert (stored_code, span.start, span.end, content[span.start : span.end]) in cited
        # A figure the text states twice (same metric, period and value) is one fact.
        facts = result.created.get("facts", 0) + result.linked.get("facts", 0)
        assert facts == len(proposal_of(code).figures) == len(result.facts)
        precisions = bodies_session.scalars(
            select(Directive.deadline_precision).where(Directive.code.in_(result.directives))
        )
        assert set(precisions) <= {"day", "month", "year", None}


def test_twice_changes_nothing_and_undo_restores_exactly(facts_engine: Engine) -> None:
    code = "primeminister-2024-04-02"
    before = rows(facts_engine)
    with session_scope(facts_engine) as session:
        first = accept(session, code)
    assert first.batch_id is not None
    after = rows(facts_engine)
    with session_scope(facts_engine) as session:
        again = accept(session, code)
        batches = session.scalar(select(func.count()).select_from(ImportBatch))
    assert again.already_stored and again.batch_id == first.batch_id
    assert rows(facts_engine) == after
    with session_scope(facts_engine) as session:
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == batches
        undo_batch(session, first.batch_id, user="analyst")
    assert rows(facts_engine) == before


def test_a_text_the_database_holds_links_to_its_event_directives_and_facts(
    facts_session: Session,
) -> None:
    code = "pm-press-2025-06-18-seminar"
    events = facts_session.scalar(select(func.count()).select_from(Event))
    result = accept(facts_session, code)
    assert result.linked["events"] == 1 and "events" not in result.created
    assert "event_texts" not in result.created  # the bundled text, same SHA-256
    assert result.event_code == "seminar-2025-06-karaganda"
    assert facts_session.scalar(select(func.count()).select_from(Event)) == events
    assert result.linked.get("directives", 0) >= 1
    linked = [c for c in result.directives if not c.startswith("in-")]
    assert len(linked) == result.linked["directives"]
    # Every stored directive of the event is found once: no copy has the bodies, deadline and
    # towns of another.
    identities = stored_directives(facts_session, result.directives)
    assert len(identities) == len(set(result.directives))


def test_a_second_text_of_an_event_links_to_the_event_and_its_same_directives(
    bodies_session: Session,
) -> None:
    code = "pm-press-2025-06-18-seminar"
    first = accept(bodies_session, code)
    review = review_of(proposal_of(code), source_text(code))
    other_text = source_text(code) + "\n\nRepublished by a regional newspaper."
    second_review = replace(review, text=other_text, event_code=first.event_code)
    second = accept_review(bodies_session, second_review, user="analyst", file_name="copy.txt")
    assert second.batch_id != first.batch_id and second.event_code == first.event_code
    assert second.linked == {"events": 1, "directives": 7, "facts": 7}
    assert set(second.created) == {"event_texts", "citations"}
    assert second.directives == first.directives and second.facts == first.facts


def test_the_edits_of_the_review_are_what_is_stored(bodies_session: Session) -> None:
    code = "pm-press-2025-06-18-seminar"
    content = source_text(code)
    proposal = proposal_of(code)
    review = review_of(proposal, content)
    changed = replace(
        review.directives[0],
        bodies=("mne",),
        towns=("temirtau",),
        deadline=dt.date(2025, 11, 30),
        deadline_precision="day",
        deadline_phrase="by November 30",
    )
    start = content.index("Kazakhstan currently has 20")
    added = ReviewedDirective(
        action="Report on the 20 towns",
        bodies=("mne",),
        towns=(),
        deadline=None,
        deadline_precision=None,
        deadline_phrase="",
        span=Span(start, start + 40),
    )
    edited = replace(
        review,
        directives=(changed, *review.directives[1:-1], added),
        figures=review.figures[:2],
    )
    result = accept_review(bodies_session, with_proposed(edited, proposal, content), user="analyst")
    first = bodies_session.scalar(select(Directive).where(Directive.code == result.directives[0]))
    assert first is not None
    assert [link.body for link in first.bodies] == ["mne"]
    assert first.deadline == dt.date(2025, 11, 30) and first.deadline_stated == "by November 30"
    assert "proposed: bodies akimat-kz-35, akimat-kz-23" in (first.note or "")
    last = bodies_session.scalar(select(Directive).where(Directive.code == result.directives[-1]))
    assert last is not None and last.text == "Report on the 20 towns"
    assert "added in review" in (last.note or "")
    dropped = proposal.directives[-1].key.removeprefix("directive:")[:12]
    assert not any(c.endswith(dropped) for c in result.directives)
    assert result.created["directives"] == 7 and result.created["facts"] == 2
    facts = bodies_session.scalar(select(func.count()).select_from(ProgramFact))
    assert facts == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"bodies": ("ministry-of-magic",)}, "directives[1].bodies"),
        ({"towns": ("atlantis",)}, "is not a settlement code"),
        ({"span": Span(10, 10_000_000)}, "outside the text"),
        ({"action": "  "}, "directives[1].action"),
    ],
)
def test_bad_input_stores_nothing(
    bodies_engine: Engine, change: dict[str, Any], message: str
) -> None:
    code = "primeminister-2024-04-02"
    before = rows(bodies_engine)
    review = review_of(proposal_of(code), source_text(code))
    bad = replace(review, directives=(replace(review.directives[0], **change),))
    with (
        session_scope(bodies_engine) as session,
        pytest.raises(InputError, match=re.escape(message)),
    ):
        accept_review(session, bad, user="analyst")
    assert rows(bodies_engine) == before
    with session_scope(bodies_engine) as session:
        assert not session.scalar(select(func.count()).select_from(ImportBatch))
        with pytest.raises(InputError, match="no directives to accept"):
            accept_review(session, replace(review, directives=()), user="analyst")
    assert rows(bodies_engine) == before
