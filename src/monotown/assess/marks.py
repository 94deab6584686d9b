"""Which units' results rest on synthetic demo values: the share of a unit's indicator values in
a year that are flagged 'synthetic'. Every assessment table (run results, criteria, warnings)
carries it, so a ranking built on made-up data can never pass for a finding."""

from __future__ import annotations

import pandas as pd

SYNTHETIC_NOTE = (
    "'synthetic' = yes: the row rests on synthetic demo values (made up by a fixed-seed "
    "generator), not on statistics."
)


def synthetic_shares(values: pd.DataFrame, year: int | None = None) -> pd.Series:
    """Unit code -> share (0..1) of its values (in `year`, if given) flagged synthetic.

    `values` is a long frame with `settlement_code`, `flag` and `year` columns.
    """
    rows = values if year is None else values[values["year"] == year]
    if rows.empty:
        return pd.Series(dtype=float)
    flagged = rows["flag"].astype(object).eq("synthetic")
    return flagged.groupby(rows["settlement_code"]).mean()


def with_synthetic_mark(
    table: pd.DataFrame, shares: pd.Series, unit_column: str = "unit"
) -> pd.DataFrame:
    """`table` with `synthetic` (any of the unit's values is synthetic) and `synthetic_share`."""
    result = table.copy()
    share = result[unit_column].map(shares).fillna(0.0).astype(float)
    result["synthetic_share"] = share.round(3)
    result["synthetic"] = share > 0
    return result


def lead_with_real(table: pd.DataFrame) -> pd.DataFrame:
    """Rows resting on real values first, in their order; then the synthetic ones."""
    order = table["synthetic"].astype(bool).to_numpy().argsort(kind="stable")
    return table.iloc[order].reset_index(drop=True)


def keep_records(table: pd.DataFrame, synthetic: bool | None) -> pd.DataFrame:
    """Only real (False) or only synthetic (True) rows; all of them for None."""
    if synthetic is None:
        return table
    return table[table["synthetic"].astype(bool) == synthetic].reset_index(drop=True)


def synthetic_footnote(table: pd.DataFrame) -> str:
    """'k of n rows rest on synthetic demo values.' plus what that means."""
    count = int(table["synthetic"].astype(bool).sum()) if "synthetic" in table else 0
    return f"{count} of {len(table)} rows rest on synthetic demo values. {SYNTHETIC_NOTE}"
