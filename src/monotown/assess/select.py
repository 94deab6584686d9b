"""Data selection: each indicator's latest value within a window of periods, and coverage rules.

An indicator reported by too few units is dropped; a unit with too few indicators is flagged (its
result is shown but marked). Constant indicators are dropped too: they cannot be normalised.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Selection:
    values: pd.DataFrame  # units x indicators, the value used
    years: pd.DataFrame  # units x indicators, the year each value comes from


def latest_in_window(
    long: pd.DataFrame,
    period: int,
    window_years: int,
    *,
    unit: str = "unit",
    indicator: str = "indicator",
    year: str = "year",
    value: str = "value",
) -> Selection:
    """Per unit and indicator, the latest value with year in (period - window, period]."""
    frame = long[[unit, indicator, year, value]].dropna(subset=[value])
    frame = frame[(frame[year] <= period) & (frame[year] > period - window_years)]
    frame = frame.sort_values([unit, indicator, year])
    latest = frame.groupby([unit, indicator], sort=True).tail(1)
    values = latest.pivot(index=unit, columns=indicator, values=value).astype(float)
    years = latest.pivot(index=unit, columns=indicator, values=year)
    values.index.name = None
    values.columns.name = None
    years.index.name = None
    years.columns.name = None
    return Selection(values=values, years=years)


@dataclass(frozen=True)
class Coverage:
    kept: list[str]
    dropped: dict[str, str] = field(default_factory=dict)  # indicator -> reason
    unit_coverage: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    flagged_units: list[str] = field(default_factory=list)


def apply_coverage(
    data: pd.DataFrame,
    indicators: list[str],
    *,
    min_indicator_coverage: float,
    min_unit_coverage: float,
    exclude: list[str] | None = None,
) -> Coverage:
    """Decide which indicators to keep and which units to flag for low data coverage."""
    dropped: dict[str, str] = {}
    kept: list[str] = []
    n_units = len(data.index)
    left_out = set(exclude or [])
    for code in indicators:
        if code in left_out:
            dropped[code] = "excluded by the methodology"
            continue
        if code not in data.columns:
            dropped[code] = "no data"
            continue
        column = data[code]
        share = float(column.notna().sum()) / n_units if n_units else 0.0
        if share < min_indicator_coverage:
            dropped[code] = f"coverage {share:.0%} below {min_indicator_coverage:.0%}"
        elif column.nunique(dropna=True) < 2:
            dropped[code] = "constant or single value: cannot be normalised"
        else:
            kept.append(code)
    unit_coverage = data[kept].notna().mean(axis=1) if kept else pd.Series(0.0, index=data.index)
    flagged = sorted(unit_coverage[unit_coverage < min_unit_coverage].index.astype(str))
    return Coverage(kept=kept, dropped=dropped, unit_coverage=unit_coverage, flagged_units=flagged)
