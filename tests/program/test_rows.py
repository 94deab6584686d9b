"""Frames become plain JSON-ready rows: unknowns are None, numbers and dates plain Python."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd

from monotown.program import json_rows


def test_json_rows_turn_pandas_values_into_plain_ones() -> None:
    frame = pd.DataFrame(
        {
            "year": pd.array([2024, None], dtype="Int64"),
            "value": pd.array([1.5, None], dtype="Float64"),
            "raw": [np.float64("nan"), np.int64(3)],
            "on": [dt.date(2025, 12, 1), None],
            "towns": [["Balkhash", "Kulsary"], []],
            "synthetic": [True, False],
        }
    )
    rows = json_rows(frame, ["year", "value", "raw", "on", "towns", "synthetic", "absent"])
    assert rows == [
        {"year": 2024, "value": 1.5, "raw": None, "on": "2025-12-01",
         "towns": ["Balkhash", "Kulsary"], "synthetic": True},
        {"year": None, "value": None, "raw": 3, "on": None, "towns": [], "synthetic": False},
    ]  # fmt: skip
    assert json.loads(json.dumps(rows)) == rows
