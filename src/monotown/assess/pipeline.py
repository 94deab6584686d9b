"""The whole pipeline: denominate, select by coverage, impute, treat, normalise, weight, aggregate,
rank, group. Pure: it takes frames and a methodology and returns an AssessmentResult that knows its
recipe.

`prepare()` runs the steps up to normalisation; the Monte Carlo calls it once per discrete choice
(imputation x normalisation) and does everything after it as array operations.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from monotown.assess.aggregate import aggregate, geometric_shift
from monotown.assess.denominate import denominate
from monotown.assess.groups import assign_groups, rank_scores
from monotown.assess.impute import impute
from monotown.assess.methodology import (
    ImputationSpec,
    Methodology,
    NormalisationSpec,
    aggregation_methods,
    methodology_hash,
)
from monotown.assess.normalise import normalise
from monotown.assess.select import Coverage, apply_coverage
from monotown.assess.treat import TreatmentResult, treat
from monotown.assess.tree import Tree, build_tree
from monotown.assess.weights import pca_weights
from monotown.errors import InputError

if TYPE_CHECKING:
    from monotown.assess.uncertainty import UncertaintyResult


@dataclass(frozen=True)
class AssessmentInput:
    """What the pipeline needs: raw values (units x indicator and denominator columns) and units.

    `units` is indexed like `data` and holds a `name` column and any grouping columns (region,
    size class) used by group imputation. `panel` ((unit, year) x indicators) is only needed for
    last-observation-carried-forward imputation.
    """

    data: pd.DataFrame
    units: pd.DataFrame
    panel: pd.DataFrame | None = None
    period: int | None = None
    years: pd.DataFrame | None = None


@dataclass(frozen=True)
class Prepared:
    tree: Tree
    coverage: Coverage
    raw: pd.DataFrame
    imputed_mask: pd.DataFrame
    treated: pd.DataFrame
    treatment_report: pd.DataFrame
    treatment_points: pd.DataFrame
    normalised: pd.DataFrame
    screened: dict[str, str] = field(default_factory=dict)  # unit -> why it was removed


@dataclass(frozen=True)
class AssessmentResult:
    """Everything a run produced, with the recipe (methodology and its hash) that made it."""

    methodology: Methodology
    methodology_hash: str
    units: pd.DataFrame
    prepared: Prepared
    aggregates: pd.DataFrame
    weights: dict[str, float]
    shift: float
    index: pd.Series
    rank: pd.Series
    group: pd.Series
    uncertainty: UncertaintyResult | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def tree(self) -> Tree:
        return self.prepared.tree

    def treatment_summary(self) -> str:
        """One line saying which indicators were treated for outliers and how."""
        report = self.prepared.treatment_report
        if report.empty:
            return "no outlier treatment"
        winsorised = report.index[report["treatment"] == "winsorised"].tolist()
        logged = report.index[report["log_transformed"].astype(bool)].tolist()
        if not winsorised and not logged:
            return "no indicator needed outlier treatment"
        parts = []
        if winsorised:
            parts.append(f"winsorised: {', '.join(winsorised)}")
        if logged:
            parts.append(f"log-transformed: {', '.join(logged)}")
        return "; ".join(parts)

    @property
    def pillar_scores(self) -> pd.DataFrame:
        return self.aggregates[self.tree.pillars]

    def results_frame(self) -> pd.DataFrame:
        """One row per unit: index, rank, group, coverage, pillar scores and uncertainty figures."""
        frame = pd.DataFrame(index=self.index.index)
        frame["unit"] = frame.index.astype(str)
        names = self.units.get("name")
        frame["name"] = names.reindex(frame.index) if names is not None else frame["unit"]
        frame["index"] = self.index
        frame["rank"] = self.rank.astype("Int64")
        frame["group"] = self.group
        frame["coverage"] = self.prepared.coverage.unit_coverage.reindex(frame.index)
        frame["flagged"] = frame.index.astype(str).isin(self.prepared.coverage.flagged_units)
        mask = self.prepared.imputed_mask.reindex(frame.index).fillna(False).astype(bool)
        frame["n_imputed"] = mask.sum(axis=1)
        frame["imputed"] = [", ".join(str(c) for c in mask.columns[row]) for row in mask.to_numpy()]
        for code in self.tree.order[:-1]:
            frame[code] = self.aggregates[code]
        if self.uncertainty is not None:
            stats = self.uncertainty.rank_stats.reindex(frame.index)
            for column in stats.columns:
                frame[column] = stats[column]
            table = self.uncertainty.sensitivity
            for row in [] if table is None else table.to_dict("records"):
                for key, value in row.items():
                    if key != "input":  # the same on every row, so RESULTS.csv is whole
                        frame[f"sobol_{key}.{row['input']}"] = value
        return frame.sort_values(["rank", "unit"], na_position="last").reset_index(drop=True)


def _groups_for(inp: AssessmentInput, spec: ImputationSpec) -> pd.Series | None:
    if spec.group is None or spec.group not in inp.units.columns:
        return None
    return inp.units[spec.group]


def _screen(coverage: pd.Series, threshold: float) -> dict[str, str]:
    low = coverage[coverage < threshold]
    return {str(unit): f"coverage {share:.0%} below {threshold:.0%}" for unit, share in low.items()}


def prepare(
    inp: AssessmentInput,
    methodology: Methodology,
    *,
    imputation: ImputationSpec | None = None,
    normalisation: NormalisationSpec | None = None,
) -> Prepared:
    """Run the steps up to normalisation (the part of the pipeline the Monte Carlo precomputes)."""
    stage = prepare_treated(inp, methodology, imputation=imputation)
    specs = {i.code: i for i in methodology.indicators}
    how = normalisation or methodology.normalisation
    return replace(stage, normalised=normalise(stage.treated, specs, how))


def prepare_treated(
    inp: AssessmentInput, methodology: Methodology, *, imputation: ImputationSpec | None = None
) -> Prepared:
    """Denominate, select, screen units, impute and treat (`normalised` is left empty)."""
    stage = prepare_imputed(inp, methodology, imputation=imputation)
    return with_treatment(stage, treat(stage.treated, methodology.treatment))


def with_treatment(stage: Prepared, treated: TreatmentResult) -> Prepared:
    """An imputed stage (`prepare_imputed`) with its treatment applied."""
    return replace(
        stage,
        treated=treated.data,
        treatment_report=treated.report,
        treatment_points=treated.points,
        normalised=pd.DataFrame(index=treated.data.index),
    )


def prepare_imputed(
    inp: AssessmentInput, methodology: Methodology, *, imputation: ImputationSpec | None = None
) -> Prepared:
    """Denominate, select, screen units and impute; `treated` holds the imputed data.

    Screening (`selection.unit_screening: remove`) drops units whose share of indicators with
    data is below `min_unit_coverage`, measured before or after imputation as the methodology
    says; a unit removed before imputation does not enter group means either.
    """
    imputation = imputation or methodology.imputation
    selection = methodology.selection
    data = denominate(inp.data, methodology.denomination)
    coverage = apply_coverage(
        data,
        methodology.indicator_codes,
        min_indicator_coverage=selection.min_indicator_coverage,
        min_unit_coverage=selection.min_unit_coverage,
        exclude=selection.exclude,
    )
    tree = build_tree(methodology, coverage.kept)
    raw = data[tree.indicators].astype(float)
    panel = inp.panel
    if panel is not None and methodology.denomination:
        panel = denominate(
            panel.reindex(columns=sorted(set(panel.columns) | set(raw.columns))),
            methodology.denomination,
        )
    removing = selection.unit_screening == "remove"
    screened: dict[str, str] = {}
    if removing and selection.unit_screening_stage == "before_imputation":
        screened = _screen(coverage.unit_coverage, selection.min_unit_coverage)
        raw = raw[~raw.index.astype(str).isin(list(screened))]
    filled = impute(
        raw,
        imputation.method,
        groups=_groups_for(inp, imputation),
        panel=panel,
        period=inp.period,
        max_years_back=imputation.max_years_back,
    )
    filled_data, imputed_mask = filled.data, filled.imputed
    if selection.unit_screening_stage == "after_imputation":
        after = filled_data.notna().mean(axis=1)
        low = _screen(after, selection.min_unit_coverage)
        coverage = replace(coverage, unit_coverage=after, flagged_units=sorted(low))
        if removing:
            screened = low
            keep = ~filled_data.index.astype(str).isin(list(screened))
            filled_data, imputed_mask = filled_data[keep], imputed_mask[keep]
    return Prepared(
        tree=tree,
        coverage=coverage,
        raw=raw,
        imputed_mask=imputed_mask,
        treated=filled_data,
        treatment_report=pd.DataFrame(),
        treatment_points=pd.DataFrame(index=filled_data.index),
        normalised=pd.DataFrame(index=filled_data.index),
        screened=screened,
    )


def run_pipeline(inp: AssessmentInput, methodology: Methodology) -> AssessmentResult:
    """Compute the composite index, ranks and groups for one methodology (no uncertainty)."""
    if inp.data.empty:
        raise InputError("there is no data to assess")
    prepared = prepare(inp, methodology)
    methods = aggregation_methods(methodology)
    levels = len(prepared.tree.aggregates_by_level)
    if len(methods) not in (1, levels):
        raise InputError(
            f"aggregation.method lists {len(methods)} methods but the tree has {levels} levels"
        )
    uses_geometric = "geometric" in methods
    shift = (
        geometric_shift(prepared.normalised, methodology.aggregation.geometric_zeros)
        if uses_geometric
        else 0.0
    )
    weight_function = None
    if methodology.weighting.method == "pca":
        mode = methodology.weighting.pca_mode

        def weight_function(members: pd.DataFrame) -> np.ndarray:
            return pca_weights(members, mode)

    tree = prepared.tree
    if methodology.weighting.method == "equal":
        tree = replace(tree, weight=dict.fromkeys(tree.weight, 1.0))
        prepared = replace(prepared, tree=tree)
    aggregates, used = aggregate(
        prepared.normalised,
        tree,
        methods,
        shift=shift,
        min_coverage=methodology.aggregation.min_coverage,
        weight_function=weight_function,
    )
    if weight_function is not None:
        prepared = replace(prepared, tree=replace(tree, weight={**tree.weight, **used}))
    index = aggregates[tree.root]
    rank = rank_scores(index)
    group = assign_groups(index, methodology.groups)
    notes = [
        f"indicator '{code}' dropped: {why}" for code, why in prepared.coverage.dropped.items()
    ]
    notes += [
        f"unit '{unit}' removed by screening: {why}" for unit, why in prepared.screened.items()
    ]
    return AssessmentResult(
        methodology=methodology,
        methodology_hash=methodology_hash(methodology),
        units=inp.units,
        prepared=prepared,
        aggregates=aggregates,
        weights=used,
        shift=shift,
        index=index,
        rank=rank,
        group=group,
        notes=notes,
    )
