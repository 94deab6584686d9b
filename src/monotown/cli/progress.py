"""A live line on the terminal while a long import runs: its phase and how many values so far."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

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
