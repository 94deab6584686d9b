"""The replications of an uncertainty or sensitivity analysis: sampled (COINr's random sample for
"UA", Saltelli's A, B, A_B^i for "SA") or read from a design file, as a table a person can read
and replay, and encoded for the vectorised engine.

A design file (CSV) has one row per replication and one column per uncertain input (its name or
address) holding a value as the methodology writes it: an alternative (its label, or the value
itself), a number for a continuous input, a weight-set number; `weight.CODE` columns give the
weights of a replication exactly. `replication` and `block` (A, B, AB:input) columns are
optional; a design whose blocks form a complete Saltelli design yields sensitivity indices.
Everything here is vectorised over replications: loops run over inputs and distinct choices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from monotown.assess.csv_input import read_csv
from monotown.assess.engine import Design
from monotown.assess.methodology import Methodology, aggregation_methods
from monotown.assess.sensitivity import saltelli_design
from monotown.assess.uncertain import COINR_NAMES, Input, value_of
from monotown.errors import InputError

FloatArray = np.ndarray
WEIGHT_PREFIX = "weight."


@dataclass
class Plan:
    """Replications in the inputs' own terms: per input, a choice number (discrete), a value
    (continuous) or a row of its weight sets (weights)."""

    inputs: list[Input]
    choices: list[FloatArray]
    weight_sets: dict[int, FloatArray] = field(default_factory=dict)  # input -> sets x nodes
    analysis: str = "UA"
    n: int = 0  # base sample size: N for SA (N (d + 2) rows), the number of rows for UA
    blocks: FloatArray | None = None  # "A", "B", "AB:<input>" per row (SA)

    @property
    def size(self) -> int:
        return int(self.choices[0].size) if self.choices else self.n


def node_levels(nodes: list[str], levels: dict[str, int]) -> FloatArray:
    return np.array([levels.get(code, 1) for code in nodes])


def _weight_matrix(spec: Input, nominal: FloatArray, nodes: list[str], levels: FloatArray,
                   count: int, rng: np.random.Generator) -> FloatArray:  # fmt: skip
    """COINr get_noisy_weights (w + U(-1, 1) f w, f per level) or the listed weight sets."""
    if spec.noise:
        factor = np.array([spec.noise.get(int(level), 0.0) for level in levels])
        noise = (rng.random((count, nominal.size)) * 2.0 - 1.0) * factor[None, :]
        out: FloatArray = nominal[None, :] * (1.0 + noise)
        return out
    column = {code: i for i, code in enumerate(nodes)}
    sets = np.repeat(nominal[None, :], len(spec.weight_sets), axis=0)
    for row, weight_set in enumerate(spec.weight_sets):
        for code, weight in weight_set.items():
            if code in column:
                sets[row, column[code]] = weight
    return sets


def sample_plan(
    inputs: list[Input],
    n: int,
    analysis: str,
    rng: np.random.Generator,
    nominal: FloatArray,
    nodes: list[str],
    levels: dict[str, int],
) -> Plan:
    """A random design: N uniform rows (UA) or Saltelli's N (d + 2) rows (SA), mapped to values."""
    d = len(inputs)
    if analysis == "SA":
        if d < 2:
            raise InputError("sensitivity analysis needs at least two uncertain inputs")
        points = saltelli_design(n, d, rng).stacked()
        blocks = np.array(
            ["A"] * n + ["B"] * n + [f"AB:{spec.name}" for spec in inputs for _ in range(n)],
            dtype=object,
        )
    else:
        points = rng.random((n, max(d, 1)))
        blocks = None
    plan = Plan(inputs=list(inputs), choices=[], analysis=analysis, n=n, blocks=blocks)
    level_of = node_levels(nodes, levels)
    for position, spec in enumerate(inputs):
        u = points[:, position]
        if spec.step == "weights":
            count = spec.sets or (len(spec.weight_sets) if spec.weight_sets else n)
            plan.weight_sets[position] = _weight_matrix(spec, nominal, nodes, level_of, count, rng)
            plan.choices.append(np.minimum((u * count).astype(int), count - 1))
        else:
            plan.choices.append(value_of(spec, u))
    if not inputs:
        plan.choices = []
    return plan


