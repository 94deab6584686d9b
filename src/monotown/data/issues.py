"""The problems an import finds: how each is described to a person, and written to a CSV file.

Problems are stored by the staging area as codes with arguments (so a million of them cost no
memory); this module turns them into `errors.Problem`s (the one problem type of every import,
with its code) with a sentence a user can act on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.data.cells import PERIOD_HELP, format_number
from monotown.data.layouts import Layout
from monotown.data.models import FLAGS, Indicator
from monotown.data.staging import Stage
from monotown.errors import InputError, Problem
from monotown.records.files import write_csv


def describe(
    code: str,
    arg: str | None,
    ref_num: float | None,
    ref_int: int | None,
    indicators: dict[int, Indicator],
) -> str:
    hint = f" (did you mean '{arg}'?)" if arg else ""
    if code == "missing":
        return "is empty"
    if code == "unknown_settlement":
        return f"unknown town{hint}"
    if code == "ambiguous_settlement":
        return f"names several towns: {arg}; use the town's code"
    if code == "unknown_indicator":
        return f"unknown indicator code{hint}"
    if code == "bad_period":
        return f"is not a period: {PERIOD_HELP}"
    if code == "not_numeric":
        return "is not a number"
    if code == "bad_flag":
        return f"must be one of {', '.join(FLAGS)}"
    if code == "out_of_range" and ref_int is not None:
        indicator = indicators[ref_int]
        low = "-inf" if indicator.min_value is None else format_number(indicator.min_value)
        high = "inf" if indicator.max_value is None else format_number(indicator.max_value)
        return f"is outside the range of {indicator.code}: {low} to {high} {indicator.unit}"
    if code == "duplicate":
        return f"the same town, indicator and period are also on row {ref_int}"
    if code == "conflict" and ref_num is not None:
        batch = f", batch {ref_int}" if ref_int is not None else ""
        return (
            f"conflicts with the stored {arg} value {format_number(ref_num)}{batch}; "
            "use --update to replace it"
        )
    return code


def read_issues(
    session: Session, stage: Stage, layout: Layout, *, limit: int | None
) -> Iterator[Problem]:
    indicators = {indicator.id: indicator for indicator in session.scalars(select(Indicator))}
    for row_no, col, value, num, code, arg, ref_num, ref_int in stage.issue_rows(limit):
        # PostgreSQL's COPY turns an empty cell into NULL; either way the cell was empty.
        shown = value if value is not None else (format_number(num) if num is not None else "")
        column = layout.columns[col] if col is not None and 0 <= col < len(layout.columns) else None
        yield Problem(
            file=layout.file,
            row=row_no,
            field=column,
            value=shown,
            reason=describe(code, arg, ref_num, ref_int, indicators),
            code=code,
        )


def write_issues(path: Path, issues: Iterator[Problem]) -> None:
    """Every problem as CSV (file, row, column, value, reason), streamed from the database."""
    try:
        rows = ([i.file, i.row, i.field, i.value, i.reason] for i in issues)
        write_csv(path, ["file", "row", "column", "value", "reason"], rows)
    except OSError as error:
        raise InputError(f"cannot be written: {error.strerror}", file=str(path)) from None
