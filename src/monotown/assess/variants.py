"""One normalised data set per distinct choice of the data-stage inputs, shared by every
replication that makes that choice.

Imputation, screening and treatment run once per distinct (imputation, treatment, exclusion)
choice; normalisation once per distinct normalisation on top of that. The nominal choice reuses
the nominal run's data.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from monotown.assess.aggregate import geometric_shift
from monotown.assess.design import apply_choices
from monotown.assess.engine import Variant
from monotown.assess.methodology import Methodology
from monotown.assess.normalise import normalise
from monotown.assess.pipeline import (
    AssessmentInput,
    AssessmentResult,
    Prepared,
    prepare_imputed,
    with_treatment,
)
from monotown.assess.treat import treat_many
from monotown.assess.uncertain import Input


def _key(*parts: Any) -> str:
    return json.dumps([p.model_dump(mode="json") if hasattr(p, "model_dump") else p
                       for p in parts], sort_keys=True)  # fmt: skip


def _treated_stages(
    inp: AssessmentInput, result: AssessmentResult, choices: list[Methodology]
) -> dict[str, Prepared]:
    """Imputed and treated data per distinct (imputation, treatment, selection): imputation
    once per (imputation, selection), then every treatment of it in one `treat_many` pass."""
    nominal = result.methodology
    stages: dict[str, Prepared] = {}
    wanted: dict[str, dict[str, Methodology]] = {}
    for methodology in choices:
        imputed_key = _key(methodology.imputation, methodology.selection)
        key = _key(methodology.imputation, methodology.treatment, methodology.selection)
        if key == _key(nominal.imputation, nominal.treatment, nominal.selection):
            stages[key] = result.prepared
        elif (
            methodology.imputation == nominal.imputation
            and methodology.treatment == nominal.treatment
            and nominal.selection.unit_screening == "flag"
        ):
            # imputation and treatment work per indicator: leaving one out changes no other
            stages[key] = result.prepared
        else:
            wanted.setdefault(imputed_key, {})[key] = methodology
    for group in wanted.values():
        first = next(iter(group.values()))
        imputed = prepare_imputed(inp, first)
        keys = list(group)
        treatments = treat_many(imputed.treated, [group[k].treatment for k in keys], points=False)
        for key, treated in zip(keys, treatments, strict=True):
            stages[key] = with_treatment(imputed, treated)
    return stages


def build_variants(
    inp: AssessmentInput,
    result: AssessmentResult,
    combos: list[list[tuple[Input, Any]]],
    units: list[str],
) -> list[Variant]:
    """The engine's data variants, in the order of `combos` (over all `units`, in order)."""
    nominal = result.methodology
    tree = result.tree
    specs = {i.code: i for i in nominal.indicators}
    policy = nominal.aggregation.geometric_zeros
    positions = pd.Index([str(unit) for unit in units])
    choices = [apply_choices(nominal, chosen) for chosen in combos]
    stages = _treated_stages(inp, result, choices)
    out = []
    for methodology in choices:
        stage = stages[_key(methodology.imputation, methodology.treatment, methodology.selection)]
        left_out = set(methodology.selection.exclude)
        kept = [c for c in tree.indicators if c in stage.treated.columns and c not in left_out]
        if stage is result.prepared and methodology.normalisation == nominal.normalisation:
            frame = result.prepared.normalised[kept]
        else:
            frame = normalise(stage.treated[kept], specs, methodology.normalisation)
        x = frame.reindex(columns=tree.indicators).to_numpy(dtype=float)
        present = ~np.isnan(x)
        shift = geometric_shift(x, policy)
        safe = np.where(present, x, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            logs = np.where(present, np.log(np.where(present, x + shift, 1.0)), 0.0)
        out.append(
            Variant(
                values=safe,
                logs=np.nan_to_num(logs, nan=0.0, neginf=0.0),
                present=present.astype(float),
                shift=shift,
                rows=positions.get_indexer(frame.index.astype(str)),
                positive=bool(np.all(x[present] + shift > 0)),
            )
        )
    return out
