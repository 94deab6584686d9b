"""Program figures in the briefing, the town profile and the workbook equal the stored records."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import monotown.program as program
from monotown.program.models import BudgetLine, Directive, Project
from monotown.registry.models import Settlement
from monotown.reports import BriefingOptions, gather_briefing, gather_town_profile


def _total_row(table, first: str = "Total") -> list:  # type: ignore[no-untyped-def]
    return next(row for row in table.rows if row[0].text == first)


def test_projects_by_status_add_up_to_the_stored_projects(demo_session: Session) -> None:
    report = gather_briefing(demo_session, lang="en")
    table = report.section("projects").table("projects")
    total = _total_row(table)
    count, value, jobs = demo_session.execute(
        select(func.count(Project.id), func.sum(Project.value_kzt), func.sum(Project.planned_jobs))
    ).one()
    assert total[2].value == count
    assert total[3].value == value
    assert total[4].value == jobs
    parts = [row for row in table.rows if row[0].text != "Total"]
    assert sum(row[2].value for row in parts) == count
    assert {row[1].text for row in parts} <= {
        "planned",
        "under implementation",
        "operating",
        "idle",
        "cancelled",
    }
    # The demo records are synthetic; the one project the texts state (the Ekibastuz ferroalloy
    # plant, operating) is real and cited as such.
    real = [row for row in parts if not row[2].synthetic]
    assert [(row[0].text, row[1].text, row[2].value) for row in real] == [
        ("investment", "operating", 1)
    ]


def test_budget_execution_equals_stored_lines_and_follows_the_period(
    demo_session: Session,
) -> None:
    report = gather_briefing(demo_session, lang="en", options=BriefingOptions(period=2022))
    table = report.section("budget").table("budget")
    total = _total_row(table)
    planned, allocated, disbursed = demo_session.execute(
        select(
            func.sum(BudgetLine.planned_kzt),
            func.sum(BudgetLine.allocated_kzt),
            func.sum(BudgetLine.disbursed_kzt),
        ).where(BudgetLine.year <= 2022)
    ).one()
    printed = (total[2].value, total[3].value, total[4].value)
    assert printed == pytest.approx((planned, allocated, disbursed))
    years = {row[0].text for row in table.rows} - {"Total"}
    assert max(int(year) for year in years) <= 2022


def test_directives_by_body_and_overdue_list(demo_session: Session) -> None:
    report = gather_briefing(demo_session, lang="en")
    section = report.section("directives")
    by_body = section.table("directives_by_body")
    stored = demo_session.scalar(select(func.count(Directive.id)))
    assert sum(row[1].value for row in by_body.rows) >= stored  # one per responsible body
    due = section.table("directives_due")
    today = dt.date.today()
    for row in due.rows:
        deadline = dt.date.fromisoformat(row[0].text)
        assert (deadline < today) == row[3].text.startswith("overdue by")
    real = [row for row in due.rows if "industrial zones in Balkhash" in row[1].text]
    assert real and not real[0][0].synthetic  # a real directive of the June 2025 seminar
    assert "sentence 27" in dict(report.sources)[real[0][0].note.number].text


def test_targets_progress_is_shown_with_its_track(demo_session: Session) -> None:
    report = gather_briefing(demo_session, lang="ru")
    table = report.section("targets").table("targets")
    names = [row[0].text for row in table.rows]
    assert "Уровень обеспеченности по системе региональных стандартов" in names
    tracks = {row[-1].text for row in table.rows}
    assert tracks & {"по графику", "отстаёт от графика", "нет фактических данных"}


def test_town_profile_lists_the_towns_projects(demo_session: Session) -> None:
    town_id, count = demo_session.execute(
        select(Project.settlement_id, func.count(Project.id))
        .group_by(Project.settlement_id)
        .order_by(func.count(Project.id).desc(), Project.settlement_id)
        .limit(1)
    ).one()
    town = demo_session.get_one(Settlement, town_id)
    report = gather_town_profile(demo_session, town.code, lang="en")
    projects = report.section("program").table("town_projects")
    assert len(projects.rows) == count
    values = demo_session.scalars(select(Project.value_kzt).where(Project.settlement_id == town_id))
    assert sorted(row[3].value for row in projects.rows) == sorted(values)


def test_town_profile_shows_directives_naming_the_town(demo_session: Session) -> None:
    report = gather_town_profile(demo_session, "Balkhash", lang="en")
    directives = report.section("program").table("directives_due")
    assert any("industrial zones in Balkhash" in row[1].text for row in directives.rows)


def test_workbook_program_summaries_read_back(
    demo_session: Session, demo_workbook: dict[str, pd.DataFrame]
) -> None:
    summaries = demo_workbook["Program summaries"]
    assert set(summaries["summary"]) >= {
        "projects by kind and status",
        "budget by year and source",
        "directives by responsible body",
        "targets progress",
    }
    value = summaries[
        (summaries["summary"] == "projects by kind and status")
        & (summaries["group_1"] == "total")
        & (summaries["measure"] == "value_kzt")
    ]["value"].iloc[0]
    assert value == demo_session.scalar(select(func.sum(Project.value_kzt)))


def test_stated_facts_come_from_the_database_with_their_source(demo_session: Session) -> None:
    stored = program.headline_facts(demo_session, topic="registry")
    latest = stored.sort_values("as_of").iloc[-1]
    report = gather_briefing(demo_session, lang="en")
    stats = {s.label: s.cell for s in report.section("headline").stats()}
    official = stats["Single-industry towns (official count)"]
    assert official.value == latest["value"]
    sources = dict(report.sources)
    assert official.note is not None
    text = sources[official.note.number].text
    # The source note names the event, its date, and the sentence of the text it was stated in.
    assert text.startswith("National seminar-meeting") and "(2025-06)" in text
    assert "sentence 5" in text and "20 single-industry towns" in text