def plan_table(plan: Plan, nodes: list[str]) -> pd.DataFrame:
    """The design as a table: replication, block, one column per input, weight.CODE columns."""
    table = pd.DataFrame({"replication": np.arange(1, plan.size + 1)})
    if plan.blocks is not None:
        table["block"] = plan.blocks
    weights: dict[str, FloatArray] = {}
    for position, (spec, choice) in enumerate(zip(plan.inputs, plan.choices, strict=True)):
        if spec.step == "weights":
            table[spec.name] = choice + 1
            sets = plan.weight_sets[position]
            varying = np.flatnonzero(np.ptp(sets, axis=0) > 0) if len(sets) > 1 else np.zeros(0)
            for column in varying.astype(int):
                weights[WEIGHT_PREFIX + nodes[column]] = sets[choice, column]
        elif spec.type == "continuous":
            table[spec.name] = choice
        else:
            scalar = all(not isinstance(a, (dict, tuple, list)) for a in spec.alternatives)
            shown = spec.alternatives if scalar else spec.labels
            table[spec.name] = np.array(shown, dtype=object)[choice.astype(int)]
    for name, values in weights.items():
        table[name] = values
    return table


def _match(spec: Input, column: pd.Series, file: str) -> FloatArray:
    """Design-file cells to choice numbers, by label, value or COINr name (per distinct cell)."""
    keys: dict[str, int] = {}
    for i, (alternative, label) in enumerate(zip(spec.alternatives, spec.labels, strict=True)):
        keys.setdefault(label.strip().lower(), i)
        if not isinstance(alternative, (dict, list, tuple)):
            keys.setdefault(str(alternative).strip().lower(), i)
    text = column.astype(str).str.strip().str.lower()
    out = np.empty(len(text), dtype=int)
    for cell in text.unique():
        key = COINR_NAMES.get(cell, cell)
        if key not in keys:
            try:
                number = float(cell)
                hits = [i for i, a in enumerate(spec.alternatives)
                        if isinstance(a, (int, float)) and float(a) == number]  # fmt: skip
            except ValueError:
                hits = []
            if not hits:
                row = int(np.flatnonzero(text.to_numpy() == cell)[0]) + 2
                raise InputError(
                    f"not one of {', '.join(spec.labels)}", file=file, row=row, field=spec.name,
                    value=str(column.iloc[row - 2]),
                )  # fmt: skip
            keys[key] = hits[0]
        out[text.to_numpy() == cell] = keys[key]
    return out


def _numbers(column: pd.Series, file: str, name: str) -> FloatArray:
    values = pd.to_numeric(column, errors="coerce")
    bad = values.isna().to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise InputError("not a number", file=file, row=row + 2, field=name,
                         value=column.iloc[row])  # fmt: skip
    return values.to_numpy(dtype=float)


