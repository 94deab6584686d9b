"""The Excel workbook: one sheet per table, frozen headers, number formats, and a source column.

The workbook is for analysts who want the numbers behind the briefing: every row says where it came
from (registry source, stated fact, import batch or assessment run) and whether it is synthetic.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

import monotown.program as program
from monotown.data import catalog_frame, values_frame
from monotown.registry import list_towns
from monotown.reports.citations import plain
from monotown.reports.facts import read_facts
from monotown.reports.program_sections import DUE_SOON_DAYS
from monotown.reports.registry_data import read_registry

INTEGER = "#,##0"
DECIMAL = "#,##0.00"
PERCENT = '0.0"%"'
HEADER_FILL = PatternFill("solid", fgColor="DDE6EE")
SYNTHETIC_FILL = PatternFill("solid", fgColor="FBF3E4")


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 14
    number_format: str | None = None


@dataclass(frozen=True)
class SheetData:
    """A sheet: its title, columns and rows (tuples of plain values in column order)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    synthetic_column: str | None = None
    flag_value: Any = None


def write_sheet(book: Workbook, sheet: SheetData) -> int:
    """Append a sheet with a bold frozen header and filters; returns the number of data rows.

    The workbook is write-only (streamed), so a sheet of a million indicator values fits in memory.
    """
    ws = book.create_sheet(sheet.title[:31])
    headers = [column.header for column in sheet.columns]
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header_cells.append(cell)
    ws.append(header_cells)
    formats = [column.number_format for column in sheet.columns]
    flag_index = headers.index(sheet.synthetic_column) if sheet.synthetic_column else None
    count = 0
    for values in sheet.rows:
        flag = values[flag_index] if flag_index is not None else None
        synthetic = bool(flag) if sheet.flag_value is None else flag == sheet.flag_value
        if synthetic or any(formats):
            row: list[Any] = []
            for value, number_format in zip(values, formats, strict=True):
                if not synthetic and (number_format is None or value is None):
                    row.append(value)
                    continue
                cell = WriteOnlyCell(ws, value)
                if number_format:
                    cell.number_format = number_format
                if synthetic:
                    cell.fill = SYNTHETIC_FILL
                row.append(cell)
            ws.append(row)
        else:
            ws.append(list(values))
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    return count


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
                ", ".join(town.lists),
                ", ".join(town.exited),
                town.population,
                town.population_year,
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
        Column("lists", 14),
        Column("left_lists", 10),
        Column("population", 12, INTEGER),
        Column("population_year", 10),
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


def workbook_sheets(session: Session) -> list[SheetData]:
    """Every sheet of the workbook, in order."""
    towns = [town.code for town in list_towns(session)]
    return [
        values_sheet(session, towns),
        program_sheet(session),
        towns_sheet(session),
        facts_sheet(session),
    ]


def build_workbook(session: Session) -> bytes:
    """The workbook as .xlsx bytes."""
    book = Workbook(write_only=True)
    for sheet in workbook_sheets(session):
        write_sheet(book, sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


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
