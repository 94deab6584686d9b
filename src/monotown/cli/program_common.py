"""What every program command shares: printing frames, the real/synthetic filter, dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import typer

from monotown.cli.output import FORMAT_OPTION as FORMAT_OPTION
from monotown.cli.output import OutputFormat, emit_rows
from monotown.cli.records_filter import RECORDS_OPTION as RECORDS_OPTION
from monotown.cli.records_filter import Records as Records
from monotown.cli.records_filter import synthetic_filter as synthetic_filter
from monotown.cli.session import open_session
from monotown.errors import InputError
from monotown.program.rows import json_rows

SYNTHETIC_NOTE = (
    "'synthetic' = yes marks demo records made up by a fixed-seed generator, not facts."
)


TODAY_OPTION = typer.Option(None, "--today", help="Answer as of this date (YYYY-MM-DD).")


def parse_today(value: str | None) -> dt.date:
    """The day the answer is for: --today YYYY-MM-DD, or the real date."""
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError("is not a date: write YYYY-MM-DD", field="--today", value=value) from None


def frame_as_of(
    today: str | None,
    records: Records,
    query: Callable[..., pd.DataFrame],
    *args: Any,
    **filters: Any,
) -> tuple[dt.date, pd.DataFrame]:
    """Run a dated program query for --today (default: the real date) over the --records chosen."""
    day = parse_today(today)
    with open_session() as session:
        return day, query(session, *args, today=day, synthetic=synthetic_filter(records), **filters)


def frame_rows(frame: pd.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    return json_rows(frame, columns)


def _for_table(name: str, value: Any) -> Any:
    """Years without thousands separators, flags as yes/no: how a reader expects them."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) and "year" in name:
        return str(value)
    return value


def synthetic_footnote(frame: pd.DataFrame, extra: str | None = None) -> str:
    """Says how many rows are demo records; every program table carries this line."""
    parts = []
    if "synthetic" in frame.columns:
        synthetic = int(frame["synthetic"].astype(bool).sum())
        parts.append(
            f"{synthetic} of {len(frame)} rows are synthetic demo records. {SYNTHETIC_NOTE}"
        )
    elif "synthetic_records" in frame.columns:
        groups = frame[frame.iloc[:, 0].astype(str) != "total"]  # leave out a total row
        synthetic = int(groups["synthetic_records"].sum())
        total = int(groups["records"].sum()) if "records" in frame.columns else synthetic
        parts.append(
            f"{synthetic} of {total} records summed are synthetic demo records; "
            "'basis' says per row whether the figures are sums of real or synthetic records."
        )
    if extra:
        parts.append(extra)
    return " ".join(parts)


def emit_frame(
    frame: pd.DataFrame,
    columns: Sequence[str],
    fmt: OutputFormat,
    *,
    title: str,
    table_columns: Sequence[str] | None = None,
    footnote: str | None = None,
) -> None:
    """Print a frame's rows; tables may show fewer columns than CSV/JSON, which get them all."""
    shown = table_columns if fmt is OutputFormat.table and table_columns else columns
    rows = frame_rows(frame, shown)
    if fmt is OutputFormat.table:
        rows = [{name: _for_table(name, value) for name, value in row.items()} for row in rows]
    emit_rows(
        rows,
        [column for column in shown if column in frame.columns],
        fmt,
        title=title,
        footnote=synthetic_footnote(frame, footnote),
    )


TOWN_OPTION = typer.Option(None, "--town", help="Town (English, Russian, Kazakh name or code).")
REGION_OPTION = typer.Option(None, "--region", help="Region (any language, or ISO code).")
TOTAL_OPTION = typer.Option(True, "--total/--no-total", help="Add a 'total' row (table only).")


def by_option(default: str, allowed: Sequence[str]) -> Any:
    """A repeatable --by option naming the columns to group by."""
    return typer.Option([default], "--by", help=f"Group by (repeatable): {', '.join(allowed)}.")


def summary_columns(frame: pd.DataFrame) -> list[str]:
    return list(frame.columns)
