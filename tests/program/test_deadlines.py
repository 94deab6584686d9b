"""Directive and measure deadlines: overdue is derived from the date, hand-checked cases."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from monotown.program.deadlines import by_responsible_body, derived_status, select_due

D = dt.date


def test_a_directive_is_overdue_only_after_its_deadline_day() -> None:
    deadline = D(2025, 12, 1)
    assert derived_status("open", deadline, None, D(2025, 11, 30)) == "open"
    assert derived_status("open", deadline, None, D(2025, 12, 1)) == "open"
    assert derived_status("open", deadline, None, D(2025, 12, 2)) == "overdue"


def test_an_extension_moves_the_deadline_that_counts() -> None:
    deadline, extension = D(2025, 12, 1), D(2026, 3, 1)
    assert derived_status("extended", deadline, extension, D(2026, 1, 15)) == "extended"
    assert derived_status("extended", deadline, extension, D(2026, 3, 2)) == "overdue"


def test_done_is_never_overdue() -> None:
    assert derived_status("done", D(2020, 1, 1), None, D(2026, 1, 1)) == "done"


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["a", "b", "c", "d", "e"],
            "responsible": [
                ["Akimat of Karaganda Region", "Ministry of Energy"],
                ["Akimat of Karaganda Region"],
                ["Ministry of Energy"],
                ["Ministry of Energy"],
                ["Samruk-Kazyna"],
            ],
            "deadline": [
                D(2026, 1, 10),
                D(2025, 12, 1),
                D(2026, 2, 1),
                D(2025, 6, 1),
                D(2026, 6, 1),
            ],
            "extended_to": [None, None, None, None, None],
            "recorded_status": ["open", "open", "open", "done", "open"],
            "synthetic": [False, True, True, True, True],
        }
    )


def test_overdue_and_due_within_select_the_right_rows() -> None:
    today = D(2026, 1, 1)
    frame = _frame()
    overdue = select_due(frame, today, overdue=True)
    assert list(overdue["code"]) == ["b"]
    assert list(overdue["days_left"]) == [-31]
    soon = select_due(frame, today, due_within=31)
    assert list(soon["code"]) == ["a", "c"]
    assert list(soon["days_left"]) == [9, 31]
    both = select_due(frame, today, overdue=True, due_within=10)
    assert list(both["code"]) == ["a", "b"]


def test_by_responsible_body_counts_a_shared_directive_for_each_body() -> None:
    table = by_responsible_body(_frame(), D(2026, 1, 1), within_days=10).set_index("body")
    karaganda = table.loc["Akimat of Karaganda Region"]
    assert (karaganda["records"], karaganda["overdue"], karaganda["due_within_10_days"]) == (
        2,
        1,
        1,
    )
    energy = table.loc["Ministry of Energy"]
    assert (energy["records"], energy["done"], energy["open"], energy["overdue"]) == (3, 1, 2, 0)
    assert energy["due_within_10_days"] == 1
    assert energy["synthetic_records"] == 2
    assert energy["basis"] == "mixed"
    assert table.loc["Samruk-Kazyna", "basis"] == "synthetic records"
    assert table.index[0] == "Akimat of Karaganda Region"  # most overdue first
