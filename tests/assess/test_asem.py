"""COINr's own example (ASEM data, `build_example_coin`) gives COINr's published numbers.

Reference: COINr 1.1.14 vignette "Presenting Results", `get_results(coin, dset = "Aggregated",
tab_type = "Aggs")`, rounded to 2 decimals by COINr. The data are COINr's ASEM_iData/iMeta
(MIT, see tests/assess/asem/README.md).
"""

from pathlib import Path

import pytest

from monotown.assess.filemode import prepare_files
from monotown.assess.pipeline import run_pipeline

ASEM = Path(__file__).parent / "asem"

COINR_TOP6 = {
    # uCode: the values of COLUMNS below, in order
    "CHE": [68.38, 62.79, 73.98, 63.41, 32.87, 74.78, 85.94, 56.93, 77.21, 87.85, 56.88],
    "NLD": [64.82, 61.94, 67.70, 64.87, 46.62, 84.55, 71.74, 41.92, 58.73, 86.58, 57.78],
    "DNK": [64.80, 57.10, 72.51, 50.52, 30.43, 78.13, 75.35, 51.04, 69.83, 86.40, 61.29],
    "NOR": [64.47, 57.44, 71.50, 58.18, 25.70, 80.03, 89.46, 33.80, 70.90, 87.00, 56.59],
    "BEL": [63.54, 63.99, 63.09, 71.97, 48.22, 80.84, 75.60, 43.32, 53.01, 86.17, 50.09],
    "SWE": [63.00, 53.87, 72.12, 51.51, 23.87, 80.98, 74.51, 38.50, 66.37, 87.74, 62.27],
}
COLUMNS = [
    "Index",
    "Conn",
    "Sust",
    "Physical",
    "ConEcFin",
    "Political",
    "Instit",
    "P2P",
    "Environ",
    "Social",
    "SusEcFin",
]


@pytest.fixture(scope="module")
def asem():
    job = prepare_files(ASEM / "iData.csv", ASEM / "iMeta.csv")
    return job, run_pipeline(job.input, job.methodology)


def test_coinr_format_is_detected_and_read(asem):
    job, result = asem
    assert job.format == "coinr"
    assert len(result.index) == 51
    assert len(result.tree.indicators) == 49
    assert result.tree.aggregates_by_level[-1] == ["Index"]
    assert int(result.prepared.imputed_mask.to_numpy().sum()) == 65  # COINr: 65 points imputed


def test_same_method_same_data_gives_coinrs_numbers(asem):
    _, result = asem
    for unit, expected in COINR_TOP6.items():
        got = [result.aggregates.loc[unit, column] for column in COLUMNS]
        assert got == pytest.approx(expected, abs=0.006), unit
    top = result.rank.sort_values().index[:6].tolist()
    assert top == list(COINR_TOP6)


def test_asem_results_are_sane(asem):
    _, result = asem
    assert result.index.between(0, 100).all()
    assert result.rank.min() == 1 and result.rank.max() == 51
    assert result.group.value_counts().to_dict() == {"high": 17, "average": 17, "low": 17}
    treated = result.prepared.treatment_report
    assert (treated["treatment"] != "none").sum() >= 10
    assert treated["passes"].all()
