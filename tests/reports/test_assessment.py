"""Assessment figures in the briefing, the town profile and the workbook equal the stored run."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.assess import store, warnings_from_database
from monotown.assess.models import AssessmentResultRow, AssessmentRun
from monotown.errors import NotFoundError
from monotown.reports import BriefingOptions, gather_briefing, gather_town_profile
from monotown.reports.assessment_data import rank_text


def _runs(session: Session) -> list[AssessmentRun]:
    return list(session.scalars(select(AssessmentRun).order_by(AssessmentRun.id)))


def _stored(session: Session, run_id: int) -> dict[str, AssessmentResultRow]:
    rows = session.scalars(select(AssessmentResultRow).where(AssessmentResultRow.run_id == run_id))
    return {row.unit_code: row for row in rows}


def test_groups_and_their_change_equal_the_stored_runs(demo_session: Session) -> None:
    first, latest = _runs(demo_session)[-2:]
    report = gather_briefing(demo_session, lang="en")
    section = report.section("assessment")
    now, before = _stored(demo_session, latest.id), _stored(demo_session, first.id)
    groups = section.table("groups")
    for row in groups.rows:
        name = {"high potential": "high", "average potential": "average", "low potential": "low"}
        group = name[row[0].text]
        assert row[1].value == sum(1 for r in now.values() if r.group_name == group)
        assert row[2].value == sum(1 for r in before.values() if r.group_name == group)
        assert row[3].value == row[1].value - row[2].value
    moved = {u for u in now if u in before and now[u].group_name != before[u].group_name}
    if moved:
        assert len(section.table("group_changes").rows) == len(moved)
    sources = dict(report.sources)
    note = groups.rows[0][1].note
    assert note is not None and sources[note.number].text.startswith(f"Assessment run {latest.id}")
    assert note.synthetic  # the demo values it assessed are synthetic


def test_ranking_prints_index_interval_and_probability(demo_session: Session) -> None:
    latest = _runs(demo_session)[-1]
    stored = _stored(demo_session, latest.id)
    report = gather_briefing(demo_session, lang="en")
    ranking = report.section("assessment").table("ranking")
    by_rank = {r.rank: r for r in stored.values()}
    for row in ranking.rows:
        result = by_rank[row[0].value]
        assert row[2].value == pytest.approx(result.score)
        assert row[3].text == f"{rank_text(result.rank_p05)}–{rank_text(result.rank_p95)}"
        probability = (result.group_probabilities or {})[result.group_name]
        assert row[5].value == pytest.approx(100 * probability)


def test_named_run_and_unknown_run(demo_session: Session) -> None:
    first = _runs(demo_session)[-2]
    report = gather_briefing(demo_session, lang="en", options=BriefingOptions(run_id=first.id))
    assert f"run {first.id}" in report.section("assessment").blocks[0].text  # type: ignore[union-attr]
    assert report.section("indicators").title.endswith(str(first.period))
    with pytest.raises(NotFoundError, match="no assessment run 999"):
        gather_briefing(demo_session, lang="en", options=BriefingOptions(run_id=999))


def test_period_without_a_run_says_so(demo_session: Session) -> None:
    report = gather_briefing(demo_session, lang="en", options=BriefingOptions(period=2019))
    text = report.section("assessment").blocks[0].text  # type: ignore[union-attr]
    assert "No assessment run is stored for this period" in text


def test_warnings_show_the_figures_that_triggered_them(demo_session: Session) -> None:
    expected, year = warnings_from_database(demo_session)
    report = gather_briefing(demo_session, lang="en")
    table = report.section("warnings").table("warnings")
    assert table.caption == f"Early warnings, {year}"
    assert len(table.rows) + table.omitted == len(expected)
    first = table.rows[0]
    match = expected[
        (expected["name"] == first[0].text) & (expected["title"] == first[1].text)
    ].iloc[0]
    assert first[3].value == pytest.approx(match["previous"])
    assert first[4].value == pytest.approx(match["value"])
    assert first[4].note is not None and first[4].synthetic


def test_town_profile_assessment_equals_the_run(demo_session: Session) -> None:
    latest = _runs(demo_session)[-1]
    result = _stored(demo_session, latest.id)["temirtau"]
    report = gather_town_profile(demo_session, "Temirtau", lang="en")
    section = report.section("assessment")
    stats = {stat.label: stat.cell for stat in section.stats()}
    assert stats["Composite index"].value == pytest.approx(result.score)
    assert stats["Rank"].value == result.rank
    assert (
        stats["Rank interval 5–95%"].text
        == f"{rank_text(result.rank_p05)}–{rank_text(result.rank_p95)}"
    )
    explanation = store.explain_stored(demo_session, latest.id, "temirtau", top=4)
    strengths = section.table("strengths")
    assert [row[2].value for row in strengths.rows] == pytest.approx(
        list(explanation.strengths["score"])
    )


def test_workbook_assessment_sheet_reads_back(
    demo_session: Session, demo_workbook: dict[str, pd.DataFrame]
) -> None:
    latest = _runs(demo_session)[-1]
    stored = _stored(demo_session, latest.id)
    sheet = demo_workbook["Assessment results"]
    assert set(sheet["run"]) == {latest.id}
    assert len(sheet) == len(stored)
    for row in sheet.itertuples():
        result = stored[str(row.unit)]
        assert row.index == pytest.approx(result.score)
        assert row.rank == result.rank and row.group == result.group_name
        assert (row.rank_p05, row.rank_p95) == pytest.approx((result.rank_p05, result.rank_p95))
    assert {"rank_previous", "rank_change", "demography", "budget"} <= set(sheet.columns)
    assert (sheet["flag"] == "synthetic").all()


def test_workbook_lists_every_warning(
    demo_session: Session, demo_workbook: dict[str, pd.DataFrame]
) -> None:
    expected, year = warnings_from_database(demo_session)
    sheet = demo_workbook["Early warnings"]
    assert len(sheet) == len(expected)
    assert set(sheet["year"]) == {year}
    assert sheet["value"].sum() == pytest.approx(expected["value"].sum())
