"""Imputation of missing values: none, mean/median (overall or by group), last observation carried
forward. Every imputed cell is flagged so results can say which numbers were estimated.

Group imputation follows COINr's `i_mean_grp`/`i_median_grp`: a missing value takes the mean
(median) of the non-missing values of its group; a unit with no group, or a group with no values,
stays missing (`skip_f_na = TRUE`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from monotown.errors import InputError


@dataclass(frozen=True)
class Imputed:
    data: pd.DataFrame
    imputed: pd.DataFrame  # bool, same shape: True where a value was filled in


def _fill(data: pd.DataFrame, filler: pd.DataFrame | pd.Series) -> Imputed:
    missing = data.isna()
    filled = (
        data.where(~missing, filler) if isinstance(filler, pd.DataFrame) else data.fillna(filler)
    )
    return Imputed(data=filled.astype(float), imputed=missing & filled.notna())


def impute_mean(data: pd.DataFrame) -> Imputed:
    """COINr `i_mean` per column."""
    return _fill(data, data.mean(skipna=True))


def impute_median(data: pd.DataFrame) -> Imputed:
    """COINr `i_median` per column."""
    return _fill(data, data.median(skipna=True))


def impute_group(data: pd.DataFrame, groups: pd.Series, statistic: str = "mean") -> Imputed:
    """COINr `i_mean_grp` / `i_median_grp`: fill with the statistic of the unit's group."""
    if statistic not in ("mean", "median"):
        raise InputError(f"unknown group statistic '{statistic}'")
    key = groups.reindex(data.index)
    grouped = data.groupby(key, dropna=True)
    stats = grouped.transform("mean") if statistic == "mean" else grouped.transform("median")
    return _fill(data, stats.reindex(data.index))


def impute_locf(panel: pd.DataFrame, period: int, max_years_back: int | None = None) -> Imputed:
    """Last observation carried forward (COINr `impute_panel`, `imp_type = "latest"`).

    `panel` has a (unit, year) MultiIndex and one column per indicator. The result is the wide
    frame for `period`, its gaps filled with each unit's latest earlier value, at most
    `max_years_back` years back.
    """
    if panel.empty:
        return Imputed(data=panel.copy(), imputed=panel.notna())
    years = panel.index.get_level_values(1)
    window = panel[(years <= period) & (years >= period - (max_years_back or 10_000))]
    current = window[window.index.get_level_values(1) == period].droplevel(1)
    units = window.index.get_level_values(0).unique()
    current = current.reindex(units)
    ordered = window.sort_index(level=1)
    latest = ordered.groupby(level=0).last()  # last non-missing value per column
    return _fill(current, latest.reindex(current.index))


def impute(
    data: pd.DataFrame,
    method: str,
    *,
    groups: pd.Series | None = None,
    panel: pd.DataFrame | None = None,
    period: int | None = None,
    max_years_back: int | None = None,
) -> Imputed:
    """Dispatch on the methodology's imputation method."""
    if method == "none":
        return Imputed(
            data=data.astype(float),
            imputed=pd.DataFrame(False, index=data.index, columns=data.columns),
        )
    if method == "mean":
        return impute_mean(data)
    if method == "median":
        return impute_median(data)
    if method in ("group_mean", "group_median"):
        if groups is None:
            raise InputError(f"imputation '{method}' needs a grouping column for the units")
        return impute_group(data, groups, "mean" if method == "group_mean" else "median")
    if method == "locf":
        if panel is None or period is None:
            raise InputError("imputation 'locf' needs data for earlier periods")
        result = impute_locf(panel.reindex(columns=data.columns), period, max_years_back)
        filled = result.data.reindex(index=data.index, columns=data.columns)
        flags = result.imputed.reindex(index=data.index, columns=data.columns).fillna(False)
        return Imputed(
            data=filled.where(data.isna(), data).astype(float),
            imputed=flags.astype(bool) & data.isna(),
        )
    raise InputError(f"unknown imputation method '{method}'")


def size_class(population: pd.Series) -> pd.Series:
    """A coarse size class for group imputation: small < 20k <= medium < 100k <= large."""
    bins = [-np.inf, 20_000, 100_000, np.inf]
    labels = ["small", "medium", "large"]
    return pd.cut(population, bins=bins, labels=labels, right=False).astype("object")