def read_design(
    path: str | Path, inputs: list[Input], nominal: FloatArray, nodes: list[str]
) -> Plan:
    """A design file as a plan over the inputs it has columns for (the others stay nominal)."""
    file = str(path)
    frame = read_csv(path)
    if frame.empty:
        raise InputError("the design has no replication", file=file)
    by_name = {spec.name: spec for spec in inputs} | {spec.address: spec for spec in inputs}
    weight_columns = [c for c in frame.columns if str(c).startswith(WEIGHT_PREFIX)]
    column_of = {code: i for i, code in enumerate(nodes)}
    for name in frame.columns:
        if name in ("replication", "block") or name in weight_columns or name in by_name:
            continue
        known = ", ".join(spec.name for spec in inputs) or "none"
        raise InputError(f"no uncertain input of that name (inputs: {known})", file=file,
                         field=str(name))  # fmt: skip
    for name in weight_columns:
        if name.removeprefix(WEIGHT_PREFIX) not in column_of:
            raise InputError("no tree node of that code", file=file, field=name)
    plan = Plan(inputs=[], choices=[], n=len(frame))
    used: list[Input] = []
    for name in frame.columns:
        spec = by_name.get(name)
        if spec is None or spec in used:
            continue
        used.append(spec)
        column = frame[name]
        if spec.step == "weights":
            if weight_columns:
                choice = np.arange(len(frame))
                sets = np.repeat(nominal[None, :], len(frame), axis=0)
                for wname in weight_columns:
                    values = _numbers(frame[wname], file, wname)
                    sets[:, column_of[wname.removeprefix(WEIGHT_PREFIX)]] = values
            elif spec.weight_sets:
                numbers = _numbers(column, file, str(name)).astype(int)
                if ((numbers < 1) | (numbers > len(spec.weight_sets))).any():
                    raise InputError(f"weight set numbers run from 1 to {len(spec.weight_sets)}",
                                     file=file, field=str(name))  # fmt: skip
                choice = numbers - 1
                sets = _weight_matrix(spec, nominal, nodes, np.zeros(0), 0,
                                      np.random.default_rng(0))  # fmt: skip
            else:
                raise InputError(
                    "noisy weight-set numbers cannot be replayed: add weight.CODE columns "
                    "(as --design-out writes them)", file=file, field=str(name),
                )  # fmt: skip
            plan.weight_sets[len(plan.inputs)] = sets
        elif spec.type == "continuous":
            choice = _numbers(column, file, str(name))
            if spec.integer:
                choice = np.round(choice)
        else:
            choice = _match(spec, column, file)
        plan.inputs.append(spec)
        plan.choices.append(choice)
    if weight_columns and not any(spec.step == "weights" for spec in plan.inputs):
        sets = np.repeat(nominal[None, :], len(frame), axis=0)
        for wname in weight_columns:
            sets[:, column_of[wname.removeprefix(WEIGHT_PREFIX)]] = _numbers(
                frame[wname], file, wname
            )
        explicit = Input(name="weights", address="weights", step="weights", key=None,
                         type="discrete", alternatives=[], labels=[])  # fmt: skip
        plan.weight_sets[len(plan.inputs)] = sets
        plan.inputs.append(explicit)
        plan.choices.append(np.arange(len(frame)))
    if "block" in frame.columns:
        _saltelli_blocks(plan, frame["block"].astype(str).to_numpy())
    return plan


def _saltelli_blocks(plan: Plan, blocks: FloatArray) -> None:
    """Use a design's blocks as a Saltelli design when they form one (A, B, AB:<input> each N)."""
    order = ["A", "B", *(f"AB:{spec.name}" for spec in plan.inputs)]
    counts = {name: int((blocks == name).sum()) for name in order}
    n = counts["A"]
    if n == 0 or any(count != n for count in counts.values()) or len(blocks) != n * len(order):
        return
    rows = np.concatenate([np.flatnonzero(blocks == name) for name in order])
    per_row = {
        position
        for position, sets in plan.weight_sets.items()
        if len(sets) == len(blocks) and np.array_equal(plan.choices[position], np.arange(len(sets)))
    }  # weights given per replication (weight.CODE columns) move with their rows
    plan.choices = [choice[rows] for choice in plan.choices]
    for position in per_row:
        plan.weight_sets[position] = plan.weight_sets[position][rows]
        plan.choices[position] = np.arange(len(blocks))
    plan.blocks = blocks[rows]
    plan.analysis = "SA"
    plan.n = n


@dataclass(frozen=True)
class Encoded:
    design: Design
    combos: list[list[tuple[Input, Any]]]  # per variant: (data-stage input, value)


