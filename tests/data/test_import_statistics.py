"""A database filled the way a user fills it gets the plans the EXPLAIN tests check: a large
import (the bulk path) leaves the planner statistics current, with no ANALYZE run by hand."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from monotown.data import catalog_frame, import_frame, load_catalog
from monotown.data.bulk_write import LARGE_INSERT_ROWS
from monotown.db import session_scope
from tests.data import test_values_query as listing
from tests.web import test_value_plans as plans

PERIODS = [str(year) for year in range(2010, 2026)]
PERIODS += [f"2024Q{quarter}" for quarter in range(1, 5)]
PERIODS += [f"2025-{month:02d}" for month in range(1, 5)]
FLAGS = ("official", "estimate", "official", "synthetic")


def _long_form(engine: Engine) -> pd.DataFrame:
    """Every indicator of the catalog for every settlement and period, within its bounds; one
    value in 50 flagged other than official (as the EXPLAIN tests' own fixture has them)."""
    with session_scope(engine) as session:
        load_catalog(session)
    with session_scope(engine) as session:
        catalog = catalog_frame(session)
        towns = list(session.execute(text("SELECT code FROM settlement ORDER BY id")).scalars())
    rows = []
    for n, (town, indicator, period) in enumerate(
        itertools.product(towns, catalog.itertuples(), PERIODS)
    ):
        low, high = indicator.min, min(indicator.max, indicator.min + 1000)
        rows.append(
            {
                "settlement": town,
                "indicator": indicator.code,
                "period": period,
                "value": round(low + (high - low) * (n % 997) / 997, 2),
                "flag": FLAGS[n % 4] if n % 50 == 0 else "official",
            }
        )
    return pd.DataFrame(rows)


@pytest.fixture
def imported(reference_engine: Engine) -> Engine:
    frame = _long_form(reference_engine)
    assert len(frame) >= LARGE_INSERT_ROWS  # the bulk path: indexes rebuilt after the insert
    with session_scope(reference_engine) as session:
        report = import_frame(session, frame, name="values.csv", source="test")
    assert report.n_new == len(frame) and not report.n_invalid
    return reference_engine


def test_an_imported_database_gets_the_listing_plans(imported: Engine) -> None:
    for pattern in plans.PATTERNS:
        plans.test_no_filter_pattern_scans_the_values_table(imported, pattern)
    for pattern in plans.NARROW:
        for direct in (False, True):
            plans.test_a_narrow_total_is_counted_without_a_scan(imported, pattern, direct)
    if imported.dialect.name == "sqlite":  # the indexes SQLite's planner picks
        listing.test_a_regions_years_are_read_from_the_settlement_period_index(imported)
        listing.test_a_regions_pillar_is_read_by_the_towns_key_not_every_period(imported)
        with imported.connect() as connection:
            key = "sqlite_autoindex_indicator_value_1"  # the unique key's index
            analysed = connection.execute(
                text("SELECT stat FROM sqlite_stat1 WHERE idx = :key"), {"key": key}
            ).scalar_one()
            stored = connection.execute(text("SELECT count(*) FROM indicator_value")).scalar()
        assert int(analysed.split()[0]) == stored  # exact, taken after the import's rows
    else:  # without it the indexes are used too, but e.g. synthetic only took 1.4 s, not 0.5 ms
        with imported.connect() as connection:
            analysed = connection.execute(
                text("SELECT reltuples FROM pg_class WHERE oid = 'indicator_value'::regclass")
            ).scalar_one()
            stored = connection.execute(text("SELECT count(*) FROM indicator_value")).scalar()
        assert analysed == stored  # ANALYZE's sample covers the table whole at this size
