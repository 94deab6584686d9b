"""Deadline phrases resolved against the event date, in English, Russian and Kazakh."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monotown.intake.deadlines import EventDate, find_deadline

APRIL_2 = EventDate(date(2024, 4, 2))
JUNE_18 = EventDate(date(2025, 6, 18))

TABLE = [
    # phrase, event, expected last day
    ("By December 1 of this year, the akimats must", JUNE_18, date(2025, 12, 1)),
    ("must propose by October 1 initiatives", JUNE_18, date(2025, 10, 1)),
    ("by March 1 the ministry must report", JUNE_18, date(2026, 3, 1)),  # already past: next year
    ("no later than 15 November 2025", APRIL_2, date(2025, 11, 15)),
    ("by the end of this year", APRIL_2, date(2024, 12, 31)),
    ("by the end of 2025", APRIL_2, date(2025, 12, 31)),
    ("Within two weeks to make proposals", APRIL_2, date(2024, 4, 16)),
    ("Within a year it is necessary", APRIL_2, date(2025, 4, 2)),
    ("within one month", APRIL_2, date(2024, 5, 2)),
    ("within 10 days", APRIL_2, date(2024, 4, 12)),
    ("до 1 октября", JUNE_18, date(2025, 10, 1)),
    ("до 1 декабря текущего года", JUNE_18, date(2025, 12, 1)),
    ("к 1 марта 2025 года", APRIL_2, date(2025, 3, 1)),
    ("в течение года", APRIL_2, date(2025, 4, 2)),
    ("в течение двух недель", APRIL_2, date(2024, 4, 16)),
    ("в двухнедельный срок", APRIL_2, date(2024, 4, 16)),
    ("в месячный срок", APRIL_2, date(2024, 5, 2)),
    ("до конца года", APRIL_2, date(2024, 12, 31)),
    ("до конца текущего года", APRIL_2, date(2024, 12, 31)),
    ("до конца первого полугодия", APRIL_2, date(2024, 6, 30)),
    ("жыл соңына дейін", APRIL_2, date(2024, 12, 31)),
    ("биылғы жылдың соңына дейін", JUNE_18, date(2025, 12, 31)),
    ("1 желтоқсанға дейін", JUNE_18, date(2025, 12, 1)),
    ("2025 жылғы 1 қазанға дейін", APRIL_2, date(2025, 10, 1)),
    ("екі апта ішінде", APRIL_2, date(2024, 4, 16)),
    ("бір жыл ішінде", APRIL_2, date(2025, 4, 2)),
    ("бір ай ішінде", APRIL_2, date(2024, 5, 2)),
    ("within the next two weeks", APRIL_2, date(2024, 4, 16)),
    ("within a two-week period", APRIL_2, date(2024, 4, 16)),
    ("within 10 working days", APRIL_2, date(2024, 4, 16)),  # Tuesday + 10 weekdays
    ("by the end of the third quarter", APRIL_2, date(2024, 9, 30)),
    ("до конца III квартала", APRIL_2, date(2024, 9, 30)),
    ("в 3-месячный срок", APRIL_2, date(2024, 7, 2)),
    ("2025 жылдың 1 қыркүйегіне дейін", APRIL_2, date(2025, 9, 1)),
    ("үшінші тоқсанның соңына дейін", APRIL_2, date(2024, 9, 30)),
]


@pytest.mark.parametrize(("phrase", "event", "expected"), TABLE)
def test_deadline_resolves_against_the_event_date(
    phrase: str, event: EventDate, expected: date
) -> None:
    deadline = find_deadline(phrase, event)
    assert deadline is not None, phrase
    assert deadline.on == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Attract investors to process technogenic-mineral formations.",
        "Special demand will be made from akims for the next heating season.",
        "particularly within the National Project for Modernizing the Energy Sector",
        "Акиматам моногородов необходимо обеспечить привлечение инвесторов.",
        "Әкімдіктер инвесторларды тартуы тиіс.",
    ],
)
def test_no_deadline_when_none_is_stated(sentence: str) -> None:
    assert find_deadline(sentence, APRIL_2) is None


def test_the_span_points_at_the_phrase() -> None:
    text = "The Ministry of Energy must, within two weeks, submit proposals."
    deadline = find_deadline(text, APRIL_2)
    assert deadline is not None
    assert text[deadline.span.start : deadline.span.end] == "within two weeks"
    assert deadline.rule == "within"


def test_a_year_only_event_keeps_the_stated_day_of_that_year() -> None:
    deadline = find_deadline("by October 1", EventDate(date(2013, 1, 1), "year"))
    assert deadline is not None
    assert deadline.on == date(2013, 10, 1)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=28),
)
def test_a_month_day_deadline_is_never_before_the_event(event: date, month: int, day: int) -> None:
    names = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip
    deadline = find_deadline(f"by {names[month - 1]} {day}", EventDate(event))
    assert deadline is not None
    assert event <= deadline.on
    assert (deadline.on - event).days <= 366
    assert (deadline.on.month, deadline.on.day) == (month, day)
