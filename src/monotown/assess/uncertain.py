"""Uncertain inputs resolved against a methodology: what each address changes, its alternatives,
and how a uniform draw or a design-file cell becomes a value (COINr's `sample_2_para`).

An address names one step parameter:

- `treatment`, `imputation`, `normalisation`: a mapping of that step's settings (merged over
  the nominal ones); `treatment.winmax`, `normalisation.method`, ...: one setting of that step
- `aggregation.method` / `aggregation.method.L`: arithmetic or geometric, at every level / at
  level L (COINr's levels: 1 = indicators, 2 = pillars, ...)
- `weights`: noise per level (`noise`) or one of `weight_sets`; `weights.CODE`: one weight
- `exclude`: an indicator code (or a list of codes, or `none`) left out

COINr's own addresses (`$Log$Treat$global_specs$f1_para$winmax`, `$Log$Normalise$global_specs`,
`$Log$Aggregate$f_ag`, `$Log$Aggregate$w`, `$Log$Impute$f_i`) and its function names (`a_amean`,
`n_minmax` with `f_n_para`, `i_mean_grp`, ...) are read as their Monotown equivalents.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from monotown.assess.csv_input import read_csv
from monotown.assess.methodology import (
    ImputationSpec,
    Methodology,
    NormalisationSpec,
    TreatmentSpec,
    UncertainInput,
)
from monotown.errors import InputError

FloatArray = np.ndarray

COINR_ADDRESSES = {
    "$Log$Treat$global_specs$f1_para$winmax": "treatment.winmax",
    "$Log$Treat$global_specs": "treatment",
    "$Log$Impute$f_i": "imputation.method",
    "$Log$Normalise$global_specs": "normalisation",
    "$Log$Normalise$global_specs$f_n": "normalisation.method",
    "$Log$Aggregate$f_ag": "aggregation.method",
    "$Log$Aggregate$w": "weights",
}
COINR_NAMES = {
    "a_amean": "arithmetic",
    "a_gmean": "geometric",
    "n_minmax": "minmax",
    "n_zscore": "zscore",
    "n_rank": "rank",
    "n_prank": "percentile",
    "n_dist2targ": "dist2targ",
    "n_goalposts": "goalposts",
    "i_mean": "mean",
    "i_median": "median",
    "i_mean_grp": "group_mean",
    "i_median_grp": "group_median",
}
STEP_SPECS: dict[str, type[BaseModel]] = {
    "treatment": TreatmentSpec,
    "imputation": ImputationSpec,
    "normalisation": NormalisationSpec,
}
DATA_STEPS = ("imputation", "treatment", "normalisation", "exclude")
INTEGER_FIELDS = {("treatment", "winmax"), ("treatment", "min_points")}


class AddressError(ValueError):
    """The address names nothing in this methodology."""


@dataclass(frozen=True)
class Input:
    """One resolved uncertain input.

    `step` is imputation, treatment, normalisation, exclude (data-stage inputs: each distinct
    choice gets its own normalised data set), aggregation, weights or weight. `alternatives` hold
    canonical values: whole step settings (dicts), one setting, a level's method, a tuple of
    excluded codes, or for weights the weight sets (sets x nodes, filled when sampling).
    """

    name: str
    address: str
    step: str
    key: str | None  # the setting, the level number (aggregation) or the node code (weight)
    type: str
    alternatives: list[Any]
    labels: list[str]
    low: float = 0.0
    high: float = 1.0
    noise: dict[int, float] = field(default_factory=dict)
    sets: int | None = None
    weight_sets: list[dict[str, float]] = field(default_factory=list)

    @property
    def data_stage(self) -> bool:
        return self.step in DATA_STEPS

    @property
    def integer(self) -> bool:
        return (self.step, self.key) in INTEGER_FIELDS


def canonical_address(address: str) -> str:
    text = address.strip()
    return COINR_ADDRESSES.get(text, text)


def _coinr_value(value: Any) -> Any:
    """COINr function names and `f_n`/`f_n_para` mappings as Monotown settings."""
    if isinstance(value, str):
        return COINR_NAMES.get(value, value)
    if isinstance(value, dict) and "f_n" in value:
        method = COINR_NAMES.get(str(value["f_n"]), str(value["f_n"]))
        out: dict[str, Any] = {"method": method}
        para = value.get("f_n_para")
        while isinstance(para, list) and len(para) == 1 and isinstance(para[0], list):
            para = para[0]
        if isinstance(para, dict):
            para = para.get("l_u") or para.get("m_sd")
        if para is not None:
            out["mean_sd" if method == "zscore" else "range"] = list(para)
        return out
    if isinstance(value, dict):
        return {k: _coinr_value(v) for k, v in value.items()}
    return value


def _validated_step(step: str, nominal: BaseModel, change: dict[str, Any]) -> dict[str, Any]:
    spec = STEP_SPECS[step].model_validate({**nominal.model_dump(), **change})
    return spec.model_dump(mode="json")


def _label(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("method", "")) or "alternative"
    if isinstance(value, (list, tuple)):
        return "+".join(str(v) for v in value) or "none"
    if value is None:
        return "none"
    return str(value)


def _labels(values: list[Any], given: list[str] | None, raw: list[Any]) -> list[str]:
    if given is not None:
        if len(given) != len(values):
            raise ValueError("labels must give one label per alternative")
        return [str(g) for g in given]
    labels = [_label(v) for v in raw]
    if len(set(labels)) < len(labels):
        labels = [f"{label}#{i + 1}" for i, label in enumerate(labels)]
    return labels


def _exclusion(value: Any, codes: set[str]) -> tuple[str, ...]:
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "none")):
        return ()
    items = [value] if isinstance(value, str) else list(value)
    unknown = [str(v) for v in items if str(v) not in codes]
    if unknown:
        raise ValueError(f"no indicator {', '.join(unknown)}")
    return tuple(sorted(str(v) for v in items))


def _node_levels(methodology: Methodology) -> dict[str, int]:
    """COINr's levels: indicators 1, their parents 2, and so on (by height in the tree)."""
    from monotown.assess.tree import build_tree

    tree = build_tree(methodology)
    levels = dict.fromkeys(tree.indicators, 1)
    for position, level in enumerate(tree.aggregates_by_level):
        for code in level:
            levels[code] = position + 2
    return levels


