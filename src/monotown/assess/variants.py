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

from monotown.assess.aggregate import geometric_shift
from monotown.assess.design import apply_choices
from monotown.assess.engine import Variant
from monotown.assess.normalise import normalise
from monotown.assess.pipeline import AssessmentInput, AssessmentResult, Prepared, prepare_treated
from monotown.assess.uncertain import Input


def _key(*parts: Any) -> str:
    return json.dumps([p.model_dump(mode="json") if hasattr(p, "model_dump") else p
                       for p in parts], sort_keys=True)  # fmt: skip


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
    position = {unit: i for i, unit in enumerate(units)}
    treated: dict[str, Prepared] = {}
    out = []
    for chosen in combos:
        methodology = apply_choices(nominal, chosen)
        stage_key = _key(methodology.imputation, methodology.treatment, methodology.selection)
        nominal_stage = stage_key == _key(nominal.imputation, nominal.treatment, nominal.selection)
        only_exclusion = stage_key == _key(
            nominal.imputation, nominal.treatment, methodology.selection
        ) and (nominal.selection.unit_screening == "flag")
        if nominal_stage or only_exclusion:
            # treatment and imputation work per indicator: leaving one out changes no other
            stage = result.prepared
        elif stage_key in treated:
            stage = treated[stage_key]
        else:
            stage = treated.setdefault(stage_key, prepare_treated(inp, methodology))
        left_out = set(methodology.selection.exclude)
        kept = [c for c in tree.indicators if c in stage.treated.columns and c not in left_out]
        if (nominal_stage or only_exclusion) and methodology.normalisation == nominal.normalisation:
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
                rows=np.array([position[str(u)] for u in frame.index], dtype=int),
                positive=bool(np.all(x[present] + shift > 0)),
            )
        )
    return out
