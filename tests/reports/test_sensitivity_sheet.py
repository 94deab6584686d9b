"""The workbook's sensitivity sheet: the latest run's Sobol indices with their intervals and
their convergence, as the run stored them. Both backends."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from monotown.assess import store
from monotown.assess.filemode import prepare_files
from monotown.assess.pipeline import run_pipeline
from monotown.assess.uncertainty import run_uncertainty
from monotown.db import session_scope
from monotown.reports.workbook import build_workbook
from monotown.reports.workbook_sensitivity import sensitivity_sheet

ASEM = Path(__file__).parents[1] / "assess/asem"
VIGNETTE = Path(__file__).parents[2] / "src/monotown/resources/methodology"


def test_the_sheet_holds_indices_intervals_and_convergence(reference_engine: Engine) -> None:
    job = prepare_files(
        ASEM / "iData.csv", ASEM / "iMeta.csv", VIGNETTE / "coinr_sensitivity_vignette.yaml"
    )
    nominal = run_pipeline(job.input, job.methodology)
    analysis = run_uncertainty(job.input, nominal, replications=16, seed=2)
    with session_scope(reference_engine) as session:
        assert sensitivity_sheet(session) is None  # no run yet
        store.save_run(
            session, replace(nominal, uncertainty=analysis), input_snapshot="x", source="file"
        )
    with session_scope(reference_engine) as session:
        sheet = sensitivity_sheet(session)
        assert sheet is not None
        frame = pd.read_excel(io.BytesIO(build_workbook([sheet])), sheet_name=sheet.title)
    assert set(frame["n"]) == {4, 8, 16}
    full = frame[frame["n"] == 16].set_index("input")
    expected = analysis.sensitivity.set_index("input")
    assert full["total"].to_numpy() == pytest.approx(expected["total"].to_numpy())
    assert full["total_low"].to_numpy() == pytest.approx(expected["total_low"].to_numpy())
    assert (frame[frame["n"] < 16]["total_low"].isna()).all()
    assert full.loc["Winmax", "alternatives"] == "1, 2, 3, 4, 5"
    assert set(full["estimator"]) == {"saltelli"}
