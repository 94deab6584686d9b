"""Progress towards targets: how far from the baseline to the target the latest actual got, and
whether that is on the straight line from the baseline year to the target year.

Pure functions. For a target going from b (year B) to t (year T) and a latest actual a (year Y):

    progress = (a - b) / (t - b)               share of the way covered (also for falling targets)
    expected = clip((Y - B) / (T - B), 0, 1)   share the straight line had covered by year Y
    track    = achieved if progress >= 1, on track if progress >= expected, else off track

Without a baseline, or without any actual, progress is unknown and the track says why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

TRACKS = ("achieved", "on track", "off track", "no actual yet", "no baseline", "no change targeted")
PROGRESS_COLUMNS = [
    "code",
    "name",
    "unit",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "latest_year",
    "latest_value",
    "progress_pct",
    "expected_pct",
    "gap_pct",
    "track",
    "synthetic",
]
PASSED_THROUGH = ["scope", "source", "note"]
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Progress:
    """Progress of one target at the year of its latest actual (shares are 0..1, may exceed 1)."""

    progress: float | None
    expected: float | None
    track: str


def progress_of(
    baseline_year: int | None,
    baseline_value: float | None,
    target_year: int,
    target_value: float,
    latest_year: int | None,
    latest_value: float | None,
) -> Progress:
    """Share of the way covered and share the straight line expects, for one target."""
    if baseline_year is None or baseline_value is None:
        return Progress(None, None, "no baseline")
    if latest_year is None or latest_value is None:
        return Progress(None, None, "no actual yet")
    if math.isclose(target_value, baseline_value):
        return Progress(None, None, "no change targeted")
    progress = (latest_value - baseline_value) / (target_value - baseline_value)
    elapsed = (latest_year - baseline_year) / (target_year - baseline_year)
    expected = min(max(elapsed, 0.0), 1.0)
    if progress >= 1 - _TOLERANCE:
        track = "achieved"
    elif progress >= expected - _TOLERANCE:
        track = "on track"
    else:
        track = "off track"
    return Progress(progress, expected, track)


def target_progress(targets: pd.DataFrame, actuals: pd.DataFrame) -> pd.DataFrame:
    """One row per target with its latest actual, progress, expected share and track.

    `targets` has code, name, unit, baseline_year, baseline_value, target_year, target_value,
    synthetic (scope, source, note are passed through); `actuals` has target (code), year, value.
    Percentages are shares times 100.
    """
    latest: dict[str, tuple[int, float]] = {}
    for code, year, value in actuals[["target", "year", "value"]].itertuples(index=False):
        if code not in latest or year > latest[code][0]:
            latest[code] = (int(year), float(value))
    rows = []
    for target in targets.to_dict("records"):
        year, value = latest.get(target["code"], (None, None))
        result = progress_of(
            _int(target["baseline_year"]),
            _float(target["baseline_value"]),
            int(target["target_year"]),
            float(target["target_value"]),
            year,
            value,
        )
        progress_pct = None if result.progress is None else result.progress * 100
        expected_pct = None if result.expected is None else result.expected * 100
        gap = None if progress_pct is None or expected_pct is None else progress_pct - expected_pct
        rows.append(
            {
                **{column: target.get(column) for column in PROGRESS_COLUMNS[:7]},
                "latest_year": year,
                "latest_value": value,
                "progress_pct": progress_pct,
                "expected_pct": expected_pct,
                "gap_pct": gap,
                "track": result.track,
                "synthetic": bool(target.get("synthetic", False)),
                **{column: target.get(column) for column in PASSED_THROUGH},
            }
        )
    frame = pd.DataFrame(rows, columns=[*PROGRESS_COLUMNS, *PASSED_THROUGH])
    for column in ("baseline_year", "latest_year", "target_year"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _float(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
