"""Explaining a stored town reads its own row and the run's group medians once: the answer is the
in-memory explanation's, a later explanation queries only the town's row, and a run stored under
a reused id is never explained with the medians of the run deleted before it. Both backends."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import delete, event
from sqlalchemy.engine import Engine

from monotown.assess import explain, store
from monotown.assess.filemode import prepare_files
from monotown.assess.models import AssessmentRun
from monotown.assess.pipeline import AssessmentResult, run_pipeline
from monotown.db import session_scope

ASEM = Path(__file__).parent / "asem"


@pytest.fixture(scope="module")
def asem_result() -> AssessmentResult:
    job = prepare_files(ASEM / "iData.csv", ASEM / "iMeta.csv")
    return run_pipeline(job.input, job.methodology)


def _save(engine: Engine, result: AssessmentResult, snapshot: str = "s") -> int:
    with session_scope(engine) as session:
        return store.save_run(session, result, input_snapshot=snapshot, source="file").id


def test_a_stored_explanation_is_the_in_memory_one(reference_engine, asem_result):
    run_id = _save(reference_engine, asem_result)
    with session_scope(reference_engine) as session:
        for unit in ("CHE", "LUX", "IND", "NZL"):
            stored = store.explain_stored(session, run_id, unit)
            direct = explain(asem_result, unit)
            assert (stored.rank, stored.group) == (direct.rank, direct.group)
            for part in ("pillars", "strengths", "weaknesses"):
                mine, theirs = getattr(stored, part), getattr(direct, part)
                assert list(mine["pillar"]) == list(theirs["pillar"]), part
                numbers = [c for c in mine.columns if mine[c].dtype.kind == "f"]
                pd.testing.assert_frame_equal(
                    mine[numbers].reset_index(drop=True),
                    theirs[numbers].reset_index(drop=True),
                    check_exact=False,
                )


def test_later_explanations_read_only_the_towns_row(reference_engine, asem_result):
    run_id = _save(reference_engine, asem_result)
    statements: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    with session_scope(reference_engine) as session:
        store.explain_stored(session, run_id, "CHE")  # reads the medians once
        event.listen(reference_engine, "before_cursor_execute", note)
        try:
            store.explain_stored(session, run_id, "LUX")
        finally:
            event.remove(reference_engine, "before_cursor_execute", note)
    results = [s for s in statements if "FROM assessment_result" in s]
    assert results, statements
    assert all("assessment_result.unit_code =" in s for s in results), results


def test_a_run_stored_under_a_reused_id_gets_its_own_medians(reference_engine, asem_result):
    first = _save(reference_engine, asem_result, "first")
    with session_scope(reference_engine) as session:
        before = store.explain_stored(session, first, "CHE")
        session.execute(delete(AssessmentRun).where(AssessmentRun.id == first))
    shifted = replace(asem_result, aggregates=asem_result.aggregates * 0.5)
    again = _save(reference_engine, shifted, "second")
    with session_scope(reference_engine) as session:
        after = store.explain_stored(session, again, "CHE")
    ratio = after.pillars["group_median"] / before.pillars["group_median"]
    assert ratio.dropna().round(9).eq(0.5).all()
