"""The sheets of the Excel workbook: assessment results, indicator values, program summaries,
the towns and the stated program facts, each row with its source and synthetic flag."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

import monotown.program as program
from monotown.data import catalog_frame, values_frame
from monotown.registry import list_towns
from monotown.reports.assessment_data import read_run, town_warnings
from monotown.reports.citations import plain
from monotown.reports.context import ReportContext
from monotown.reports.facts import read_facts
from monotown.reports.program_sections import DUE_SOON_DAYS
from monotown.reports.registry_data import read_registry
from monotown.reports.standards_sections import standards_sheet
from monotown.reports.workbook import (
    DECIMAL,
    INTEGER,
    PERCENT_SHARE,
    Column,
    SheetData,
)
from monotown.reports.workbook_sensitivity import sensitivity_sheet


def towns_sheet(session: Session) -> SheetData:
    data = read_registry(session)
    rows = []
    for town in data.towns:
        source = data.town_source(town)
        population_source = data.population_source(town)
        rows.append(
            (
                town.code,
                town.name_en,
                town.name_ru,
                town.name_kk,
                town.region_code,
                town.region_en,
                town.membership("current"),
                ", ".join(town.lists),
                ", ".join(town.exited),
                ", ".join(town.unknown_lists),
                town.population,
                town.population_year,
                town.population_as_of,
                town.population_scope,
                town.administration_population,
                "yes" if town.population_approximate else "",
                "; ".join(town.sectors),
                town.latitude,
                town.longitude,
                source.text if source else "",
                population_source.text if population_source and town.population else "",
                "synthetic" if town.synthetic else None,
            )
        )
    columns = [
        Column("code", 14),
        Column("name_en", 16),
        Column("name_ru", 16),
        Column("name_kk", 16),
        Column("region_code", 10),
        Column("region", 22),
        Column("current_list", 10),
        Column("lists", 14),
        Column("left_lists", 10),
        Column("unknown_lists", 10),
        Column("population", 12, INTEGER),
        Column("population_year", 10),
        Column("population_as_of", 12),
        Column("population_scope", 12),
        Column("administration_population", 12, INTEGER),
        Column("population_approximate", 10),
        Column("sectors", 20),
        Column("latitude", 10, "0.0000"),
        Column("longitude", 10, "0.0000"),
        Column("source", 40),
        Column("population_source", 40),
        Column("flag", 10),
    ]
    return SheetData("Towns", columns, rows, synthetic_column="flag")


def facts_sheet(session: Session) -> SheetData:
    """The headline facts as stated (real aggregates), each with its event and source."""
    rows = [
        (
            f.as_of,
            f.event,
            f.topic,
            f.metric,
            f.value,
            f.unit,
            f.scope,
            f.note,
            f.source,
            "synthetic" if f.synthetic else None,
        )
        for f in read_facts(session)
    ]
    columns = [
        Column("as_of", 10),
        Column("event", 40),
        Column("topic", 14),
        Column("metric", 28),
        Column("value", 18, DECIMAL),
        Column("unit", 12),
        Column("scope", 30),
        Column("note", 30),
        Column("source", 50),
        Column("flag", 10),
    ]
    return SheetData("Program facts", columns, rows, synthetic_column="flag")


def values_sheet(session: Session, towns: list[str]) -> SheetData:
    """The stored values of the towns, with indicator names, units, flags and import batches."""
    catalog = catalog_frame(session)
    names = dict(zip(catalog["code"], catalog["name_en"], strict=True))
    units = dict(zip(catalog["code"], catalog["unit"], strict=True))
    frame = values_frame(session, towns=towns, period_type=None) if towns else None
    rows: list[tuple[Any, ...]] = []
    for r in frame.to_dict("records") if frame is not None else []:
        code = r["indicator_code"]
        rows.append(
            (
                r["settlement_code"],
                r["settlement_name_en"],
                r["region_code"],
                code,
                names.get(code),
                r["pillar"],
                units.get(code),
                r["period"],
                r["year"],
                plain(r["value"]),
                r["flag"],
                plain(r["source"]),
                plain(r["note"]),
                plain(r["batch_id"]),
            )
        )
    columns = [
        Column("settlement_code", 14),
        Column("settlement", 16),
        Column("region_code", 10),
        Column("indicator_code", 26),
        Column("indicator", 36),
        Column("pillar", 14),
        Column("unit", 10),
        Column("period", 9),
        Column("year", 7),
        Column("value", 16, DECIMAL),
        Column("flag", 10),
        Column("source", 40),
        Column("note", 30),
        Column("batch", 7),
    ]
    return SheetData(
        "Indicator values", columns, rows, synthetic_column="flag", flag_value="synthetic"
    )


def program_sheet(session: Session) -> SheetData:
    columns = [
        Column("summary", 30),
        Column("group_1", 24),
        Column("group_2", 20),
        Column("measure", 22),
        Column("value", 18, DECIMAL),
        Column("unit", 12),
        Column("synthetic_records", 10, INTEGER),
        Column("basis", 18),
    ]
    rows = program_summary_rows(session)
    return SheetData("Program summaries", columns, rows, synthetic_column="synthetic_records")


def assessment_sheet(session: Session) -> SheetData | None:
    """The latest run: index, pillars, rank, 5-95% rank interval, group and its probabilities,
    and the change against the run before, with the run's identity on every row."""
    ctx = ReportContext("en")
    view = read_run(ctx, session, None, None)
    if view is None:
        return None
    frame = view.results.copy()
    if view.changes is not None:
        before = view.changes.set_index("unit")
        for column in ("rank_previous", "group_previous", "rank_change", "index_change"):
            frame[column] = frame["unit"].map(before[column])
    run = view.run
    fixed = ["unit", "name", "index", "rank", "rank_p05", "rank_p95", "median_rank", "group"]
    probabilities = [c for c in frame.columns if c.startswith("prob_")]
    changes = [
        c
        for c in ("rank_previous", "group_previous", "rank_change", "index_change")
        if c in frame.columns
    ]
    pillars = [
        c
        for c in frame.columns
        if c not in {*fixed, *probabilities, *changes, "coverage", "flagged", "n_imputed"}
    ]
    names = [*fixed, *probabilities, *pillars, *changes, "coverage", "n_imputed"]
    formats = {"index": DECIMAL, "coverage": "0.00", "index_change": DECIMAL}
    formats.update({c: PERCENT_SHARE for c in probabilities})
    formats.update({c: DECIMAL for c in pillars})
    columns = (
        [Column("run", 6), Column("period", 8)]
        + [Column(name, 12 if name != "name" else 18, formats.get(name)) for name in names]
        + [Column("methodology", 18), Column("methodology_hash", 14), Column("flag", 10)]
    )
    flag = "synthetic" if view.source.synthetic else None
    rows = [
        (
            run.id,
            run.period,
            *(plain(record.get(name)) for name in names),
            run.methodology_name,
            run.methodology_hash[:12],
            flag,
        )
        for record in frame.to_dict("records")
    ]
    return SheetData("Assessment results", columns, rows, synthetic_column="flag")


