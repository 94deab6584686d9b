"""The `list` and `summary` commands of the program's record groups, built from one description
each (`RecordList`): the program API function, its filters and the columns to print.

`monotown contracts|zones|works|projects|budget list` and their summaries are built here (their
`RecordList`s are in `program_record_lists`), so a new program list is a `RecordList`, not another
group of commands.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import typer
from sqlalchemy.orm import Session

from monotown.cli.output import OutputFormat
from monotown.cli.program_common import (
    FORMAT_OPTION,
    RECORDS_OPTION,
    TODAY_OPTION,
    TOTAL_OPTION,
    Records,
    by_option,
    emit_frame,
    frame_as_of,
    synthetic_filter,
)
from monotown.cli.session import open_session

SUMS_NOTE = "Sums of stored records."


@dataclass(frozen=True)
class Option:
    """A filter option: `--flag` on the command line, `kwarg` of the program API function."""

    flag: str
    help: str
    kwarg: str
    type: type = str
    in_summary: bool = True
    name: str | None = None
    default: Any = None  # a flag (type bool) defaults to False
    min: int | None = None

    @property
    def param(self) -> str:
        return self.name or self.flag.lstrip("-").replace("-", "_")


def town_option() -> Option:
    return Option("--town", "Town (English, Russian, Kazakh name or code).", "town")


def region_option() -> Option:
    return Option("--region", "Region (any language, or ISO code).", "region")


def choice_option(flag: str, choices: Sequence[str], kwarg: str | None = None) -> Option:
    return Option(flag, f"One of {', '.join(choices)}.", kwarg or flag.lstrip("-"))


@dataclass(frozen=True)
class RecordList:
    """One program list: its API function, summary, filters and columns."""

    noun: str
    records: Callable[..., pd.DataFrame]
    options: tuple[Option, ...]
    columns: tuple[str, ...]
    table_columns: tuple[str, ...]
    list_help: str
    summary: Callable[..., pd.DataFrame] | None = None
    groups: Sequence[str] = ()
    default_by: str = ""
    summary_help: str = ""
    summary_name: str = "summary"
    summary_title: str = ""
    footnote: str = SUMS_NOTE
    list_name: str = "list"
    as_of: bool = False  # the records' status depends on the day: a --today option


def _parameter(name: str, default: Any, annotation: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


def _command(parameters: list[inspect.Parameter], run: Callable[[dict[str, Any]], None]) -> Any:
    """A function Typer reads like a hand-written command with these parameters."""

    def invoke(**values: Any) -> None:
        run(values)

    invoke.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    invoke.__annotations__ = {item.name: item.annotation for item in parameters}
    return invoke


def _filter_parameters(options: Sequence[Option]) -> list[inspect.Parameter]:
    return [
        _parameter(
            option.param,
            typer.Option(option.default, option.flag, help=option.help, min=option.min),
            option.type | None if option.default is None else option.type,
        )
        for option in options
    ]


def _frame(
    spec: RecordList,
    function: Callable[..., pd.DataFrame],
    options: Sequence[Option],
    values: dict[str, Any],
    *args: Any,
    **extra: Any,
) -> tuple[str, pd.DataFrame]:
    """The frame `function` answers for the options' values, and ' as of DAY' for a dated list."""
    filters = {option.kwarg: values[option.param] for option in options}
    if spec.as_of:
        day, frame = frame_as_of(
            values["today"], values["records"], function, *args, **filters, **extra
        )
        return f" as of {day.isoformat()}", frame
    session: Session
    with open_session() as session:
        synthetic = synthetic_filter(values["records"])
        return "", function(session, *args, **filters, **extra, synthetic=synthetic)


def list_app(spec: RecordList, help_text: str) -> typer.Typer:
    """The command group of `spec`: `list` and the summary command, if any."""
    app = typer.Typer(help=help_text, no_args_is_help=True)
    add_list_commands(app, spec)
    return app


def add_list_commands(app: typer.Typer, spec: RecordList) -> None:
    """Add `list` (and the summary command, if any) for `spec` to `app`."""
    records = [_parameter("records", RECORDS_OPTION, Records)]
    if spec.as_of:
        records.append(_parameter("today", TODAY_OPTION, str | None))
    fmt_parameter = _parameter("fmt", FORMAT_OPTION, OutputFormat)

    def run_list(values: dict[str, Any]) -> None:
        as_of, frame = _frame(spec, spec.records, spec.options, values)
        emit_frame(
            frame, spec.columns, values["fmt"], title=f"{spec.noun}{as_of}: {len(frame)}",
            table_columns=spec.table_columns,
        )  # fmt: skip

    list_parameters = [*_filter_parameters(spec.options), *records, fmt_parameter]
    app.command(spec.list_name, help=spec.list_help)(_command(list_parameters, run_list))
    if spec.summary is None:
        return
    summary = spec.summary
    summarised = [option for option in spec.options if option.in_summary]

    def run_summary(values: dict[str, Any]) -> None:
        by, fmt = values["by"], values["fmt"]
        total = values["total"] and fmt is OutputFormat.table
        as_of, frame = _frame(spec, summary, summarised, values, by, total=total)
        title = f"{spec.summary_title or spec.noun} by {', '.join(by)}{as_of}"
        emit_frame(frame, list(frame.columns), fmt, title=title, footnote=spec.footnote)

    parameters = [
        _parameter("by", by_option(spec.default_by, spec.groups), list[str]),
        *_filter_parameters(summarised),
        *records,
        _parameter("total", TOTAL_OPTION, bool),
        fmt_parameter,
    ]
    app.command(spec.summary_name, help=spec.summary_help)(_command(parameters, run_summary))
