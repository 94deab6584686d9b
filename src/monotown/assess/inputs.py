"""From stored indicator values (the long frame `monotown.data.values_frame` returns) to the
pipeline's input, and the snapshot identifier of exactly the values used.

Long frame columns used: settlement_code, settlement_name_en, region_code, indicator_code, year,
value, flag, batch_id. Pure: the database query is the caller's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd

from monotown.assess.impute import size_class
from monotown.assess.methodology import Methodology
from monotown.assess.pipeline import AssessmentInput
from monotown.assess.select import latest_in_window
from monotown.errors import InputError


@dataclass(frozen=True)
class DatabaseInput:
    input: AssessmentInput
    snapshot: str
    max_batch_id: int | None
    period: int
    n_values: int
    synthetic_share: float


def snapshot_id(values: pd.DataFrame, max_batch_id: int | None) -> str:
    """SHA-256 over the sorted (unit, indicator, year, value) rows used and the max batch id."""
    rows = values.sort_values(["unit", "indicator", "year"])
    digest = hashlib.sha256()
    for unit, indicator, year, value in rows[["unit", "indicator", "year", "value"]].itertuples(
        index=False
    ):
        digest.update(f"{unit}\x1f{indicator}\x1f{int(year)}\x1f{float(value)!r}\n".encode())
    digest.update(f"batch:{max_batch_id}".encode())
    return digest.hexdigest()


def long_values(frame: pd.DataFrame) -> pd.DataFrame:
    """The values_frame rows as unit, indicator, year, value (annual, non-missing)."""
    out = pd.DataFrame(
        {
            "unit": frame["settlement_code"].astype(str),
            "indicator": frame["indicator_code"].astype(str),
            "year": pd.to_numeric(frame["year"], errors="coerce"),
            "value": pd.to_numeric(frame["value"], errors="coerce"),
        }
    )
    return out.dropna(subset=["year", "value"]).astype({"year": int})


def input_from_values(
    frame: pd.DataFrame, methodology: Methodology, period: int | None = None
) -> DatabaseInput:
    """Select the latest values within the methodology's window for `period` (default: the latest
    year with data) and build units (name, region, size class) and the panel for LOCF."""
    values = long_values(frame)
    window = methodology.selection.window_years
    if values.empty and period is None:
        raise InputError("there are no indicator values to assess; import data first")
    year = int(values["year"].max()) if period is None else int(period)
    needed = set(methodology.indicator_codes) | {d.by for d in methodology.denomination}
    needed |= {d.indicator for d in methodology.denomination}
    used = values[values["indicator"].isin(needed) & (values["year"] <= year)]
    if used[used["year"] > year - window].empty:
        raise InputError(f"no indicator values for {year} or the {window - 1} years before it")
    selection = latest_in_window(used, year, window)
    # A town without any value of an indicator in the window has no year for it (pandas 3's
    # stack keeps such gaps as NaN, which would otherwise break the year column).
    chosen = selection.years.stack().dropna().reset_index()
    chosen.columns = pd.Index(["unit", "indicator", "year"])
    chosen["year"] = chosen["year"].astype(int)
    snapshot_rows = used.merge(chosen, on=["unit", "indicator", "year"])
    names = frame.drop_duplicates("settlement_code").set_index("settlement_code")
    units = pd.DataFrame(index=selection.values.index)
    units["name"] = (
        names["settlement_name_en"]
        .reindex(units.index)
        .fillna(pd.Series(units.index, index=units.index))
    )
    units["region"] = names["region_code"].reindex(units.index)
    if "pop_total" in selection.values.columns:
        units["size_class"] = size_class(selection.values["pop_total"])
    panel = used.pivot_table(
        index=["unit", "year"], columns="indicator", values="value", aggfunc="last"
    )
    batch = (
        pd.to_numeric(frame["batch_id"], errors="coerce")
        if "batch_id" in frame.columns
        else pd.Series(dtype=float)
    )
    max_batch = None if batch.isna().all() else int(batch.max())
    flags = frame.get("flag")
    synthetic = float((flags == "synthetic").mean()) if flags is not None and len(flags) else 0.0
    return DatabaseInput(
        input=AssessmentInput(
            data=selection.values, units=units, panel=panel, period=year, years=selection.years
        ),
        snapshot=snapshot_id(snapshot_rows, max_batch),
        max_batch_id=max_batch,
        period=year,
        n_values=len(snapshot_rows),
        synthetic_share=synthetic,
    )
