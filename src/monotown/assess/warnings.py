"""Early warnings: configurable rules over a settlement's figures and their change on the year
before, each with a severity and the figures that triggered it. Pure, like criteria.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from monotown.assess.rules import Op, compare, load_bundled, load_rules

Severity = Literal["low", "medium", "high"]
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


class WarningRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str
    title: str
    severity: Severity = "medium"
    kind: Literal["level", "change", "change_pct", "ratio_pct", "level_and_rising"]
    indicator: str
    reference: str | None = None
    op: Op
    threshold: float

    @model_validator(mode="after")
    def _reference(self) -> WarningRule:
        if self.kind == "ratio_pct" and not self.reference:
            raise ValueError(f"rule '{self.code}': kind ratio_pct needs a reference indicator")
        return self


class WarningRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rules: list[WarningRule] = Field(min_length=1)


def load_warning_rules(path: str | Path | None = None) -> WarningRules:
    """The bundled rules (resources/assess/warnings.yaml) or a YAML file."""
    if path is None:
        return load_bundled("warnings.yaml", WarningRules)
    return load_rules(path, WarningRules, prefix="warnings")


COLUMNS = [
    "unit",
    "year",
    "rule",
    "severity",
    "title",
    "indicator",
    "value",
    "previous",
    "change",
    "reference_value",
    "threshold",
    "message",
]


def _figures(
    rule: WarningRule, now: pd.Series, before: pd.Series | None
) -> dict[str, float] | None:
    value = now.get(rule.indicator, np.nan)
    if pd.isna(value):
        return None
    value = float(value)
    previous = np.nan if before is None else float(before.get(rule.indicator, np.nan))
    out: dict[str, float] = {"value": value, "previous": previous}
    if rule.kind == "level":
        out["measure"] = value
    elif rule.kind in ("change", "level_and_rising"):
        if np.isnan(previous):
            return None
        out["change"] = value - previous
        out["measure"] = value if rule.kind == "level_and_rising" else out["change"]
    elif rule.kind == "change_pct":
        if np.isnan(previous) or previous == 0:
            return None
        out["change"] = (value / previous - 1.0) * 100.0
        out["measure"] = out["change"]
    else:  # ratio_pct
        reference = float(now.get(rule.reference, np.nan))
        if np.isnan(reference) or reference == 0:
            return None
        out["reference_value"] = reference
        out["measure"] = value / reference * 100.0
    return out


def _number(value: float) -> str:
    """Readable figures: thousands separated, at most two decimals, no trailing zeros."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def _message(rule: WarningRule, f: dict[str, float]) -> str:
    name, value = rule.indicator, _number(f["value"])
    if rule.kind == "change_pct":
        return f"{name} {_number(f['previous'])} -> {value} ({f['change']:+.1f}%)"
    if rule.kind == "change":
        return f"{name} {_number(f['previous'])} -> {value} ({f['change']:+.2f})"
    if rule.kind == "ratio_pct":
        reference = _number(f["reference_value"])
        return f"{name} {value} is {f['measure']:.1f}% of {rule.reference} {reference}"
    if rule.kind == "level_and_rising":
        return f"{name} {value} (threshold {rule.threshold:g}), up {f['change']:+.2f}"
    return f"{name} {value} (threshold {rule.threshold:g})"


def evaluate_warnings(
    values: pd.DataFrame, rules: WarningRules, *, years: list[int] | None = None
) -> pd.DataFrame:
    """One row per rule that fires for a unit and year, most severe first."""
    wide = values.pivot_table(
        index=["unit", "year"], columns="indicator", values="value", aggfunc="last"
    )
    rows = []
    for key, now in wide.iterrows():
        unit, year = str(key[0]), int(key[1])  # type: ignore[index]
        if years is not None and year not in years:
            continue
        previous_key = (unit, year - 1)
        before = wide.loc[[previous_key]].iloc[0] if previous_key in wide.index else None
        for rule in rules.rules:
            figures = _figures(rule, now, before)
            if figures is None:
                continue
            fired = compare(figures["measure"], rule.op, rule.threshold)
            if rule.kind == "level_and_rising":
                fired = fired and figures["change"] > 0
            if not fired:
                continue
            rows.append(
                {
                    "unit": unit,
                    "year": int(year),
                    "rule": rule.code,
                    "severity": rule.severity,
                    "title": rule.title,
                    "indicator": rule.indicator,
                    "value": figures["value"],
                    "previous": None if np.isnan(figures["previous"]) else figures["previous"],
                    "change": figures.get("change"),
                    "reference_value": figures.get("reference_value"),
                    "threshold": rule.threshold,
                    "message": _message(rule, figures),
                }
            )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame.empty:
        return frame
    frame["_order"] = frame["severity"].map(SEVERITY_ORDER)
    return (
        frame.sort_values(["_order", "year", "unit", "rule"], ascending=[True, False, True, True])
        .drop(columns="_order")
        .reset_index(drop=True)
    )
