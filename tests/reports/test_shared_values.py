"""The values a report reads once and shares: the same figures as reading them one by one."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import event
from sqlalchemy.orm import Session

from monotown.data import values_frame
from monotown.reports.assessment_data import town_warnings
from monotown.reports.briefing import shared_values
from monotown.reports.shared_values import ReportValues

CODES = ["pop_total", "industrial_output_kzt_bn", "unemployment_rate_pct"]


def _same(left: pd.DataFrame, right: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(left.reset_index(drop=True), right.reset_index(drop=True))


def test_latest_year_follows_indicators_and_the_period(values_session: Session) -> None:
    values = ReportValues(values_session)
    assert values.latest_year() == 2024
    assert values.latest_year(up_to=2023) == 2023
    assert values.latest_year(["industrial_output_kzt_bn"], up_to=2023) is None
    assert values.latest_year([]) is None
    assert values.latest_year(up_to=2000) is None


def test_a_slice_of_the_prefetch_equals_reading_it(values_session: Session) -> None:
    values = ReportValues(values_session)
    values.prefetch(CODES, [2023, 2024])
    for indicators, first, last in (
        (CODES, 2023, 2024),
        (["pop_total"], 2024, 2024),
        (["unemployment_rate_pct", "pop_total"], 2023, 2023),
    ):
        expected = values_frame(
            values_session, indicators=indicators, year_from=first, year_to=last
        )
        _same(values.frame(indicators, first, last), expected)


def test_what_the_prefetch_did_not_cover_is_read(values_session: Session) -> None:
    values = ReportValues(values_session)
    values.prefetch(["pop_total"], [2024])
    expected = values_frame(values_session, indicators=CODES, year_from=2023, year_to=2024)
    _same(values.frame(CODES, 2023, 2024), expected)


def test_the_briefing_reads_the_values_table_once(values_session: Session) -> None:
    """Warnings and 'the towns in figures' share one read; their figures stay the same."""
    towns = ["temirtau", "balkhash", "rudny"]
    alone = town_warnings(values_session, towns, None)
    statements: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if "FROM indicator_value JOIN settlement" in " ".join(statement.split()):
            statements.append(statement)

    bind = values_session.get_bind()
    event.listen(bind, "before_cursor_execute", count)
    try:
        values = shared_values(values_session, None)
        shared = town_warnings(values_session, towns, None, values)
        values.frame(["pop_total", "industrial_output_kzt_bn"], 2024, 2024)
    finally:
        event.remove(bind, "before_cursor_execute", count)
    assert len(statements) == 1
    assert alone is not None and shared is not None
    assert shared.year == alone.year == 2024
    _same(shared.table, alone.table)
    _same(shared.values, alone.values)
