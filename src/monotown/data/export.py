"""Exporting stored values: long or wide CSV/XLSX, and DHIS2 data value sets (JSON or CSV).

Every export streams rows from the database, so its size is bounded by the disk, not memory. Each
format reads back through `import_file` to exactly what is stored ("export then import changes
nothing"). The long layout carries flag, source and note; the wide layout and DHIS2 cannot mark a
value as synthetic, so those exports leave synthetic values out (and say how many) rather than let
demo figures come back, or reach a DHIS2 server, as official ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.data.cells import dhis2_period, format_number
from monotown.data.dhis2 import org_unit_codes
from monotown.data.layouts import DHIS2_COLUMNS
from monotown.data.models import Indicator, IndicatorValue
from monotown.data.values import ValueFilter, filtered_query
from monotown.errors import InputError
from monotown.records.files import append_row, write_csv
from monotown.registry.models import Region, Settlement

EXPORT_FORMATS = ("csv", "xlsx", "dhis2-json", "dhis2-csv")
# Each column of the long layout and the stored column it is read from.
_LONG_SOURCES = {
    "settlement": Settlement.code,
    "settlement_name": Settlement.name_en,
    "region": Region.code,
    "indicator": Indicator.code,
    "indicator_name": Indicator.name_en,
    "unit": Indicator.unit,
    "period": IndicatorValue.period,
    "value": IndicatorValue.value,
    "flag": IndicatorValue.flag,
    "source": IndicatorValue.source,
    "note": IndicatorValue.note,
}
LONG_COLUMNS = tuple(_LONG_SOURCES)
STREAM_ROWS = 10_000


@dataclass(frozen=True)
class ExportReport:
    path: Path
    format: str
    layout: str
    n_values: int
    n_synthetic_left_out: int
    n_rows: int

    def summary(self) -> str:
        text = f"{self.n_values} values written to {self.path} ({self.format}, {self.layout})"
        if self.n_rows != self.n_values:
            text += f" in {self.n_rows} rows"
        if self.n_synthetic_left_out:
            text += (
                f"; {self.n_synthetic_left_out} synthetic values left out "
                "(this layout cannot mark them; use the long csv or xlsx export to include them)"
            )
        return text


def _rows(session: Session, selection: ValueFilter, order: Sequence[Any]) -> Iterator[Any]:
    """The values to export: the long layout's columns by name, then the settlement's id and
    the indicator's DHIS2 code (for the DHIS2 layouts)."""
    query = (
        select(
            *(column.label(name) for name, column in _LONG_SOURCES.items()),
            IndicatorValue.settlement_id.label("settlement_id"),
            Indicator.dhis2_code.label("dhis2_code"),
        )
        .join(Settlement, Settlement.id == IndicatorValue.settlement_id)
        .join(Region, Region.id == Settlement.region_id)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .order_by(*order)
    )
    query = filtered_query(session, query, selection)
    yield from session.execute(query.execution_options(yield_per=STREAM_ROWS))


def _synthetic_count(session: Session, selection: ValueFilter) -> int:
    query = (
        select(func.count()).select_from(IndicatorValue).where(IndicatorValue.flag == "synthetic")
    )
    return session.scalar(filtered_query(session, query, selection)) or 0


def _long_rows(session: Session, selection: ValueFilter) -> Iterator[list[Any]]:
    order = (Settlement.code, Indicator.code, IndicatorValue.period)
    for row in _rows(session, selection, order):
        yield list(row[: len(LONG_COLUMNS)])


def _wide_rows(session: Session, selection: ValueFilter) -> tuple[list[str], Iterator[list[Any]]]:
    codes = list(
        session.scalars(
            filtered_query(
                session,
                select(Indicator.code)
                .join(IndicatorValue, IndicatorValue.indicator_id == Indicator.id)
                .group_by(Indicator.id, Indicator.code)
                .order_by(Indicator.id),
                selection,
            )
        )
    )
    position = {code: index for index, code in enumerate(codes)}

    def rows() -> Iterator[list[Any]]:
        order = (Settlement.code, IndicatorValue.period, Indicator.code)
        current: list[Any] | None = None
        for row in _rows(session, selection, order):
            if current is None or (current[0], current[2]) != (row.settlement, row.period):
                if current is not None:
                    yield current
                current = [row.settlement, row.settlement_name, row.period, *[None] * len(codes)]
            current[3 + position[row.indicator]] = row.value
        if current is not None:
            yield current

    return ["settlement", "settlement_name", "period", *codes], rows()


def _dhis2_values(session: Session, selection: ValueFilter) -> Iterator[dict[str, str]]:
    org_units = org_unit_codes(session)
    order = (Settlement.code, Indicator.code, IndicatorValue.period)
    for row in _rows(session, selection, order):
        item = {
            "dataElement": row.dhis2_code or row.indicator,
            "period": dhis2_period(row.period),
            "orgUnit": org_units.get(row.settlement_id, row.settlement),
            "value": format_number(row.value),
        }
        if row.note:
            item["comment"] = row.note
        yield item


