"""What a briefing reads at national scale: only its towns' values, the national totals summed by
the database, and every settlement's label and region once for all program summaries."""

from __future__ import annotations

import math

import pandas as pd
from sqlalchemy import event
from sqlalchemy.orm import Session

import monotown.program as program
from monotown.data import values_frame
from monotown.reports.shared_values import ReportValues

TOWNS = ["temirtau", "balkhash"]
CODES = ["pop_total", "industrial_output_kzt_bn", "unemployment_rate_pct"]


def test_a_report_about_some_towns_reads_only_theirs(values_session: Session) -> None:
    values = ReportValues(values_session, TOWNS)
    values.prefetch(CODES, [2023, 2024])
    everything = values_frame(values_session, indicators=CODES, year_from=2023, year_to=2024)
    expected = everything[everything["settlement_code"].isin(TOWNS)].reset_index(drop=True)
    pd.testing.assert_frame_equal(values.frame(CODES, 2023, 2024), expected)
    outside = values.frame(["pop_total"], 2020, 2024)  # not prefetched: read, still narrowed
    assert set(outside["settlement_code"]) == {"temirtau", "balkhash"}


def test_national_totals_equal_the_sum_of_every_settlements_values(
    values_session: Session,
) -> None:
    totals = ReportValues(values_session, TOWNS).totals(CODES, 2024)
    frame = values_frame(values_session, indicators=CODES, year_from=2024, year_to=2024)
    assert set(totals) == set(frame["indicator_code"])
    for code, total in totals.items():
        rows = frame[frame["indicator_code"] == code]
        assert total.count == len(rows)
        assert math.isclose(total.total, float(rows["value"].sum()), rel_tol=1e-12)
        assert list(total.batch_ids) == sorted(int(b) for b in rows["batch_id"].dropna().unique())
        assert total.synthetic == bool((rows["flag"] == "synthetic").any())
    assert totals["unemployment_rate_pct"].synthetic
    assert not totals["pop_total"].synthetic
    assert totals["pop_total"].count == 4  # three towns and the city outside the lists
    assert ReportValues(values_session).totals(CODES, 2019) == {}


def test_latest_year_walks_down_to_a_year_the_indicators_have(values_session: Session) -> None:
    values = ReportValues(values_session)
    assert values.latest_year(["industrial_output_kzt_bn"]) == 2024
    assert values.latest_year(["pop_total"], up_to=2023) == 2023
    assert values.latest_year(["industrial_output_kzt_bn"], up_to=2023) is None


def _settlement_reads(session: Session) -> tuple[list[str], object]:
    statements: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if "FROM settlement" in " ".join(statement.split()):
            statements.append(statement)

    return statements, count


def test_program_summaries_share_one_read_of_the_settlements(demo_session: Session) -> None:
    alone = [program.projects(demo_session), program.budget_lines(demo_session)]
    statements, count = _settlement_reads(demo_session)
    bind = demo_session.get_bind()
    event.listen(bind, "before_cursor_execute", count)
    try:
        with program.shared_reads(demo_session):
            with program.shared_reads(demo_session):  # nested: still one read
                shared = [program.projects(demo_session)]
            shared.append(program.budget_lines(demo_session))
    finally:
        event.remove(bind, "before_cursor_execute", count)
    for before, after in zip(alone, shared, strict=True):
        pd.testing.assert_frame_equal(before, after)
    labels = [s for s in statements if "settlement.name_en" in s and "region" not in s.lower()]
    regions = [s for s in statements if "JOIN region" in " ".join(s.split())]
    assert len(labels) == 1
    assert len(regions) == 1
    assert "monotown.program.shared_reads" not in demo_session.info
