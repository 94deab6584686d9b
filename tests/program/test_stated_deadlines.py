"""Deadlines in the words of a text, resolved against the date of the event that issued them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monotown.program.stated_deadlines import resolve_stated_deadline

SESSION = dt.date(2024, 4, 2)
JUNE_2025 = dt.date(2025, 6, 1)  # an event known to the month


@pytest.mark.parametrize(
    ("stated", "issued", "precision", "expected"),
    [
        ("by the end of this year", SESSION, "day", dt.date(2024, 12, 31)),
        ("Within two weeks", SESSION, "day", dt.date(2024, 4, 16)),
        ("within a year", SESSION, "day", dt.date(2025, 4, 2)),
        ("within 3 months", dt.date(2024, 11, 30), "day", dt.date(2025, 2, 28)),
        ("By December 1 of this year", JUNE_2025, "month", dt.date(2025, 12, 1)),
        ("by October 1", JUNE_2025, "month", dt.date(2025, 10, 1)),
        ("by March 1", JUNE_2025, "month", dt.date(2026, 3, 1)),
        ("by 1 March 2026", SESSION, "day", dt.date(2026, 3, 1)),
        ("до 1 декабря", JUNE_2025, "month", dt.date(2025, 12, 1)),
        ("в течение двух недель", SESSION, "day", dt.date(2024, 4, 16)),
        ("до конца года", SESSION, "day", dt.date(2024, 12, 31)),
        ("by 2026-03-01", None, "day", dt.date(2026, 3, 1)),
        # A relative deadline cannot be resolved against a month: left unresolved, not guessed.
        ("within two weeks", JUNE_2025, "month", None),
        ("by October 1", dt.date(2025, 1, 1), "year", None),
        ("for the next heating season", SESSION, "day", None),
        ("", SESSION, "day", None),
    ],
)
def test_stated_deadlines(
    stated: str, issued: dt.date | None, precision: str, expected: dt.date | None
) -> None:
    assert resolve_stated_deadline(stated, issued, precision) == expected


def test_an_unknown_precision_is_refused() -> None:
    with pytest.raises(ValueError, match="precision"):
        resolve_stated_deadline("within a year", SESSION, "week")


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 1, 1)), st.integers(1, 400))
def test_within_n_days_and_weeks_add_to_the_issue_date(issued: dt.date, n: int) -> None:
    assert resolve_stated_deadline(f"within {n} days", issued) == issued + dt.timedelta(days=n)
    assert resolve_stated_deadline(f"within {n} weeks", issued) == issued + dt.timedelta(weeks=n)
    end = resolve_stated_deadline("by the end of this year", issued, "year")
    assert end == dt.date(issued.year, 12, 31)