def _cells(row: Sequence[Any]) -> int:
    return sum(1 for cell in row if isinstance(cell, float))


def _write_csv(path: Path, header: Sequence[str], rows: Iterator[Sequence[Any]]) -> tuple[int, int]:
    values = 0

    def counted() -> Iterator[list[Any]]:
        nonlocal values
        for row in rows:
            values += _cells(row)
            yield [format_number(cell) if isinstance(cell, float) else cell for cell in row]

    # A BOM lets Excel open Cyrillic text correctly; the importer skips it.
    count = write_csv(path, header, counted(), bom=True)
    return count, values


def _write_xlsx(
    session: Session, path: Path, header: Sequence[str], rows: Iterator[Sequence[Any]]
) -> tuple[int, int]:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("values")
    append_row(sheet, header)
    count = values = 0
    for row in rows:
        append_row(sheet, row)
        count += 1
        values += _cells(row)
    catalog = workbook.create_sheet("indicators")
    append_row(catalog, ["code", "name_en", "name_ru", "name_kk", "unit", "pillar", "direction"])
    for indicator in session.scalars(select(Indicator).order_by(Indicator.id)):
        append_row(
            catalog,
            [
                indicator.code,
                indicator.name_en,
                indicator.name_ru,
                indicator.name_kk,
                indicator.unit,
                indicator.pillar,
                indicator.direction,
            ],
        )
    workbook.save(path)
    return count, values


def _write_dhis2_json(path: Path, items: Iterator[dict[str, str]]) -> tuple[int, int]:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"dataValues": [')
        for item in items:
            handle.write(("," if count else "") + "\n  " + json.dumps(item, ensure_ascii=False))
            count += 1
        handle.write("\n]}\n")
    return count, count


def _dhis2_csv_rows(items: Iterator[dict[str, str]]) -> Iterator[list[str]]:
    for item in items:
        yield [
            item["dataElement"],
            item["period"],
            item["orgUnit"],
            "",
            "",
            item["value"],
            "",
            "",
            item.get("comment", ""),
            "false",
        ]


def export_values(
    session: Session,
    path: str | Path,
    *,
    format: str = "csv",
    wide: bool = False,
    towns: Sequence[str] | None = None,
    indicators: Sequence[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    period_type: str | None = None,
    include_synthetic: bool = True,
    synthetic_only: bool = False,
) -> ExportReport:
    """Write stored values to `path` as csv, xlsx (long, or `wide`), dhis2-json or dhis2-csv;
    `synthetic_only` writes the synthetic (demo) values alone, in the long layout only."""
    if format not in EXPORT_FORMATS:
        raise InputError(
            f"must be one of {', '.join(EXPORT_FORMATS)}", field="format", value=format
        )
    if wide and format not in ("csv", "xlsx"):
        raise InputError(
            "the wide layout exists for csv and xlsx only", field="format", value=format
        )
    path = Path(path)
    if not path.parent.is_dir():
        raise InputError("its folder does not exist", file=str(path))
    layout = "wide" if wide else ("long" if format in ("csv", "xlsx") else "DHIS2 data value set")
    keeps_flags = layout == "long"
    if synthetic_only and not keeps_flags:
        raise InputError(
            f"the {layout} layout cannot mark values as synthetic; export synthetic values "
            "in the long csv or xlsx layout",
            field="records",
            value="synthetic",
        )
    selection = ValueFilter(
        towns, indicators, year_from, year_to, period_type, include_synthetic and keeps_flags,
        synthetic_only,
    )  # fmt: skip
    left_out = (
        _synthetic_count(session, ValueFilter(towns, indicators, year_from, year_to, period_type))
        if include_synthetic and not keeps_flags
        else 0
    )
    try:
        if format.startswith("dhis2"):
            items = _dhis2_values(session, selection)
            if format == "dhis2-json":
                rows_written, count = _write_dhis2_json(path, items)
            else:
                rows_written, count = _write_csv(path, DHIS2_COLUMNS[:-1], _dhis2_csv_rows(items))
                count = rows_written
        else:
            if wide:
                header, rows = _wide_rows(session, selection)
            else:
                header, rows = list(LONG_COLUMNS), _long_rows(session, selection)
            if format == "csv":
                rows_written, count = _write_csv(path, header, rows)
            else:
                rows_written, count = _write_xlsx(session, path, header, rows)
    except OSError as error:
        raise InputError(f"cannot be written: {error.strerror}", file=str(path)) from None
    return ExportReport(path, format, layout, count, left_out, rows_written)
