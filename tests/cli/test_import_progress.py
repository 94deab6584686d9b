"""`monotown import` shows its phase and count on a terminal while a file is read and checked."""

from __future__ import annotations

import io

from rich.console import Console

from monotown.cli.progress import import_progress


def test_progress_shows_phase_and_count_on_a_terminal() -> None:
    buffer = io.StringIO()
    terminal = Console(file=buffer, force_terminal=True, width=100)
    with import_progress(terminal) as report:
        report("reading", 100_000)
        report("checking", 250_000)
    shown = buffer.getvalue()
    assert "checking every row" in shown and "250,000 values" in shown


def test_progress_is_silent_in_a_pipe() -> None:
    buffer = io.StringIO()
    with import_progress(Console(file=buffer, force_terminal=False)) as report:
        report("reading", 5)
    assert buffer.getvalue() == ""
