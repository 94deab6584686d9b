"""The whole-file checks run in memory (`bulk_checks`); a file that shares no key with the stored
values is written straight from memory, any other goes through the staging table. Both ways must
tell the same problems in the same words and store the same values."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, text
from sqlalchemy.engine import Engine

from monotown.data import bulk_checks, import_file
from monotown.data.bulk import bulk_insert
from monotown.data.models import IndicatorValue
from monotown.db import session_scope
from tests.data.conftest import WriteFile, stored

HEADER = "settlement,indicator,period,value\n"
# One line each: out of range, a key three times, another twice, a bad period, an unknown town.
BAD_FILE = HEADER + (
    "Temirtau,unemployment_rate_pct,2021,150\n"
    "Rudny,pop_total,2020,1\n"
    "Rudny,pop_total,2020,2\n"
    "Rudny,pop_total,2020,3\n"
    "Saran,pop_total,2019-Q3,4\n"
    "Saran,pop_total,2019Q3,5\n"
    "Saran,pop_total,20x9,6\n"
    "Atlantis,pop_total,2019,7\n"
    "Temirtau,pop_total,2021,60000\n"
    "Temirtau,unemployment_rate_pct,2019,4.5\n"
)
SAME_KEY = "the same town, indicator and period are also on row"
EXPECTED = [
    "bad.csv:2: field 'value' value '150': is outside the range of unemployment_rate_pct: "
    "0 to 100 %",
    f"bad.csv:3: field 'value' value '1': {SAME_KEY} 4",
    f"bad.csv:4: field 'value' value '2': {SAME_KEY} 3",
    f"bad.csv:5: field 'value' value '3': {SAME_KEY} 3",
    f"bad.csv:6: field 'value' value '4': {SAME_KEY} 7",
    f"bad.csv:7: field 'value' value '5': {SAME_KEY} 6",
    "bad.csv:8: field 'period' value '20x9': is not a period: use a year (2023), a quarter "
    "(2023Q1) or a month (2023-05 or 202305)",
    "bad.csv:9: field 'settlement' value 'Atlantis': unknown town (did you mean 'Altai'?)",
]
# A value the file repeats exactly: stored, it makes the import share a key with the table.
SHARED = HEADER + "Temirtau,unemployment_rate_pct,2019,4.5\n"


def _import(engine: Engine, write_file: WriteFile, **options: bool) -> tuple[list[str], bool]:
    path = write_file("bad.csv", BAD_FILE)
    with session_scope(engine) as session:
        report = import_file(session, path, **options)
    return [str(issue) for issue in report.issues], report.n_invalid == 8


def test_the_in_memory_and_the_staged_checks_tell_the_same_problems(
    data_engine: Engine, write_file: WriteFile
) -> None:
    in_memory, _ = _import(data_engine, write_file, dry_run=True)
    assert in_memory == EXPECTED  # as the older code (all checks in SQL) told them
    import_file(data_engine, write_file("shared.csv", SHARED))
    staged, _ = _import(data_engine, write_file, dry_run=True)
    assert staged == in_memory


def test_both_ways_store_the_same_good_rows(data_engine: Engine, write_file: WriteFile) -> None:
    _import(data_engine, write_file, skip_invalid=True)
    first = {key: value for key, (value, _, _) in stored(data_engine).items()}
    assert first == {
        ("temirtau", "pop_total", "2021"): 60000.0,
        ("temirtau", "unemployment_rate_pct", "2019"): 4.5,
    }
    with session_scope(data_engine) as session:
        session.execute(delete(IndicatorValue))
    import_file(data_engine, write_file("shared.csv", SHARED))
    _, all_invalid_counted = _import(data_engine, write_file, skip_invalid=True)
    again = {key: value for key, (value, _, _) in stored(data_engine).items()}
    assert again == first and all_invalid_counted


def test_a_stored_key_is_found_and_a_new_one_is_not(
    data_engine: Engine, write_file: WriteFile
) -> None:
    import_file(data_engine, write_file("shared.csv", SHARED))
    with session_scope(data_engine) as session:
        known = session.execute(
            select(
                IndicatorValue.settlement_id,
                IndicatorValue.indicator_id,
            )
        ).one()
        rows = pd.DataFrame(
            {"settlement_id": [known[0]], "indicator_id": [known[1]], "period": ["2019"]}
        )
        assert bulk_checks.shares_stored_key(session, rows)
        assert not bulk_checks.shares_stored_key(session, rows.assign(period="2020"))
        assert not bulk_checks.shares_stored_key(session, rows.iloc[:0])


def _reference_duplicates(rows: pd.DataFrame) -> set[tuple[int, int, int]]:
    """(row, column, the row it names) as the staging table's window query told them."""
    found = set()
    for _, group in rows.groupby(["settlement_id", "indicator_id", "period"]):
        if len(group) < 2:
            continue
        cells = sorted(zip(group["row_no"], group["col"], strict=True))
        first = cells[0][0]
        for position, (row, col) in enumerate(cells):
            following = cells[position + 1][0] if position + 1 < len(cells) else None
            found.add((row, col, following if row == first and following else first))
    return found


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 3), st.integers(1, 2), st.sampled_from(["2020", "2020Q1"])),
        max_size=25,
    ),
    st.integers(0, 1000),
)
def test_duplicates_name_the_rows_the_window_query_named(
    keys: list[tuple[int, int, str]], shuffle: int
) -> None:
    rows = pd.DataFrame(keys, columns=["settlement_id", "indicator_id", "period"])
    rows["row_no"] = np.arange(2, len(rows) + 2)
    rows["col"] = 3
    rows["value"] = 1.0
    rows = rows.sample(frac=1, random_state=shuffle)  # file order need not be key order
    issues = bulk_checks.duplicate_issues(rows)
    told = set(zip(issues["row_no"], issues["col"], issues["ref_int"], strict=True))
    assert told == _reference_duplicates(rows)
    assert (issues["code"] == "duplicate").all()


