"""The program lists and the program import accept the same words: a filter word outside the
vocabulary is refused with the words the import of that column would name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from monotown.errors import InputError
from monotown.program import api_records
from monotown.program.entities import get_entity
from monotown.program.fields import Lookups

# (list, filter, and the entity and column whose import refuses the same words); WORDS: the
# words both accept, in the order the error names them.
LISTS: list[tuple[Callable[..., Any], str, str, str]] = [
    (api_records.projects, "status", "projects", "status"),
    (api_records.projects, "kind", "projects", "kind"),
    (api_records.contracts, "kind", "contracts", "kind"),
    (api_records.zones, "status", "zones", "status"),
    (api_records.works, "kind", "works", "kind"),
    (api_records.works, "status", "works", "status"),
    (api_records.budget_lines, "budget_source", "budget", "budget_source"),
    (api_records.plans, "kind", "plans", "kind"),
]
WORDS = {
    ("projects", "status"): "planned, under_implementation, operating, idle, cancelled",
    ("projects", "kind"): "anchor, investment",
    ("contracts", "kind"): "offtake, long_term",
    ("zones", "status"): "planned, under_construction, operating, closed",
    ("works", "kind"): "chp_repair, boiler, turbine, network, gasification",
    ("works", "status"): "planned, under_way, completed, cancelled",
    ("budget", "budget_source"): "national, local, other",
    ("plans", "kind"): "program, plan",
}


@pytest.mark.parametrize(("listing", "option", "entity", "column"), LISTS)
def test_a_list_refuses_the_words_its_import_refuses(
    session: Session, listing: Callable[..., Any], option: str, entity: str, column: str
) -> None:
    with pytest.raises(InputError) as refused:
        listing(session, **{option: "paused"})
    assert refused.value.field == option
    assert refused.value.reason == f"must be one of {WORDS[entity, column]}"
    with pytest.raises(ValueError) as on_import:
        get_entity(entity).column(column).parse("paused", Lookups(session))
    assert str(on_import.value) == refused.value.reason


def test_measures_also_take_the_derived_overdue(session: Session) -> None:
    with pytest.raises(InputError) as refused:
        api_records.measures(session, status="paused")
    assert refused.value.reason == "must be one of planned, in_progress, done, cancelled, overdue"
    assert api_records.measures(session, status="overdue").empty


def test_free_text_filters_take_any_word(session: Session) -> None:
    assert api_records.projects(session, sector="paused").empty
    assert api_records.budget_lines(session, plan="paused").empty
