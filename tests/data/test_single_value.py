"""The direct single-value write stores exactly what an import of the same one-row frame stores."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from monotown.data import import_frame
from monotown.data.models import IndicatorValue, ReplacedValue
from monotown.data.single_value import delete_value, write_value
from monotown.db import session_scope
from monotown.errors import MonotownError
from monotown.records.provenance import AuditEntry, ImportBatch, undo_batch
from monotown.registry.models import Settlement
from tests.data.conftest import counts

VALUE_FIELDS = ("settlement_id", "indicator_id", "period", "period_type", "year", "value", "flag",
                "source", "note", "batch_id")  # fmt: skip
BATCH_FIELDS = ("kind", "file_name", "sha256", "format", "source", "user", "status", "rows_total",
                "n_new", "n_changed", "n_unchanged", "n_invalid", "note")  # fmt: skip


def _rows(session: Session, model: Any, fields: Iterable[str], newer_than: int) -> list[Any]:
    """Rows as tuples; a batch id above `newer_than` (made by the write) reads as 'new'."""

    def shown(name: str, value: Any) -> Any:
        is_batch = name in ("batch_id", "replaced_by", "entity_key")
        if is_batch and value is not None and int(value) > newer_than:
            return "new"
        return value

    fields = tuple(fields)
    found = [tuple(shown(name, getattr(row, name)) for name in fields)
             for row in session.scalars(select(model))]  # fmt: skip
    return sorted(found, key=repr)


def _state(session: Session, newer_than: int) -> dict[str, Any]:
    """Everything a value write may touch, without ids and timestamps."""
    session.flush()
    new_batches = select(ImportBatch).where(ImportBatch.id > newer_than)
    audit = select(AuditEntry).where(AuditEntry.batch_id > newer_than)
    return {
        "values": _rows(session, IndicatorValue, VALUE_FIELDS, newer_than),
        "replaced": _rows(session, ReplacedValue, (*VALUE_FIELDS, "replaced_by"), newer_than),
        "batches": [
            tuple(getattr(b, name) for name in BATCH_FIELDS) for b in session.scalars(new_batches)
        ],
        "audit": [
            (a.user, a.origin, a.action, a.entity, a.old, a.new) for a in session.scalars(audit)
        ],
    }


def _last_batch(session: Session) -> int:
    return int(session.scalar(select(func.max(ImportBatch.id))) or 0)


def _snapshot(engine: Engine) -> list[Any]:
    with session_scope(engine) as session:
        return _rows(session, IndicatorValue, VALUE_FIELDS, newer_than=1 << 30)


@dataclass(frozen=True)
class RegionScope:
    """A regional editor's write scope (what the web's Principal provides)."""

    region_ids: frozenset[int]

    @property
    def region_scoped(self) -> bool:
        return True

    def require_regions(self, region_ids: Iterable[int], what: str) -> None:
        if set(region_ids) - self.region_ids:
            raise MonotownError(f"{what} is outside the editor's regions")


def _write(session: Session, value: float, **cells: Any) -> int:
    key = {"town": "temirtau", "indicator": "pop_total", "period": "2023"}
    report = write_value(session, **{**key, **cells}, value=value, user="analyst")
    assert report.status == "committed" and report.batch_id is not None
    return report.batch_id


def test_a_write_then_undo_restores_exactly_and_keeps_the_replaced_value(
    data_engine: Engine,
) -> None:
    with session_scope(data_engine) as session:
        first = _write(session, 180000.0, flag="official", source="stat.gov.kz", note="census")
    before, before_counts = _snapshot(data_engine), counts(data_engine)
    with session_scope(data_engine) as session:
        second = _write(session, 181000.0, flag="estimate")
        replaced = session.scalars(select(ReplacedValue)).one()
        assert (replaced.value, replaced.flag, replaced.source, replaced.note) == (
            180000.0, "official", "stat.gov.kz", "census",
        )  # fmt: skip
        assert replaced.batch_id == first and replaced.replaced_by == second
    assert _snapshot(data_engine) != before
    with session_scope(data_engine) as session:
        undo_batch(session, second, user="analyst")
    assert _snapshot(data_engine) == before
    assert counts(data_engine)["values"] == before_counts["values"]
    with session_scope(data_engine) as session:
        undo_batch(session, first, user="analyst")
    assert _snapshot(data_engine) == []


def test_an_unchanged_value_makes_no_batch(data_engine: Engine) -> None:
    with session_scope(data_engine) as session:
        _write(session, 180000.0)
    before = counts(data_engine)
    with session_scope(data_engine) as session:
        report = write_value(session, town="Temirtau", indicator="pop_total", period="2023",
                             value=180000.0, flag="official", user="analyst")  # fmt: skip
    assert (report.status, report.batch_id, report.n_unchanged) == ("no-op", None, 1)
    assert counts(data_engine) == before


def test_a_delete_then_undo_puts_the_value_back(data_engine: Engine) -> None:
    with session_scope(data_engine) as session:
        _write(session, 180000.0, note="census")
    before = _snapshot(data_engine)
    with session_scope(data_engine) as session:
        deletion = delete_value(session, town="Temirtau", indicator="pop_total", period="2023",
                                user="analyst")  # fmt: skip
    assert _snapshot(data_engine) == []
    with session_scope(data_engine) as session:
        undo_batch(session, deletion, user="analyst")
    assert _snapshot(data_engine) == before


def test_a_write_outside_the_editors_regions_is_refused(data_engine: Engine) -> None:
    with session_scope(data_engine) as session:
        temirtau = session.scalars(select(Settlement).where(Settlement.code == "temirtau")).one()
        scope = RegionScope(frozenset({temirtau.region_id}))
        _write(session, 180000.0, scope=scope)
    before, before_counts = _snapshot(data_engine), counts(data_engine)
    with pytest.raises(MonotownError, match="outside"), session_scope(data_engine) as session:
        _write(session, 30000.0, town="Aksu", scope=scope)
    with pytest.raises(MonotownError, match="outside"), session_scope(data_engine) as session:
        delete_value(session, town="temirtau", indicator="pop_total", period="2023",
                     user="editor", scope=RegionScope(frozenset()))  # fmt: skip
    assert _snapshot(data_engine) == before and counts(data_engine) == before_counts


def test_problems_are_reported_like_an_import(data_engine: Engine) -> None:
    with session_scope(data_engine) as session:
        report = write_value(session, town="Temirtaw", indicator="pop_total", period="20x3",
                             value=-5.0, user="analyst")  # fmt: skip
    assert report.status == "rejected" and report.n_invalid == 1
    assert [(i.column, i.reason) for i in report.issues] == [
        ("settlement", "unknown town (did you mean 'Temirtau'?)"),
        ("period", "is not a period: use a year (2023), a quarter (2023Q1) or a month "
                   "(2023-05 or 202305)"),
    ]  # fmt: skip
    assert counts(data_engine)["batches"] == 0


GOOD: dict[str, list[Any]] = {
    "town": ["temirtau", "Temirtau ", "ТЕМИРТАУ", "aksu"],
    "indicator": ["pop_total", "UNEMPLOYMENT_RATE_PCT"],
    "period": ["2023", "2023q1", "2023-5", "202305"],
    "value": [0.0, 5.0, 180000.0, "1 234,5", "7"],
    "flag": ["official", "estimate", "synthetic", ""],
}
BAD: dict[str, list[Any]] = {
    "town": ["Temirtaw", "", "nowhere"],
    "indicator": ["pop_totl", ""],
    "period": ["20x3", "", "1800"],
    "value": [150.0, -1.0, 6e6, "abc", ""],
    "flag": ["Bogus"],
}


@st.composite
def cells(draw: st.DrawFn) -> dict[str, Any]:
    """Well-formed cells, often with one or two of them made wrong (or out of range)."""
    drawn = {name: draw(st.sampled_from(choices)) for name, choices in GOOD.items()}
    if draw(st.booleans()):
        drawn["value"] = draw(st.floats(allow_nan=False, allow_infinity=False, width=32))
    for name in draw(st.lists(st.sampled_from(sorted(BAD)), max_size=2)):
        drawn[name] = draw(st.sampled_from(BAD[name]))
    return drawn


TEXTS = st.sampled_from([None, "", "akimat", " padded "])
# A stored value at the same key before the write: none, the very same one, or another.
OTHER_FLAGS = st.sampled_from(["official", "estimate", "synthetic", ""])
PRIOR = st.one_of(
    st.none(), st.just("same"), st.tuples(st.sampled_from([5.0, 180000.0]), OTHER_FLAGS)
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(given_cells=cells(), source=TEXTS, note=TEXTS, update=st.booleans(), prior=PRIOR)
def test_the_direct_path_stores_what_the_import_path_stores(
    data_engine: Engine,
    given_cells: dict[str, Any],
    source: str | None,
    note: str | None,
    update: bool,
    prior: tuple[float, str] | str | None,
) -> None:
    town, indicator, period, value, flag = (given_cells[name] for name in GOOD)
    frame = {"settlement": town, "indicator": indicator, "period": period, "value": value,
             "flag": flag, "source": source or "", "note": note or ""}  # fmt: skip
    session = Session(data_engine)
    try:
        if prior == "same":
            import_frame(session, pd.DataFrame([frame]), name="earlier", update=True)
        elif isinstance(prior, tuple):
            earlier = {**frame, "value": prior[0], "flag": prior[1], "note": ""}
            import_frame(session, pd.DataFrame([earlier]), name="earlier", update=True)
        start = _last_batch(session)
        results = []
        for path in ("import", "direct"):
            savepoint = session.begin_nested()
            if path == "import":
                report = import_frame(session, pd.DataFrame([frame]), name="value", update=update,
                                      user="analyst")  # fmt: skip
            else:
                report = write_value(session, town=town, indicator=indicator, period=period,
                                     value=value, flag=flag, source=source, note=note,
                                     name="value", update=update, user="analyst")  # fmt: skip
            summary = (report.status, report.batch_id is not None, report.rows_total,
                       report.n_new, report.n_changed, report.n_unchanged, report.n_invalid,
                       report.n_issues, report.format, report.warnings,
                       [(i.row, i.column, i.value, i.reason, i.code)
                        for i in report.issues])  # fmt: skip
            results.append((summary, _state(session, start)))
            savepoint.rollback()
    finally:
        session.rollback()
        session.close()
    event(f"{results[0][0][0]}, {'replaces' if results[0][1]['replaced'] else 'adds'}")
    assert results[1] == results[0]
