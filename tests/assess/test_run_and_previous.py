"""One town's result of a stored run (what the API's `/assessment/runs/{run}/results/{town}`
answers) resolves the run and the run before it in one select that leaves the run's large columns
unread, and answers as `resolve_run` and `previous_run` would. Both backends."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import Engine

from monotown.assess import explain_unit_rows, store
from monotown.assess.pipeline import AssessmentResult
from monotown.db import session_scope
from monotown.errors import InputError, NotFoundError
from tests.assess.test_run_summary import _save, asem_result
from tests.sql_statements import statements

__all__ = ["asem_result"]


def _expected(session: Any, reference: str | int) -> tuple[int, int | None]:
    run = store.resolve_run(session, reference)
    previous = store.previous_run(session, run)
    return run.id, None if previous is None else previous.id


def test_the_run_and_the_one_before_it_of_the_same_source(
    reference_engine: Engine, asem_result: AssessmentResult
) -> None:
    first = _save(reference_engine, asem_result, "first")
    with session_scope(reference_engine) as session:
        other = store.save_run(session, asem_result, input_snapshot="o", source="database").id
    third = _save(reference_engine, asem_result, "third")
    with session_scope(reference_engine) as session:
        for reference in ("latest", " Latest ", first, str(other), third):
            run, previous = store.resolve_run_and_previous(session, reference)
            assert (run.id, previous) == _expected(session, reference), reference
        assert store.resolve_run_and_previous(session, "latest")[1] == first
        assert store.resolve_run_and_previous(session, other)[1] is None


def test_missing_runs_are_the_errors_resolve_run_gives(
    reference_engine: Engine, asem_result: AssessmentResult
) -> None:
    with (
        session_scope(reference_engine) as session,
        pytest.raises(NotFoundError, match="no assessment run is stored yet"),
    ):
        store.resolve_run_and_previous(session, "latest")
    _save(reference_engine, asem_result)
    with session_scope(reference_engine) as session:
        for reference in (999_999, 10**20, 0):
            with pytest.raises(NotFoundError) as mine:
                store.resolve_run_and_previous(session, reference)
            with pytest.raises(NotFoundError) as theirs:
                store.resolve_run(session, reference)
            assert mine.value.message == theirs.value.message
        with pytest.raises(InputError, match="a run is a number or 'latest'"):
            store.resolve_run_and_previous(session, "first")


def test_a_towns_result_reads_the_run_once_and_never_its_methodology_again(
    reference_engine: Engine, asem_result: AssessmentResult
) -> None:
    first = _save(reference_engine, asem_result, "first")
    second = _save(reference_engine, asem_result, "second")
    with session_scope(reference_engine) as session:
        cold = explain_unit_rows(session, "CHE")  # the run's medians: read once (memo)
    assert cold.previous is not None and cold.previous_run == first
    with statements(reference_engine) as seen, session_scope(reference_engine) as session:
        warm = explain_unit_rows(session, "CHE", second)
    assert warm == cold
    with session_scope(reference_engine) as session:
        assert cold.unit.rank == store.explain_stored(session, second, "CHE").rank
    selects = [s for s in seen if "FROM assessment_" in s]
    runs = [s for s in selects if "FROM assessment_run" in s and "assessment_result" not in s]
    assert len(runs) == 1 and "methodology_yaml" not in runs[0], selects
    assert len(selects) == 3, selects  # the run, the town's row in it and in the one before