def resolve_one(spec: UncertainInput, methodology: Methodology) -> Input:
    """Check one input against the methodology and bring its values into canonical form."""
    address = canonical_address(spec.address)
    name = spec.name or spec.address
    head, _, rest = address.partition(".")
    raw = [_coinr_value(v) for v in spec.distribution]
    continuous = spec.type == "continuous"
    if continuous and (
        len(raw) != 2
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in raw)
        or not raw[0] < raw[1]
    ):
        raise ValueError("a continuous distribution is [lower, upper] with lower < upper")
    if head in STEP_SPECS:
        nominal = getattr(methodology, head)
        if rest and rest not in STEP_SPECS[head].model_fields:
            raise AddressError(f"'{head}' has no setting '{rest}'")
        if not raw:
            raise ValueError("distribution lists no alternative")
        if rest:
            values = [_validated_step(head, nominal, {rest: v})[rest] for v in raw]
        else:
            if continuous or not all(isinstance(v, dict) for v in raw):
                raise ValueError(f"alternatives of '{head}' are mappings of its settings")
            values = [_validated_step(head, nominal, v) for v in raw]
        return Input(
            name=name, address=address, step=head, key=rest or None, type=spec.type,
            alternatives=values, labels=_labels(values, spec.labels, raw),
            low=float(raw[0]) if continuous else 0.0, high=float(raw[1]) if continuous else 1.0,
        )  # fmt: skip
    if address == "aggregation.method" or address.startswith("aggregation.method."):
        level = address.removeprefix("aggregation.method").lstrip(".")
        levels = sorted(set(_node_levels(methodology).values()) - {1})
        if level and (not level.isdigit() or int(level) not in levels):
            raise AddressError(f"the tree has aggregation levels {levels[0]} to {levels[-1]} only")
        if continuous or not raw or any(v not in ("arithmetic", "geometric") for v in raw):
            raise ValueError("aggregation alternatives are arithmetic and geometric")
        return Input(
            name=name, address=address, step="aggregation", key=level or None, type="discrete",
            alternatives=list(raw), labels=_labels(raw, spec.labels, raw),
        )  # fmt: skip
    if address == "weights":
        return _weights_input(spec, methodology, name)
    if head == "weights" and rest:
        if rest not in _node_levels(methodology):
            raise AddressError(f"no indicator or aggregate '{rest}' in the tree")
        if not raw or not all(isinstance(v, (int, float)) and v >= 0 for v in raw):
            raise ValueError("a weight's distribution holds non-negative numbers")
        return Input(
            name=name, address=address, step="weight", key=rest, type=spec.type,
            alternatives=[float(v) for v in raw], labels=_labels(raw, spec.labels, raw),
            low=float(raw[0]), high=float(raw[-1]),
        )  # fmt: skip
    if address == "exclude":
        codes = set(methodology.indicator_codes)
        if continuous or not raw:
            raise ValueError("exclude lists alternatives: indicator codes, lists of them or none")
        values = [_exclusion(v, codes) for v in raw]
        return Input(
            name=name, address=address, step="exclude", key=None, type="discrete",
            alternatives=values, labels=_labels(values, spec.labels, values),
        )  # fmt: skip
    raise AddressError(
        f"unknown address '{spec.address}' (use treatment[.setting], imputation[.setting], "
        "normalisation[.setting], aggregation.method[.level], weights[.code] or exclude)"
    )


