"""The whole-file checks of an import, in memory: each value within its indicator's range, one
value per key (settlement, indicator, period), and whether any stored value shares a key.

The rows that passed the row-by-row checks are held as one DataFrame of numbers and shared texts
(about 60 bytes a row: a million-value file costs some 60 MB), so these checks are a few numpy
passes instead of SQL over a staging table. Their problems are the same issue rows the staging
table's checks wrote before (code, row, column, number, reference), so the messages are too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from monotown.data.models import Indicator, IndicatorValue

# The issue columns a whole-file problem fills (see staging.ISSUES).
CHECK_ISSUE_COLUMNS = ("row_no", "col", "num", "code", "ref_int")
# Probing the stored keys seeks every settlement x indicator x period combination the file names;
# beyond this many per row of the file, a join over the staged rows costs less.
PROBES_PER_ROW = 4


def indicator_ranges(session: Session) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and highest allowed value per indicator id (NaN where the catalog gives none)."""
    rows = session.execute(select(Indicator.id, Indicator.min_value, Indicator.max_value)).all()
    size = max((indicator_id for indicator_id, _, _ in rows), default=0) + 1
    low, high = np.full(size, np.nan), np.full(size, np.nan)
    for indicator_id, min_value, max_value in rows:
        low[indicator_id] = np.nan if min_value is None else min_value
        high[indicator_id] = np.nan if max_value is None else max_value
    return low, high


def _issues(rows: pd.DataFrame, mask: np.ndarray, code: str, ref: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row_no": rows["row_no"].to_numpy()[mask],
            "col": rows["col"].to_numpy()[mask],
            "num": rows["value"].to_numpy()[mask],
            "code": code,
            "ref_int": ref,
        }
    )


def range_issues(rows: pd.DataFrame, ranges: tuple[np.ndarray, np.ndarray]) -> pd.DataFrame:
    """A value below its indicator's minimum or above its maximum (names the indicator)."""
    low, high = ranges
    indicators = rows["indicator_id"].to_numpy()
    values = rows["value"].to_numpy()
    outside = (values < low[indicators]) | (values > high[indicators])  # NaN bounds: False
    return _issues(rows, outside, "out_of_range", indicators[outside])


def period_codes(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each row's period as an integer that sorts like its text, and the distinct texts."""
    codes, distinct = pd.factorize(rows["period"], sort=True)
    return codes.astype("int64"), np.asarray(distinct, dtype=object)


def key_order(rows: pd.DataFrame, periods: np.ndarray, *, ties: bool = True) -> np.ndarray:
    """Row positions in key order (settlement, indicator, period: `period_codes`), in file order
    within a key unless `ties` is False (keys known to be distinct)."""
    keys = [periods, rows["indicator_id"].to_numpy(), rows["settlement_id"].to_numpy()]
    if ties:
        keys[:0] = [rows["col"].to_numpy(), rows["row_no"].to_numpy()]
    return np.lexsort(keys)


def duplicate_issues(rows: pd.DataFrame) -> pd.DataFrame:
    """Every row of a key given more than once. Each names another row of its key: the first
    one, or (for the first row itself) the next one."""
    periods, _ = period_codes(rows)
    order = key_order(rows, periods)
    keys = [
        rows["settlement_id"].to_numpy()[order],
        rows["indicator_id"].to_numpy()[order],
        periods[order],
    ]
    same_as_previous = np.ones(max(len(order) - 1, 0), dtype=bool)
    for key in keys:
        same_as_previous &= key[1:] == key[:-1]
    if not same_as_previous.any():
        return _issues(rows, np.zeros(len(rows), dtype=bool), "duplicate", np.empty(0, "int64"))
    starts = np.concatenate(([True], ~same_as_previous))
    group = np.cumsum(starts) - 1
    repeated = np.bincount(group)[group] > 1
    row_numbers = rows["row_no"].to_numpy()[order]
    first_row = row_numbers[starts][group]
    has_next = np.concatenate((same_as_previous, [False]))
    next_row = np.concatenate((row_numbers[1:], [0]))
    names_next = (row_numbers == first_row) & has_next
    reference = np.where(names_next, next_row, first_row)
    ordered = rows.iloc[order].reset_index(drop=True)
    return _issues(ordered, repeated, "duplicate", reference[repeated])


def _distinct(rows: pd.DataFrame, column: str) -> list[object]:
    return pd.unique(rows[column]).tolist()


def shares_stored_key(session: Session, rows: pd.DataFrame) -> bool:
    """True when a stored value may have the key of one of `rows` (also when telling would cost
    more than the join it would save), False when none has."""
    if rows.empty:
        return False
    settlements, indicators = _distinct(rows, "settlement_id"), _distinct(rows, "indicator_id")
    periods = _distinct(rows, "period")
    if len(settlements) * len(indicators) * len(periods) > PROBES_PER_ROW * len(rows) + 1_000:
        return True
    probe = (
        select(IndicatorValue.id)
        .where(
            IndicatorValue.settlement_id.in_(bindparam("settlements", expanding=True)),
            IndicatorValue.indicator_id.in_(bindparam("indicators", expanding=True)),
            IndicatorValue.period.in_(bindparam("periods", expanding=True)),
        )
        .limit(1)
    )
    found = session.execute(
        probe,
        {
            "settlements": [int(x) for x in settlements],  # type: ignore[call-overload]
            "indicators": [int(x) for x in indicators],  # type: ignore[call-overload]
            "periods": [str(x) for x in periods],
        },
    ).first()
    return found is not None
