"""The methodology as data: a YAML file naming the indicator tree, weights and every step's choice.

A run stores the exact text of its methodology and its hash, so any result can be regenerated and
two runs compared. Validation happens here, once, at the edge; the step functions trust what they
get.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Direction = Literal["higher", "lower", "target"]
NormaliseMethod = Literal[
    "minmax", "zscore", "rank", "percentile", "dist2targ", "goalposts", "none"
]
AggregateMethod = Literal["arithmetic", "geometric"]
ImputeMethod = Literal["none", "mean", "median", "group_mean", "group_median", "locf"]
WeightMethod = Literal["explicit", "equal", "pca"]
GroupMethod = Literal["quantiles", "thresholds", "kmeans", "natural_breaks"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IndicatorSpec(_Strict):
    """One indicator (level 1 of the tree): its parent aggregate, weight and direction."""

    code: str = Field(min_length=1)
    parent: str = Field(min_length=1)
    weight: float = Field(default=1.0, ge=0)
    direction: Direction = "higher"
    target: float | None = None
    goalposts: tuple[float, float] | None = None
    name: str | None = None


class AggregateSpec(_Strict):
    """A pillar, sub-index or the index: every aggregate but the root has a parent."""

    code: str = Field(min_length=1)
    parent: str | None = None
    weight: float = Field(default=1.0, ge=0)
    name: str | None = None


class DenominationSpec(_Strict):
    """Divide `indicator` by `by` and multiply by `scale` (e.g. 1000 for per-1,000-residents)."""

    indicator: str
    by: str
    scale: float = 1.0


class SelectionSpec(_Strict):
    """Which values, indicators and units enter the index.

    Units below `min_unit_coverage` (share of indicators with data) are flagged, or removed as
    COINr's `Screen(unit_screen = "byNA")` does with `unit_screening: remove`; coverage is measured
    on the raw data or, with `unit_screening_stage: after_imputation`, on the imputed data.
    `exclude` leaves indicators out (COINr's `remove_elements`, one at a time).
    """

    window_years: int = Field(default=3, ge=1)
    min_indicator_coverage: float = Field(default=0.5, ge=0, le=1)
    min_unit_coverage: float = Field(default=0.5, ge=0, le=1)
    unit_screening: Literal["flag", "remove"] = "flag"
    unit_screening_stage: Literal["before_imputation", "after_imputation"] = "before_imputation"
    exclude: list[str] = Field(default_factory=list)


class ImputationSpec(_Strict):
    method: ImputeMethod = "group_median"
    group: str | None = "region"
    max_years_back: int | None = Field(default=None, ge=1)


class TreatmentSpec(_Strict):
    method: Literal["winsorise", "none"] = "winsorise"
    winmax: int | None = Field(default=5, ge=1)
    skew_thresh: float = Field(default=2.0, gt=0)
    kurt_thresh: float = Field(default=3.5)
    fallback: Literal["log_ct", "log_ct_plus", "none"] = "log_ct"
    min_points: int = Field(default=4, ge=4)


class NormalisationSpec(_Strict):
    method: NormaliseMethod = "minmax"
    range: tuple[float, float] = (0.0, 100.0)
    mean_sd: tuple[float, float] = (0.0, 1.0)
    scale: float = 100.0
    cap_max: bool = True

    @field_validator("range")
    @classmethod
    def _range_ordered(cls, value: tuple[float, float]) -> tuple[float, float]:
        if value[0] >= value[1]:
            raise ValueError("range must be [lower, upper] with lower < upper")
        return value


class WeightingSpec(_Strict):
    method: WeightMethod = "explicit"
    pca_mode: Literal["loadings", "squared_loadings"] = "squared_loadings"


class AggregationSpec(_Strict):
    method: AggregateMethod | list[AggregateMethod] = "arithmetic"
    min_coverage: float = Field(default=0.0, ge=0, le=1)
    geometric_zeros: Literal["offset", "error"] = "offset"


class GroupSpec(_Strict):
    method: GroupMethod = "quantiles"
    names: list[str] = Field(default_factory=lambda: ["high", "average", "low"], min_length=1)
    thresholds: list[float] | None = None

    @model_validator(mode="after")
    def _thresholds_fit(self) -> GroupSpec:
        if self.method == "thresholds":
            if not self.thresholds or len(self.thresholds) != len(self.names) - 1:
                raise ValueError("thresholds needs one value fewer than there are group names")
            if sorted(self.thresholds, reverse=True) != list(self.thresholds):
                raise ValueError("thresholds must be listed from highest to lowest")
        return self


def _default_normalisations() -> list[NormaliseMethod]:
    return ["minmax", "zscore"]


def _default_aggregations() -> list[AggregateMethod]:
    return ["arithmetic", "geometric"]


class LevelNoise(_Strict):
    """COINr's `noise_specs` row: weights of tree level `level` (1 = indicators) get +/-factor."""

    level: int = Field(ge=1)
    factor: float = Field(ge=0, lt=1)


class UncertainInput(_Strict):
    """One uncertain input, COINr's SA_specs entry: Address, Distribution, Type.

    `address` names a step parameter (`treatment.winmax`, `normalisation`, `aggregation.method.2`,
    `weights`, `weights.CODE`, `exclude`, ... or COINr's `$Log$...` addresses); `distribution`
    lists the alternatives (discrete) or [lower, upper] (continuous). Weights: `noise` per level
    (`sets` noisy weight sets are drawn, default one per replication) or `weight_sets` (inline, or
    a CSV file with one row per set, read when the methodology file is loaded).
    """

    name: str | None = Field(default=None, min_length=1)
    address: str = Field(min_length=1)
    type: Literal["discrete", "continuous"] = "discrete"
    distribution: list[Any] = Field(default_factory=list)
    labels: list[str] | None = None
    noise: list[LevelNoise] | None = None
    sets: int | None = Field(default=None, ge=1)
    weight_sets: list[dict[str, float]] | str | None = None


class UncertaintySpec(_Strict):
    """Monte Carlo uncertainty (`type: UA`) or variance-based sensitivity analysis (`type: SA`,
    N (d + 2) runs as COINr's get_sensitivity), over `inputs`, or over the short legacy fields
    (weight_noise, normalisations, aggregations, imputations) when `inputs` is empty."""

    replications: int = Field(default=0, ge=0)
    type: Literal["UA", "SA"] | None = None
    inputs: list[UncertainInput] = Field(default_factory=list)
    estimator: Literal["jansen", "saltelli"] = "jansen"
    bootstrap: int = Field(default=100, ge=0, le=100_000)
    confidence: float = Field(default=0.90, gt=0, lt=1)
    convergence: bool = True
    weight_noise: float = Field(default=0.25, ge=0, lt=1)
    normalisations: list[NormaliseMethod] = Field(default_factory=_default_normalisations)
    aggregations: list[AggregateMethod] = Field(default_factory=_default_aggregations)
    imputations: list[ImputeMethod] = Field(default_factory=list)
    sensitivity: bool = False
    chunk_size: int = Field(default=256, ge=1)

    @property
    def analysis(self) -> str:
        """ "SA" or "UA": `type` if given, else SA when the legacy `sensitivity` flag is set."""
        return self.type or ("SA" if self.sensitivity else "UA")

    @model_validator(mode="after")
    def _inputs_or_short_fields(self) -> UncertaintySpec:
        short = {"weight_noise", "normalisations", "aggregations", "imputations"}
        both = sorted(short & self.model_fields_set)
        if self.inputs and both:
            raise ValueError(f"give either 'inputs' or {', '.join(both)}, not both")
        names = [i.name or i.address for i in self.inputs]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"uncertain input named twice: {', '.join(twice)}")
        return self


