"""Summaries of program records: counts, value and jobs of projects, budget execution, contracts,
zones, works and measures, grouped by whatever the caller asks (status, town, region, year ...).

Pure functions over the frames `program.store` loads. Every summary says how many of the records
it summed are synthetic (`synthetic_records`) and, in `basis`, whether its figures are sums of real
records, of synthetic demo records, or of both; the real aggregates stated at government sessions
are in the facts table, never computed here.
"""

from __future__ import annotations

import pandas as pd


def basis(synthetic_records: int, records: int) -> str:
    """What a summed figure rests on: 'real records', 'synthetic records', 'mixed' or 'none'."""
    if records == 0:
        return "none"
    if synthetic_records == 0:
        return "real records"
    if synthetic_records == records:
        return "synthetic records"
    return "mixed"


def add_basis(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the `basis` column from `synthetic_records` and `records`."""
    frame = frame.copy()
    frame["basis"] = [
        basis(int(synthetic), int(total))
        for synthetic, total in zip(frame["synthetic_records"], frame["records"], strict=True)
    ]
    return frame