def encode(plan: Plan, methodology: Methodology, n_levels: int, nominal: FloatArray,
           nodes: list[str]) -> Encoded:  # fmt: skip
    """The plan as the engine's arrays: variant per row, method per level, node weights."""
    rows = plan.size
    data_inputs = [(i, s) for i, s in enumerate(plan.inputs) if s.data_stage]
    codes = np.zeros((rows, max(len(data_inputs), 1)), dtype=int)
    distinct: list[FloatArray] = []
    for column, (i, _spec) in enumerate(data_inputs):
        values, inverse = np.unique(plan.choices[i], return_inverse=True)
        codes[:, column] = inverse.reshape(-1)
        distinct.append(values)
    unique_rows, variant = np.unique(codes, axis=0, return_inverse=True)
    combos = []
    for combo in unique_rows:
        chosen: list[tuple[Input, Any]] = []
        for column, (_i, spec) in enumerate(data_inputs):
            value = distinct[column][combo[column]]
            if spec.type == "continuous":
                chosen.append((spec, int(value) if spec.integer else float(value)))
            else:
                chosen.append((spec, spec.alternatives[int(value)]))
        combos.append(chosen)
    methods = aggregation_methods(methodology)
    per_level = methods if len(methods) == n_levels else [methods[0]] * n_levels
    geometric = np.repeat(np.array([[m == "geometric" for m in per_level]]), rows, axis=0)
    weights = np.repeat(nominal[None, :], rows, axis=0)
    column_of = {code: i for i, code in enumerate(nodes)}
    for i, spec in enumerate(plan.inputs):
        choice = plan.choices[i]
        if spec.step == "aggregation":
            flags = np.array([a == "geometric" for a in spec.alternatives])[choice.astype(int)]
            if spec.key is None:
                geometric[:, :] = flags[:, None]
            else:
                geometric[:, int(spec.key) - 2] = flags
        elif spec.step == "weights":
            weights = plan.weight_sets[i][choice.astype(int)].copy()
        elif spec.step == "weight" and spec.key in column_of:
            values = (
                choice if spec.type == "continuous"
                else np.array(spec.alternatives)[choice.astype(int)]
            )  # fmt: skip
            weights[:, column_of[spec.key]] = values
    return Encoded(
        design=Design(variant=variant.reshape(-1), geometric=geometric, weights=weights),
        combos=combos,
    )


def apply_choices(methodology: Methodology, chosen: list[tuple[Input, Any]]) -> Methodology:
    """The methodology with data-stage choices applied (step settings and exclusions)."""
    from monotown.assess.uncertain import STEP_SPECS

    update: dict[str, Any] = {}
    exclude = set(methodology.selection.exclude)
    for spec, value in chosen:
        if spec.step == "exclude":
            exclude |= set(value)
            continue
        current = update.get(spec.step, getattr(methodology, spec.step))
        settings = current.model_dump()
        settings.update({spec.key: value} if spec.key else value)
        update[spec.step] = STEP_SPECS[spec.step].model_validate(settings)
    if exclude != set(methodology.selection.exclude):
        update["selection"] = methodology.selection.model_copy(update={"exclude": sorted(exclude)})
    return methodology.model_copy(update=update) if update else methodology


def methodology_for_row(
    methodology: Methodology,
    encoded: Encoded,
    row: int,
    nodes: list[str],
) -> Methodology:
    """One replication as a whole methodology, for the per-replication pipeline (the check of
    the engine and the benchmark's naive baseline)."""
    variant = int(encoded.design.variant[row])
    chosen = apply_choices(methodology, encoded.combos[variant])
    data = chosen.model_dump(mode="json")
    methods = ["geometric" if g else "arithmetic" for g in encoded.design.geometric[row]]
    data["aggregation"]["method"] = methods[0] if len(set(methods)) == 1 else methods
    weight = dict(zip(nodes, (float(w) for w in encoded.design.weights[row]), strict=True))
    for item in [*data["indicators"], *data["aggregates"]]:
        if item["code"] in weight:
            item["weight"] = weight[item["code"]]
    data["uncertainty"] = {"replications": 0}
    return Methodology.model_validate(data)
