"""File-to-file assessment with no database: DATA.csv + META.csv in, RESULTS.csv out.

DATA: one row per unit; a unit code column (`unit`, `code`, `uCode` or the first column), an
optional `name` column, other text columns are groups (e.g. `region`), numeric columns are
indicators. META: `indicator` (or `code`), `pillar`, `weight`, `direction` (higher/lower/target or
1/-1), optional `target`, `name`. COINr's iData/iMeta pair is recognised and read unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import pandas as pd
import yaml

from monotown.assess.coinr import coinr_methodology, looks_like_coinr, read_coinr
from monotown.assess.csv_input import read_csv
from monotown.assess.methodology import Methodology, default_methodology_text
from monotown.assess.methodology_files import parse_methodology
from monotown.assess.pipeline import AssessmentInput
from monotown.assess.uncertain import read_input_files
from monotown.errors import InputError

UNIT_COLUMNS = ("unit", "code", "uCode", "unit_code", "settlement_code")
DIRECTIONS = {
    "higher": "higher",
    "lower": "lower",
    "target": "target",
    "1": "higher",
    "-1": "lower",
}


@dataclass(frozen=True)
class FileJob:
    input: AssessmentInput
    methodology: Methodology
    format: str  # "monotown" or "coinr"


def _steps(path: str | Path | None) -> dict[str, Any]:
    """A methodology's settings as a mapping; with META giving the tree, the file's own tree (if
    any) is replaced, so a steps-only methodology file is enough."""
    if path is None:
        text, name = default_methodology_text(), "default.yaml"
    else:
        file = Path(path)
        if not file.is_file():
            raise InputError("file not found", file=str(path))
        text, name = file.read_text(encoding="utf-8"), str(path)
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise InputError(f"not valid YAML ({error})", file=name) from None
    if not isinstance(data, dict):
        raise InputError("a methodology must be a YAML mapping", file=name)
    if path is not None:
        data = read_input_files(data, Path(path).parent)
    return data


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _refuse_first(
    reason: str, bad: np.ndarray, cells: pd.Series, *, file: str, field: str
) -> NoReturn:
    """Refuse a data file at the first row `bad` marks, naming its line (the header is line 1)."""
    at = _first(bad)
    raise InputError(reason, file=file, row=at + 2, field=field, value=cells.iloc[at])


def _direction(value: object, *, file: str, row: int) -> str:
    key = str(value).strip().lower()
    if key.endswith(".0"):
        key = key[:-2]
    if key in ("", "nan", "none"):
        return "higher"
    if key not in DIRECTIONS:
        raise InputError(
            "direction must be higher, lower, target, 1 or -1",
            file=file,
            row=row,
            field="direction",
            value=value,
        )
    return DIRECTIONS[key]


def _tree_from_meta(
    meta: pd.DataFrame, data_columns: list[str], file: str
) -> dict[str, list[dict[str, object]]]:
    columns = {c.lower(): c for c in meta.columns}
    code_col = columns.get("indicator") or columns.get("code")
    if code_col is None or "pillar" not in columns:
        raise InputError("needs columns 'indicator' (or 'code') and 'pillar'", file=file)
    indicators: list[dict[str, object]] = []
    pillars: list[str] = []
    for position, row in enumerate(meta.to_dict("records"), start=2):
        code = str(row[code_col]).strip()
        pillar = str(row[columns["pillar"]]).strip()
        if not code or code == "nan":
            raise InputError("indicator code is empty", file=file, row=position, field=code_col)
        if code not in data_columns:
            raise InputError(
                "indicator is not a column of the data file",
                file=file,
                row=position,
                field=code_col,
                value=code,
            )
        if not pillar or pillar == "nan":
            raise InputError("pillar is empty", file=file, row=position, field="pillar")
        weight_raw = row.get(columns.get("weight", "weight"), 1.0)
        try:
            weight = 1.0 if weight_raw is None or pd.isna(weight_raw) else float(weight_raw)
        except (TypeError, ValueError):
            raise InputError(
                "weight must be a number", file=file, row=position, field="weight", value=weight_raw
            ) from None
        if weight < 0:
            raise InputError(
                "weight must not be negative",
                file=file,
                row=position,
                field="weight",
                value=weight_raw,
            )
        spec: dict[str, object] = {
            "code": code,
            "parent": pillar,
            "weight": weight,
            "direction": _direction(
                row.get(columns.get("direction", "direction"), "higher"), file=file, row=position
            ),
        }
        target = row.get(columns.get("target", "target"))
        if target is not None and not pd.isna(target):
            spec["target"] = float(target)
        name = row.get(columns.get("name", "name"))
        if isinstance(name, str) and name.strip():
            spec["name"] = name.strip()
        indicators.append(spec)
        if pillar not in pillars:
            pillars.append(pillar)
    root = "index" if "index" not in pillars else "composite_index"
    aggregates: list[dict[str, object]] = [{"code": root, "name": "Composite index"}]
    aggregates += [{"code": p, "parent": root, "weight": 1.0} for p in pillars]
    return {"indicators": indicators, "aggregates": aggregates}


def prepare_files(
    data_path: str | Path, meta_path: str | Path, methodology_path: str | Path | None = None
) -> FileJob:
    """Read the two files (either format) and the optional methodology into a pipeline job."""
    data = read_csv(data_path)
    meta = read_csv(meta_path)
    if looks_like_coinr(list(data.columns), list(meta.columns)):
        coin = read_coinr(data, meta, meta_file=str(meta_path))
        recipe = coinr_methodology(coin)
        if methodology_path is not None:
            # COINr's recipe, with whatever the file sets on top; the tree stays iMeta's
            steps = recipe.model_dump(mode="json")
            overrides = _steps(methodology_path)
            for key in ("indicators", "aggregates", "denomination"):
                overrides.pop(key, None)
            steps.update(overrides)
            recipe = parse_methodology(steps, file=str(methodology_path))
        return FileJob(AssessmentInput(data=coin.data, units=coin.units), recipe, "coinr")
    unit_col = next((c for c in UNIT_COLUMNS if c in data.columns), data.columns[0])
    codes = data[unit_col].astype(str).str.strip()
    empty = (codes.eq("") | data[unit_col].isna()).to_numpy()
    if empty.any():
        row = _first(empty) + 2
        raise InputError("unit code is empty", file=str(data_path), row=row, field=unit_col)
    duplicated = codes.duplicated().to_numpy()
    if duplicated.any():
        _refuse_first(
            "unit code appears twice", duplicated, codes, file=str(data_path), field=unit_col
        )
    tree = _tree_from_meta(meta, list(data.columns), str(meta_path))
    indicator_codes = [str(i["code"]) for i in tree["indicators"]]
    values = pd.DataFrame(index=codes.to_numpy())
    for code in data.columns:
        if code == unit_col or code == "name":
            continue
        converted = pd.to_numeric(data[code], errors="coerce")
        text = data[code].astype(str).str.strip()
        bad = (converted.isna() & data[code].notna() & text.ne("")).to_numpy()
        if code in indicator_codes and bad.any():
            _refuse_first("not a number", bad, text, file=str(data_path), field=code)
        if code in indicator_codes or not bad.any():
            values[code] = converted.to_numpy()
    units = pd.DataFrame(index=values.index)
    units["name"] = data["name"].astype(str).to_numpy() if "name" in data.columns else values.index
    for column in data.columns:
        if column not in (unit_col, "name") and column not in values.columns:
            units[column] = data[column].to_numpy()
    base = _steps(methodology_path)
    base.update(tree)
    base["denomination"] = [
        d
        for d in base.get("denomination", [])
        if d["indicator"] in indicator_codes and d["by"] in values.columns
    ]
    imputation = base.setdefault("imputation", {})
    if imputation.get("group", "region") not in units.columns and str(
        imputation.get("method", "group_median")
    ).startswith("group"):
        # no grouping column in this data set: fall back to the overall statistic
        method = str(imputation.get("method", "group_median"))
        imputation["method"] = "mean" if method == "group_mean" else "median"
    recipe = parse_methodology(base, file=str(methodology_path or "default.yaml"))
    return FileJob(AssessmentInput(data=values, units=units), recipe, "monotown")
