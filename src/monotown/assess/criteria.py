"""Monotown criteria as rule sets: does a settlement meet the single-industry criteria in a year,
which criterion holds or fails and by how much, its category (where the rule set has categories),
and which towns are ready to leave the list (criteria not met N consecutive years, as Saran).

Pure: takes indicator values (long: unit, year, indicator, value) and each unit's town-forming
sectors (OKED division codes); the database side is in store.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from monotown.assess.rules import Op, compare, load_rules, margin


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str
    label: str
    indicator: str | None = None
    attribute: Literal["sector"] | None = None
    op: Op | Literal["in"] = ">="
    threshold: float | None = None
    sectors: list[str] | None = None

    @model_validator(mode="after")
    def _complete(self) -> Criterion:
        if self.attribute == "sector":
            if self.op != "in" or not self.sectors:
                raise ValueError(
                    f"criterion '{self.code}': a sector rule needs op 'in' and sectors"
                )
        elif self.indicator is None or self.threshold is None or self.op == "in":
            raise ValueError(f"criterion '{self.code}' needs an indicator, an op and a threshold")
        return self


class Signal(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str
    label: str
    indicator: str
    op: Op
    threshold: float


class Level(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str
    label: str
    min_signals: int = Field(ge=0)


class Categories(BaseModel):
    model_config = ConfigDict(extra="forbid")

    signals: list[Signal]
    levels: list[Level] = Field(min_length=1)


class RuleSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    title: str
    source: str | None = None
    combine: Literal["all", "any"] = "all"
    exit_after_years: int = Field(default=3, ge=1)
    criteria: list[Criterion] = Field(min_length=1)
    categories: Categories | None = None


def load_rule_set(name_or_path: str | Path) -> RuleSet:
    """`kz`, `ru2014` or the path of a YAML rule set."""
    return load_rules(name_or_path, RuleSet, prefix="criteria")


@dataclass(frozen=True)
class CriteriaResult:
    detail: pd.DataFrame  # unit, year, criterion, label, value, op, threshold, holds, margin
    summary: pd.DataFrame  # unit, year, meets, n_met, n_criteria, failing, category
    exits: pd.DataFrame  # unit, years_not_met, since, ready_to_leave


def _sector_holds(codes: list[str], patterns: list[str]) -> bool | None:
    if not codes:
        return None
    return any(fnmatch(code, pattern) for code in codes for pattern in patterns)


def evaluate_criteria(
    values: pd.DataFrame,
    rules: RuleSet,
    *,
    sectors: dict[str, list[str]] | None = None,
    years: list[int] | None = None,
) -> CriteriaResult:
    """Evaluate every criterion for every unit and year present in `values`."""
    sectors = sectors or {}
    wide = values.pivot_table(
        index=["unit", "year"], columns="indicator", values="value", aggfunc="last"
    )
    if years is not None:
        wide = wide[wide.index.get_level_values("year").isin(years)]
    rows = []
    summary = []
    for key, figures in wide.iterrows():
        unit, year = str(key[0]), int(key[1])  # type: ignore[index]
        holds_all: list[bool | None] = []
        failing = []
        for c in rules.criteria:
            if c.attribute == "sector":
                codes = sectors.get(str(unit), [])
                holds = _sector_holds(codes, c.sectors or [])
                value: object = ", ".join(codes) or None
                row_margin = None
                threshold: object = ", ".join(c.sectors or [])
            else:
                number = figures.get(c.indicator, np.nan)
                threshold = c.threshold
                if number is None or pd.isna(number):
                    holds, value, row_margin = None, None, None
                else:
                    assert c.threshold is not None
                    holds = compare(float(number), c.op, c.threshold)
                    value = float(number)
                    row_margin = margin(float(number), c.op, c.threshold)
            holds_all.append(holds)
            if holds is False:
                failing.append(c.code)
            rows.append(
                {
                    "unit": unit,
                    "year": int(year),
                    "criterion": c.code,
                    "label": c.label,
                    "value": value,
                    "op": c.op,
                    "threshold": threshold,
                    "holds": holds,
                    "margin": row_margin,
                }
            )
        known = [h for h in holds_all if h is not None]
        if rules.combine == "all":
            meets = False if failing else (True if len(known) == len(holds_all) else None)
        else:
            meets = True if any(known) else (False if len(known) == len(holds_all) else None)
        summary.append(
            {
                "unit": unit,
                "year": int(year),
                "meets": meets,
                "n_met": sum(1 for h in known if h),
                "n_criteria": len(holds_all),
                "failing": ", ".join(failing),
                "category": _category(figures, rules),
            }
        )
    detail = pd.DataFrame(
        rows,
        columns=[
            "unit",
            "year",
            "criterion",
            "label",
            "value",
            "op",
            "threshold",
            "holds",
            "margin",
        ],
    )
    table = pd.DataFrame(
        summary, columns=["unit", "year", "meets", "n_met", "n_criteria", "failing", "category"]
    )
    # True / False / None (unknown): keep Python values, not a bool column that loses None
    table["meets"] = pd.Series([row["meets"] for row in summary], dtype=object, index=table.index)
    detail["holds"] = pd.Series([row["holds"] for row in rows], dtype=object, index=detail.index)
    return CriteriaResult(
        detail=detail, summary=table, exits=exit_candidates(table, rules.exit_after_years)
    )


def _category(figures: pd.Series, rules: RuleSet) -> str | None:
    if rules.categories is None:
        return None
    fired = 0
    for signal in rules.categories.signals:
        number = figures.get(signal.indicator, np.nan)
        if (
            number is not None
            and not pd.isna(number)
            and compare(float(number), signal.op, signal.threshold)
        ):
            fired += 1
    for level in sorted(rules.categories.levels, key=lambda lv: -lv.min_signals):
        if fired >= level.min_signals:
            return level.code
    return None


def exit_candidates(summary: pd.DataFrame, years_needed: int) -> pd.DataFrame:
    """Units whose criteria were not met in each of their latest consecutive years."""
    rows = []
    for unit, frame in summary.sort_values("year").groupby("unit", sort=True):
        streak = 0
        since = None
        previous_year = None
        for year, meets in zip(frame["year"][::-1], frame["meets"][::-1], strict=True):
            if meets is not False or (previous_year is not None and previous_year - year != 1):
                break
            streak += 1
            since = int(year)
            previous_year = year
        rows.append(
            {
                "unit": unit,
                "years_not_met": streak,
                "since": since,
                "ready_to_leave": streak >= years_needed,
            }
        )
    return pd.DataFrame(rows, columns=["unit", "years_not_met", "since", "ready_to_leave"])
