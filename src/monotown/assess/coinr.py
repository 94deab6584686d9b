"""COINr's input format, read unchanged: `iData` (uCode, uName, group columns, Time, denominators,
indicators) and `iMeta` (Level, iCode, iName, Direction, Weight, Unit, Target, Denominator, Parent,
Type), so an index built in COINr can be brought over.

`coinr_methodology()` reproduces COINr's own example recipe (`build_example_coin`): denominate as
iMeta says, group-mean imputation, default treatment, min-max 0-100, arithmetic mean with iMeta's
weights. No indicator is dropped for coverage, as in COINr.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from monotown.assess.methodology import AggregateSpec, DenominationSpec, IndicatorSpec, Methodology
from monotown.assess.methodology_files import parse_methodology
from monotown.errors import InputError

IDATA_REQUIRED = ("uCode",)
IMETA_REQUIRED = ("iCode", "Level", "Direction", "Weight", "Parent", "Type")


def looks_like_coinr(data_columns: list[str], meta_columns: list[str]) -> bool:
    """COINr format is recognised by `uCode` in the data and iCode/Type/Parent in the metadata."""
    return "uCode" in data_columns and all(c in meta_columns for c in ("iCode", "Type", "Parent"))


@dataclass(frozen=True)
class CoinrInput:
    data: pd.DataFrame  # uCode index, indicator and denominator columns
    units: pd.DataFrame  # uCode index, name + group columns
    indicators: list[IndicatorSpec]
    aggregates: list[AggregateSpec]
    denomination: list[DenominationSpec]
    groups: list[str]


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def read_coinr(idata: pd.DataFrame, imeta: pd.DataFrame, *, meta_file: str = "iMeta") -> CoinrInput:
    """Validate COINr iData/iMeta frames and turn them into the pipeline's pieces."""
    missing = [c for c in IMETA_REQUIRED if c not in imeta.columns]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", file=meta_file)
    if idata["uCode"].isna().any() or idata["uCode"].duplicated().any():
        raise InputError("uCode must be present and unique in every row", field="uCode")
    indicators: list[IndicatorSpec] = []
    aggregates: list[AggregateSpec] = []
    denomination: list[DenominationSpec] = []
    groups: list[str] = []
    for position, row in enumerate(imeta.to_dict("records"), start=2):
        kind = _text(row.get("Type"))
        code = _text(row.get("iCode"))
        if code is None:
            raise InputError("iCode is empty", file=meta_file, row=position, field="iCode")
        if kind == "Indicator":
            parent = _text(row.get("Parent"))
            if parent is None:
                raise InputError(
                    "an indicator needs a Parent", file=meta_file, row=position, field="Parent"
                )
            direction = row.get("Direction")
            if direction not in (1, -1, 1.0, -1.0):
                raise InputError(
                    "Direction must be 1 or -1",
                    file=meta_file,
                    row=position,
                    field="Direction",
                    value=direction,
                )
            target = row.get("Target")
            indicators.append(
                IndicatorSpec(
                    code=code,
                    parent=parent,
                    weight=float(row["Weight"]),
                    direction="higher" if float(direction) > 0 else "lower",
                    target=None if target is None or pd.isna(target) else float(target),
                    name=_text(row.get("iName")),
                )
            )
            by = _text(row.get("Denominator"))
            if by is not None:
                denomination.append(DenominationSpec(indicator=code, by=by, scale=1.0))
            if code not in idata.columns:
                raise InputError(
                    "indicator is not a column of iData",
                    file=meta_file,
                    row=position,
                    field="iCode",
                    value=code,
                )
        elif kind == "Aggregate":
            weight = row.get("Weight")
            aggregates.append(
                AggregateSpec(
                    code=code,
                    parent=_text(row.get("Parent")),
                    weight=1.0 if weight is None or pd.isna(weight) else float(weight),
                    name=_text(row.get("iName")),
                )
            )
        elif kind == "Group":
            groups.append(code)
    units = pd.DataFrame(index=idata["uCode"].astype(str))
    units["name"] = (
        (idata["uName"] if "uName" in idata.columns else idata["uCode"]).astype(str).to_numpy()
    )
    for group in groups:
        if group in idata.columns:
            units[group] = idata[group].to_numpy()
    numeric = [c for c in idata.columns if c not in ("uCode", "uName", "Time", *groups)]
    data = idata[numeric].apply(pd.to_numeric, errors="coerce")
    data.index = units.index
    return CoinrInput(
        data=data,
        units=units,
        indicators=indicators,
        aggregates=aggregates,
        denomination=denomination,
        groups=groups,
    )


def coinr_methodology(coin: CoinrInput, *, impute_group: str | None = None) -> Methodology:
    """COINr's example recipe over this data set's tree (see module docstring)."""
    group = impute_group if impute_group is not None else (coin.groups[-1] if coin.groups else None)
    return parse_methodology(
        {
            "name": "coinr-example",
            "description": "COINr build_example_coin recipe: Denominate, i_mean_grp, Treat, "
            "n_minmax 0-100, a_amean",
            "indicators": [i.model_dump() for i in coin.indicators],
            "aggregates": [a.model_dump() for a in coin.aggregates],
            "denomination": [d.model_dump() for d in coin.denomination],
            "selection": {
                "window_years": 1,
                "min_indicator_coverage": 0.0,
                "min_unit_coverage": 0.9,
            },
            "imputation": {"method": "group_mean" if group else "mean", "group": group},
            "treatment": {"method": "winsorise", "winmax": 5, "skew_thresh": 2, "kurt_thresh": 3.5},
            "normalisation": {"method": "minmax", "range": [0, 100]},
            "aggregation": {"method": "arithmetic"},
        },
        file="iMeta",
    )
