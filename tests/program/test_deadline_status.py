"""The status of a record with a deadline: 'overdue' is derived, so typing it in is refused,
naming the statuses to record instead: those deadlines can still turn overdue (not done or
cancelled)."""

from __future__ import annotations

import datetime as dt
from typing import cast

import pytest

from monotown.program.deadlines import derived_status
from monotown.program.entities import get_entity
from monotown.program.entities.base import deadline_status_column
from monotown.program.fields import Lookups

UNUSED = cast(Lookups, None)  # a vocabulary word needs no lookups


@pytest.mark.parametrize(
    ("entity", "instead"),
    [("directives", "open or extended"), ("measures", "planned or in_progress")],
)
def test_a_typed_in_overdue_names_the_statuses_to_record_instead(entity: str, instead: str) -> None:
    with pytest.raises(ValueError) as refused:
        get_entity(entity).column("status").parse("Overdue", UNUSED)
    assert str(refused.value) == (
        f"'overdue' is derived from the deadline and today's date, never typed in; record {instead}"
    )


def test_the_statuses_named_instead_are_the_ones_that_can_turn_overdue() -> None:
    statuses = ("waiting", "done", "paused", "cancelled", "resumed")
    column = deadline_status_column(statuses, "a status")
    assert column.name == "status" and column.help == "a status" and column.required
    assert column.choices == statuses and column.parse("Paused", UNUSED) == "paused"
    with pytest.raises(ValueError) as refused:
        column.parse("overdue", UNUSED)
    assert str(refused.value).endswith("never typed in; record waiting, paused or resumed")
    past, today = dt.date(2020, 1, 1), dt.date(2024, 1, 1)
    can_turn = [s for s in statuses if derived_status(s, past, None, today) == "overdue"]
    assert can_turn == ["waiting", "paused", "resumed"]