def test_ranges_allow_bounds_and_open_ends() -> None:
    low = np.array([np.nan, 0.0, np.nan])
    high = np.array([np.nan, 100.0, np.nan])
    rows = pd.DataFrame(
        {
            "row_no": [2, 3, 4, 5],
            "col": [3, 3, 3, 3],
            "indicator_id": [1, 1, 1, 2],
            "value": [0.0, 100.0, 100.5, -1e9],
        }
    )
    issues = bulk_checks.range_issues(rows, (low, high))
    assert issues["row_no"].tolist() == [4] and issues["ref_int"].tolist() == [1]


def test_bulk_insert_keeps_texts_nulls_and_numbers_exactly(data_engine: Engine) -> None:
    """COPY's CSV (PostgreSQL) or executemany (SQLite): quotes, commas, line breaks, empty texts
    and NULLs come back as they went in."""
    frame = pd.DataFrame(
        {
            "n": [1, 2, 3, 4],
            "x": [1.5, np.nan, 1e-7, -2.0],
            "t": ['a,"b"', "line\nbreak", "", None],
            "c": ["same", "same", "same", "same"],
        }
    )
    with session_scope(data_engine) as session:
        session.execute(
            text("CREATE TEMP TABLE mt_probe (n INTEGER, x DOUBLE PRECISION, t TEXT, c TEXT)")
        )
        bulk_insert(session, "mt_probe", ("n", "x", "t", "c"), frame)
        rows = session.execute(text("SELECT n, x, t, c FROM mt_probe ORDER BY n")).all()
        session.execute(text("DROP TABLE mt_probe"))
    assert [tuple(row) for row in rows] == [
        (1, 1.5, 'a,"b"', "same"),
        (2, None, "line\nbreak", "same"),
        (3, 1e-7, "", "same"),
        (4, -2.0, None, "same"),
    ]
