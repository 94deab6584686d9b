"""The composite-index pipeline: one module per step, methodology files, uncertainty.

Public API (pandas in, pandas out):

- `load_methodology(path=None)`, `methodology_hash(m)`: the recipe and its identity
- `run_pipeline(AssessmentInput, methodology) -> AssessmentResult` and `run_uncertainty(...)`
- `prepare_files(data_csv, meta_csv, methodology=None)`: the file mode, COINr format included
- `assess_frame(values_frame, methodology, period=, replications=, seed=)`: on stored values
- `run_from_database(session, methodology=None, period=, replications=, seed=)`: assess and store
- `latest_results(session)`: the latest run (index, pillars, rank, group, rank interval, group
  probabilities, rank change vs the previous run); `explain_unit(session, unit)`: strengths and
  weaknesses vs the group median, previous rank and group (`explain_unit_rows`: the same as
  plain rows); `store.*`: any stored run
- uncertainty and sensitivity: the methodology's `uncertainty.inputs` (COINr's SA_specs, any step
  parameter), `run_uncertainty(..., design=FILE, keep_replications=True)` (designs replayed
  exactly; per-replication scores and ranks; Sobol indices with bootstrap intervals and
  convergence); `rerun(session, run, ["PATH=VALUE"])` (COINr's Regen, stored as a new run);
  `apply_settings(methodology, settings)`; `leave_one_out(inp, result, level)`
- `criteria_from_database(session, "kz" | "ru2014" | path, period)`,
  `warnings_from_database(session, period)`; pure: `evaluate_criteria`, `evaluate_warnings`
"""

from monotown.assess.criteria import CriteriaResult, evaluate_criteria, load_rule_set
from monotown.assess.explain import Explanation, changes, explain
from monotown.assess.filemode import prepare_files
from monotown.assess.methodology import Methodology, methodology_hash
from monotown.assess.methodology_files import load_methodology
from monotown.assess.pipeline import AssessmentInput, AssessmentResult, run_pipeline
from monotown.assess.regen import apply_settings, leave_one_out
from monotown.assess.runs import (
    assess_frame,
    criteria_from_database,
    explain_unit,
    explain_unit_rows,
    latest_results,
    rerun,
    run_from_database,
    town_sectors,
    warnings_from_database,
)
from monotown.assess.uncertainty import UncertaintyResult, run_uncertainty
from monotown.assess.warnings import evaluate_warnings, load_warning_rules

__all__ = [
    "AssessmentInput",
    "AssessmentResult",
    "CriteriaResult",
    "Explanation",
    "Methodology",
    "UncertaintyResult",
    "apply_settings",
    "assess_frame",
    "changes",
    "criteria_from_database",
    "evaluate_criteria",
    "evaluate_warnings",
    "explain",
    "explain_unit",
    "explain_unit_rows",
    "latest_results",
    "leave_one_out",
    "load_methodology",
    "load_rule_set",
    "load_warning_rules",
    "methodology_hash",
    "prepare_files",
    "rerun",
    "run_from_database",
    "run_pipeline",
    "run_uncertainty",
    "town_sectors",
    "warnings_from_database",
]
