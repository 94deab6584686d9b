"""Regenerate with settings changed (COINr's `Regen` after `edit_coin`) and leave one element out
at a time (COINr's `remove_elements`). Pure: methodologies and frames in, frames out.

A setting is `PATH=VALUE`: PATH is a dotted path into the methodology (`treatment.winmax`,
`normalisation.method`, `aggregation.method`, `selection.exclude`, `uncertainty.replications`,
`indicators.CODE.weight`) or an uncertain-input address (`weights.CODE`, `aggregation.method.2`,
`exclude`, COINr's `$Log$...`); VALUE is YAML (`3`, `zscore`, `[1, 100]`, `{method: zscore}`).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import yaml

from monotown.assess.design import Plan
from monotown.assess.methodology import Methodology
from monotown.assess.methodology_files import parse_methodology
from monotown.assess.pipeline import AssessmentInput, AssessmentResult
from monotown.assess.uncertain import Input, _coinr_value, canonical_address
from monotown.errors import InputError


def _parse(setting: str) -> tuple[str, Any]:
    path, equals, text = setting.partition("=")
    if not equals or not path.strip():
        raise InputError("a setting is PATH=VALUE", field="--set", value=setting)
    try:
        value = yaml.safe_load(text) if text.strip() else None
    except yaml.YAMLError:
        raise InputError("the value is not valid YAML", field=path.strip(), value=text) from None
    return canonical_address(path.strip()), _coinr_value(value)


def _levels(methodology: Methodology) -> int:
    from monotown.assess.tree import build_tree

    return len(build_tree(methodology).aggregates_by_level)


def _set(data: dict[str, Any], path: str, value: Any, methodology: Methodology) -> None:
    head, _, rest = path.partition(".")
    if path == "exclude":
        data["selection"]["exclude"] = [] if value in (None, "none") else (
            [value] if isinstance(value, str) else list(value)
        )  # fmt: skip
        return
    if head == "weights" and rest:
        head, rest = "", ""
        for group in ("indicators", "aggregates"):
            for item in data[group]:
                if item["code"] == path.removeprefix("weights."):
                    item["weight"] = value
                    return
        raise InputError("no indicator or aggregate of that code", field=path)
    if path.startswith("aggregation.method.") and path.count(".") == 2:
        level = path.rsplit(".", 1)[1]
        n_levels = _levels(methodology)
        if not level.isdigit() or not 2 <= int(level) <= n_levels + 1:
            raise InputError(f"levels run from 2 to {n_levels + 1}", field=path)
        current = data["aggregation"]["method"]
        methods = list(current) if isinstance(current, list) else [current] * n_levels
        methods[int(level) - 2] = value
        data["aggregation"]["method"] = methods
        return
    node: Any = data
    parts = path.split(".")
    for depth, part in enumerate(parts[:-1]):
        if isinstance(node, list):
            found = [item for item in node if isinstance(item, dict) and item.get("code") == part]
            if not found:
                raise InputError(f"no entry '{part}'", field=".".join(parts[: depth + 1]))
            node = found[0]
        elif isinstance(node, dict) and isinstance(node.get(part), (dict, list)):
            node = node[part]
        else:
            raise InputError("no such setting", field=".".join(parts[: depth + 1]))
    if not isinstance(node, dict):
        raise InputError("no such setting", field=path)
    node[parts[-1]] = value


def apply_settings(methodology: Methodology, settings: list[str]) -> tuple[Methodology, list[str]]:
    """The methodology with each PATH=VALUE applied, validated at once; and the changes as text."""
    data = methodology.model_dump(mode="json")
    changes = []
    for setting in settings:
        path, value = _parse(setting)
        _set(data, path, value, methodology)
        changes.append(f"{path}={json.dumps(value, ensure_ascii=False)}")
    return parse_methodology(data, file="--set"), changes


def leave_one_out(
    inp: AssessmentInput, result: AssessmentResult, level: int = 1
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each element of `level` (1 = indicators, 2 = pillars, ...) dropped in turn, all at once
    on the vectorised engine: per town the rank change (positive = climbs when the element is
    left out), and per element COINr's mean absolute rank change.

    An indicator is excluded as `selection.exclude` does (its aggregate re-weighted among the
    rest); an aggregate gets weight 0 (the same as excluding all its indicators).
    """
    from monotown.assess.uncertainty import run_uncertainty

    tree = result.tree
    nodes = [*tree.indicators, *tree.order]
    levels = [tree.indicators, *tree.aggregates_by_level]
    if not 1 <= level < len(levels):
        raise InputError(f"levels run from 1 to {len(levels) - 1}", field="level", value=level)
    elements = list(levels[level - 1])
    count = len(elements)
    if level == 1:
        spec = Input(name="exclude", address="exclude", step="exclude", key=None,
                     type="discrete", alternatives=[(c,) for c in elements],
                     labels=elements)  # fmt: skip
        plan = Plan(inputs=[spec], choices=[np.arange(count)], n=count)
    else:
        nominal = np.array([tree.weight.get(code, 1.0) for code in nodes], dtype=float)
        sets = np.repeat(nominal[None, :], count, axis=0)
        for row, code in enumerate(elements):
            sets[row, nodes.index(code)] = 0.0
        spec = Input(name="weights", address="weights", step="weights", key=None,
                     type="discrete", alternatives=[], labels=elements)  # fmt: skip
        plan = Plan(inputs=[spec], choices=[np.arange(count)], weight_sets={0: sets}, n=count)
    analysis = run_uncertainty(inp, result, design=plan, keep_replications=True)
    assert analysis.ranks is not None
    units = analysis.units
    nominal_rank = result.rank.reindex(units).to_numpy(dtype=float)
    change = nominal_rank[None, :] - analysis.ranks.astype(float)
    names = result.units.get("name")
    towns = pd.DataFrame(
        {
            "unit": units,
            "name": [str(names.get(u, u)) if names is not None else u for u in units],
            "rank": nominal_rank,
        }
    )
    for position, code in enumerate(elements):
        towns[code] = change[position]
    towns = towns.sort_values(["rank", "unit"], na_position="last").reset_index(drop=True)
    with np.errstate(invalid="ignore"):
        summary = pd.DataFrame(
            {
                "element": elements,
                "name": [tree.names.get(code, code) for code in elements],
                "mean_abs_rank_change": np.nanmean(np.abs(change), axis=1),
                "max_abs_rank_change": np.nanmax(np.abs(change), axis=1),
                "towns_moved": (np.abs(np.nan_to_num(change)) > 0).sum(axis=1),
            }
        )
    summary = summary.sort_values("mean_abs_rank_change", ascending=False).reset_index(drop=True)
    return towns, summary