def _weights_input(spec: UncertainInput, methodology: Methodology, name: str) -> Input:
    levels = _node_levels(methodology)
    if spec.noise and spec.weight_sets:
        raise ValueError("weights take either noise or weight_sets, not both")
    if spec.noise:
        known = sorted(set(levels.values()))
        noise = {}
        for item in spec.noise:
            if item.level not in known:
                raise ValueError(f"the tree has levels {known[0]} to {known[-1]} only")
            noise[item.level] = item.factor
        return Input(
            name=name, address="weights", step="weights", key=None, type="discrete",
            alternatives=[], labels=[], noise=noise, sets=spec.sets,
        )  # fmt: skip
    if isinstance(spec.weight_sets, str):
        raise ValueError(f"weight_sets file '{spec.weight_sets}' was not read")
    if not spec.weight_sets:
        raise ValueError("weights need noise (per level) or weight_sets")
    for position, weight_set in enumerate(spec.weight_sets, start=1):
        unknown = sorted(set(weight_set) - set(levels))
        if unknown:
            raise ValueError(f"weight set {position} names no node: {', '.join(unknown)}")
        if any(v < 0 or math.isnan(v) for v in weight_set.values()):
            raise ValueError(f"weight set {position} has a negative or missing weight")
    labels = [str(i + 1) for i in range(len(spec.weight_sets))]
    return Input(
        name=name, address="weights", step="weights", key=None, type="discrete",
        alternatives=[], labels=labels, weight_sets=list(spec.weight_sets),
    )  # fmt: skip


def legacy_inputs(methodology: Methodology) -> list[UncertainInput]:
    """The short fields (weight_noise, imputations, normalisations, aggregations) as inputs."""
    spec = methodology.uncertainty
    out: list[UncertainInput] = []
    if spec.weight_noise > 0:
        levels = sorted(set(_node_levels(methodology).values()))
        noise = [{"level": level, "factor": spec.weight_noise} for level in levels]
        out.append(UncertainInput.model_validate({"name": "weights", "address": "weights",
                                                  "noise": noise}))  # fmt: skip
    for name, values in (
        ("imputation", spec.imputations),
        ("normalisation", spec.normalisations),
        ("aggregation", spec.aggregations),
    ):
        if len(values) > 1:
            address = "aggregation.method" if name == "aggregation" else f"{name}.method"
            out.append(UncertainInput(name=name, address=address, distribution=list(values)))
    return out


def resolve_inputs(methodology: Methodology) -> list[Input]:
    """Every uncertain input of the methodology, or an InputError naming the bad one."""
    specs = methodology.uncertainty.inputs or legacy_inputs(methodology)
    out = []
    for position, spec in enumerate(specs):
        try:
            out.append(resolve_one(spec, methodology))
        except (ValueError, ValidationError) as error:
            message = str(error)
            if isinstance(error, ValidationError):
                first = error.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                message = f"{where}: {first['msg']}" if where else first["msg"]
            where = "address" if isinstance(error, AddressError) else "distribution"
            raise InputError(
                message, field=f"uncertainty.inputs.{position}.{where}", value=spec.address
            ) from None
    return out


def read_weight_sets(path: Path) -> list[dict[str, float]]:
    """A CSV of weight sets: one row per set, one column per node code (an optional `set`
    column is ignored); empty cells keep the nominal weight."""
    frame = read_csv(path)
    frame = frame.drop(columns=[c for c in frame.columns if str(c).lower() == "set"])
    out = []
    for position, row in enumerate(frame.to_dict("records"), start=2):
        weights: dict[str, float] = {}
        for code, value in row.items():
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            try:
                weights[str(code)] = float(value)
            except (TypeError, ValueError):
                raise InputError(
                    "weight must be a number", file=str(path), row=position, field=str(code),
                    value=value,
                ) from None  # fmt: skip
        out.append(weights)
    return out


def read_input_files(data: dict[str, Any], base: Path) -> dict[str, Any]:
    """Replace `weight_sets: FILE` by the sets it holds, so a stored methodology is whole."""
    uncertainty = data.get("uncertainty")
    if not isinstance(uncertainty, dict) or not isinstance(uncertainty.get("inputs"), list):
        return data
    for item in uncertainty["inputs"]:
        if isinstance(item, dict) and isinstance(item.get("weight_sets"), str):
            file = Path(item["weight_sets"])
            item["weight_sets"] = read_weight_sets(file if file.is_absolute() else base / file)
    return data


def value_of(spec: Input, u: FloatArray) -> FloatArray:
    """Uniform draws in [0, 1) to choice numbers (discrete) or values (continuous)."""
    if spec.type == "continuous":
        values: FloatArray = spec.low + np.asarray(u) * (spec.high - spec.low)
        return np.round(values) if spec.integer else values
    count = len(spec.alternatives) if spec.step != "weights" else int(spec.sets or 0)
    choice: FloatArray = np.minimum((np.asarray(u) * count).astype(int), count - 1)
    return choice