class Methodology(_Strict):
    """A whole recipe: tree, weights and the choice and parameters of every step."""

    name: str
    version: str = "1"
    description: str = ""
    indicators: list[IndicatorSpec] = Field(min_length=1)
    aggregates: list[AggregateSpec] = Field(min_length=1)
    denomination: list[DenominationSpec] = Field(default_factory=list)
    selection: SelectionSpec = Field(default_factory=SelectionSpec)
    imputation: ImputationSpec = Field(default_factory=ImputationSpec)
    treatment: TreatmentSpec = Field(default_factory=TreatmentSpec)
    normalisation: NormalisationSpec = Field(default_factory=NormalisationSpec)
    weighting: WeightingSpec = Field(default_factory=WeightingSpec)
    aggregation: AggregationSpec = Field(default_factory=AggregationSpec)
    groups: GroupSpec = Field(default_factory=GroupSpec)
    uncertainty: UncertaintySpec = Field(default_factory=UncertaintySpec)

    @model_validator(mode="after")
    def _tree_is_a_tree(self) -> Methodology:
        codes = [i.code for i in self.indicators] + [a.code for a in self.aggregates]
        duplicates = sorted({c for c in codes if codes.count(c) > 1})
        if duplicates:
            raise ValueError(f"codes used twice in the tree: {', '.join(duplicates)}")
        aggregate_codes = {a.code for a in self.aggregates}
        links: list[tuple[str, str | None]] = [(i.code, i.parent) for i in self.indicators]
        links += [(a.code, a.parent) for a in self.aggregates]
        for code, parent in links:
            if parent is not None and parent not in aggregate_codes:
                raise ValueError(f"'{code}' has parent '{parent}', which is no aggregate")
        roots = [a.code for a in self.aggregates if a.parent is None]
        if len(roots) != 1:
            raise ValueError(f"the tree needs exactly one root aggregate, found {len(roots)}")
        parents = {a.code: a.parent for a in self.aggregates}
        for code in aggregate_codes:
            seen = {code}
            parent = parents[code]
            while parent is not None:
                if parent in seen:
                    raise ValueError(f"the tree has a cycle through '{code}'")
                seen.add(parent)
                parent = parents[parent]
        children = {i.parent for i in self.indicators} | {
            a.parent for a in self.aggregates if a.parent
        }
        empty = sorted(aggregate_codes - children)
        if empty:
            raise ValueError(f"aggregates without members: {', '.join(empty)}")
        unknown = sorted(set(self.selection.exclude) - {i.code for i in self.indicators})
        if unknown:
            raise ValueError(f"selection.exclude names no indicator: {', '.join(unknown)}")
        return self

    @property
    def root(self) -> str:
        return next(a.code for a in self.aggregates if a.parent is None)

    @property
    def indicator_codes(self) -> list[str]:
        return [i.code for i in self.indicators]

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.model_dump(mode="json"), sort_keys=False, allow_unicode=True)


def methodology_hash(methodology: Methodology) -> str:
    """SHA-256 of the canonical JSON of the validated methodology (formatting does not count)."""
    canonical = json.dumps(methodology.model_dump(mode="json"), sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def aggregation_methods(methodology: Methodology) -> list[str]:
    """The aggregation methods a run computes (one, or several to compare)."""
    method = methodology.aggregation.method
    return list(method) if isinstance(method, list) else [method]


def default_methodology_text() -> str:
    return (
        resources.files("monotown")
        .joinpath("resources/methodology/default.yaml")
        .read_text(encoding="utf-8")
    )
