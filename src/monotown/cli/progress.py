"""Live lines on the terminal while a long job runs: an import's phase and how many values so
far, a Monte Carlo run's replications."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from monotown.cli.output import console as output_console

PHASES = {
    "reading": "reading the file",
    "checking": "checking every row",
    "written": "written",
}


@contextmanager
def import_progress(console: Console | None = None) -> Iterator[Callable[[str, int], None]]:
    """A progress callback for `import_file`; shown on stderr when it is a terminal (or when
    MONOTOWN_PROGRESS=1), silent otherwise so scripts and pipes get clean output."""
    console = console or Console(stderr=True)
    shown = console.is_terminal or os.environ.get("MONOTOWN_PROGRESS") == "1"
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.fields[count]:,} values"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not shown,
    ) as progress:
        task = progress.add_task("starting", count=0, total=None)

        def report(phase: str, count: int) -> None:
            progress.update(task, description=PHASES.get(phase, phase), count=count)

        yield report


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Any]:
    """A rich progress bar for long Monte Carlo runs; yields a (done, total) callback or None."""
    if not enabled:
        yield None
        return
    columns = (
        TextColumn("Monte Carlo"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,} replications"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=output_console(), transient=True) as bar:
        task = bar.add_task("mc", total=1)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