def warnings_sheet(session: Session, towns: list[str]) -> SheetData | None:
    """Every early warning of the towns for the latest year with data, with its figures."""
    warned = town_warnings(session, towns, None)
    if warned is None:
        return None
    table = warned.table
    names = [
        "unit",
        "name",
        "year",
        "rule",
        "severity",
        "title",
        "indicator",
        "previous",
        "value",
        "change",
        "reference_value",
        "threshold",
    ]
    columns = [
        Column(
            name,
            30 if name == "title" else 13,
            DECIMAL if name in ("previous", "value", "change", "reference_value") else None,
        )
        for name in names
    ]
    rows = [tuple(plain(record.get(name)) for name in names) for record in table.to_dict("records")]
    return SheetData("Early warnings", columns, rows)


def workbook_sheets(session: Session) -> list[SheetData]:
    """Every sheet of the workbook, in order."""
    towns = [town.code for town in list_towns(session)]
    assessment = assessment_sheet(session)
    sensitivity = sensitivity_sheet(session)
    warned = warnings_sheet(session, towns)
    standards = standards_sheet(session)
    return [
        *([assessment] if assessment is not None else []),
        *([sensitivity] if sensitivity is not None else []),
        *([warned] if warned is not None else []),
        *([standards] if standards is not None else []),
        values_sheet(session, towns),
        program_sheet(session),
        towns_sheet(session),
        facts_sheet(session),
    ]


def program_summary_rows(session: Session) -> list[tuple[Any, ...]]:
    """Every program summary in one tidy table for the workbook: one row per group and measure."""
    rows: list[tuple[Any, ...]] = []
    summaries = (
        (
            "projects by kind and status",
            program.projects_summary(session, by=["kind", "status"], total=True),
            ["kind", "status"],
            {
                "records": "projects",
                "value_kzt": "KZT",
                "planned_jobs": "jobs",
                "actual_jobs": "jobs",
            },
        ),
        (
            "budget by year and source",
            program.budget_execution(session, by=["year", "budget_source"], total=True),
            ["year", "budget_source"],
            {
                "planned_kzt": "KZT",
                "allocated_kzt": "KZT",
                "disbursed_kzt": "KZT",
                "execution_pct": "percent",
            },
        ),
        (
            "directives by responsible body",
            program.directives_by_body(session, within_days=DUE_SOON_DAYS),
            ["body"],
            {
                "records": "directives",
                "done": "directives",
                "open": "directives",
                "overdue": "directives",
                f"due_within_{DUE_SOON_DAYS}_days": "directives",
            },
        ),
    )
    for name, frame, keys, measures in summaries:
        for _, row in frame.iterrows():
            groups = [plain(row[key]) for key in keys] + [None] * (2 - len(keys))
            for measure, unit in measures.items():
                rows.append(
                    (
                        name,
                        *groups,
                        measure,
                        plain(row[measure]),
                        unit,
                        plain(row.get("synthetic_records")),
                        plain(row.get("basis")),
                    )
                )
    for _, row in program.targets_progress(session).iterrows():
        for measure in (
            "baseline_value",
            "target_value",
            "latest_value",
            "progress_pct",
            "expected_pct",
        ):
            unit = "percent" if measure.endswith("_pct") else str(row["unit"])
            rows.append(
                (
                    "targets progress",
                    plain(row["code"]),
                    plain(row["track"]),
                    measure,
                    plain(row[measure]),
                    unit,
                    int(bool(row["synthetic"])),
                    "synthetic records" if row["synthetic"] else "real records",
                )
            )
    return rows
