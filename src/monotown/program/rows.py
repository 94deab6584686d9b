"""Turning the API's frames into plain rows (lists of dicts) for JSON, templates and tables.

pandas keeps unknown values as NA/NaN and numbers as numpy scalars; JSON and templates want None,
int, float and ISO dates. The CLI, the web API and the reports use the same conversion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd


def plain(value: Any) -> Any:
    """A JSON-friendly Python value for one cell (NA -> None, numpy -> int/float, date -> ISO)."""
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def json_rows(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The frame's rows as dicts of plain values, restricted to `columns` (those present)."""
    wanted = list(frame.columns) if columns is None else columns
    present = [column for column in wanted if column in frame.columns]
    return [
        {column: plain(value) for column, value in zip(present, values, strict=True)}
        for values in frame[present].itertuples(index=False, name=None)
    ]
