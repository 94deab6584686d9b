"""The declared parts of every program entity: vocabulary columns, the rules across columns
(`in_order`, `strictly_in_order`, `needed_in_status`), and the ordered child lists that
directives and events keep their bodies, towns and speakers in."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from monotown.program.entities import ENTITIES, get_entity
from monotown.program.entities.base import choice_column, require_order
from monotown.program.fields import Lookups

UNUSED = cast(Lookups, None)  # a vocabulary word needs no lookups


def test_a_choice_column_lists_its_words_and_refuses_a_derived_overdue() -> None:
    column = choice_column("status", ("open", "done", "extended"), overdue_instead="open")
    assert column.help == "open, done or extended" and column.required
    assert column.parse("Done", UNUSED) == "done"
    with pytest.raises(ValueError, match="never typed in; record open"):
        column.parse("overdue", UNUSED)
    with pytest.raises(ValueError, match="must be one of open, done, extended"):
        column.parse("closed", UNUSED)
    assert choice_column("kind", ("only",), required=False).help == "only"


DATES = st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))


@given(first=DATES, second=DATES, strict=st.booleans())
def test_require_order_refuses_exactly_the_dates_that_go_backwards(
    first: dt.date | None, second: dt.date | None, strict: bool
) -> None:
    problems = require_order(
        {"start_on": first, "end_on": second}, "start_on", "end_on", strict=strict
    )
    backwards = (
        first is not None
        and second is not None
        and (second < first or (strict and second == first))
    )
    assert bool(problems) == backwards
    assert all(column == "end_on" and "start_on" in reason for column, reason in problems)


@given(
    start=DATES, planned=DATES, completed=DATES, status=st.sampled_from(["completed", "planned"])
)
def test_the_declared_rules_of_works_in_their_order(
    start: dt.date | None, planned: dt.date | None, completed: dt.date | None, status: str
) -> None:
    values: dict[str, Any] = {
        "start_on": start, "planned_end_on": planned, "completed_on": completed, "status": status,
    }  # fmt: skip
    expected = [
        *require_order(values, "start_on", "planned_end_on"),
        *require_order(values, "start_on", "completed_on"),
    ]
    if status == "completed" and completed is None:
        expected.append(("completed_on", "is required when status is completed"))
    assert get_entity("works").validate(values) == expected


def test_a_directive_lists_its_broken_rules_in_one_order() -> None:
    values = {
        "issued_on": dt.date(2024, 5, 1), "deadline": dt.date(2024, 4, 1),
        "extended_to": dt.date(2024, 4, 1), "status": "extended", "synthetic": True,
        "responsible": [],
    }  # fmt: skip
    assert [column for column, _ in get_entity("directives").validate(values)] == [
        "extended_to",
        "deadline",
        "responsible",
    ]
    values.update(status="done", extended_to=None)
    assert get_entity("directives").validate(values)[-1] == (
        "done_on",
        "is required when status is done",
    )


def test_every_entity_declares_columns_for_its_rules() -> None:
    for entity in ENTITIES.values():
        named = {*entity.column_names, "status"}
        for earlier, later in (*entity.in_order, *entity.strictly_in_order):
            assert {earlier, later} <= named, entity.name
        for column, _status in entity.needed_in_status:
            assert column in named, entity.name


def test_a_child_list_is_replaced_only_when_it_changed(facts_session: Session) -> None:
    directives = get_entity("directives")
    bodies = directives.column("responsible")
    assert bodies.get is not None and bodies.set is not None
    directive = directives.records(facts_session)[0]
    before = [id(child) for child in directive.bodies]
    bodies.set(facts_session, directive, bodies.get(directive))
    assert [id(child) for child in directive.bodies] == before
    bodies.set(facts_session, directive, ["Ministry of Finance", "akimat of Temirtau"])
    facts_session.flush()
    assert bodies.get(directive) == ["Ministry of Finance", "akimat of Temirtau"]
    assert [child.position for child in directive.bodies] == [0, 1]
