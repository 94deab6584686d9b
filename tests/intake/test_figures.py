"""Figures: value, scale, unit and qualifier; years, dates and multipliers are not figures."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monotown.intake.figures import read_figures
from monotown.intake.numbers import parse_number


def figures(text: str, language: str) -> list[tuple[float, str, str]]:
    return [(f.value, f.unit, f.qualifier) for f in read_figures(text, language)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "326 measures worth 456.6 billion tenge",
            "en",
            [(326, "measure", ""), (456.6e9, "KZT", "")],
        ),
        ("проекты стоимостью 1,4 трлн тенге", "ru", [(1.4e12, "KZT", "")]),
        ("with the creation of more than 10 thousand jobs", "en", [(1e4, "job", "more_than")]),
        ("now stands at 64%.", "en", [(64, "percent", "")]),
        (
            "a total population of 1.53 million, or 16.8 percent",
            "en",
            [(1.53e6, "person", ""), (16.8, "percent", "")],
        ),
        ("more than 25,000 new jobs", "en", [(25000, "job", "more_than")]),
        ("создано более 10 тыс. рабочих мест", "ru", [(1e4, "job", "more_than")]),
        ("около 600 тыс. человек", "ru", [(6e5, "person", "about")]),
        ("10 мыңнан астам жұмыс орны", "kk", [(1e4, "job", "more_than")]),
        ("800-ден астам жұмыс орны ашылды", "kk", [(800, "job", "more_than")]),
        ("36,4 пайызға жетті", "kk", [(36.4, "percent", "")]),
        ("1 200 жұмысшыны", "kk", [(1200, "worker", "")]),
        ("up to 2,500 monthly calculation indices", "en", [(2500, "MCI", "up_to")]),
        ("KZT 12.5 billion has been allocated", "en", [(12.5e9, "KZT", "")]),
        ("worth 1.2 billion US dollars", "en", [(1.2e9, "USD", "")]),
        ("creating at least 2000 new jobs", "en", [(2000, "job", "at_least")]),
        ("мощностью 636 МВт и 15 тыс. тонн угля", "ru", [(636, "MW", ""), (15000, "t", "")]),
        ("введено 240 тыс. кв. м жилья", "ru", [(240000, "m2", "")]),
        ("в 2023 году создано 500 рабочих мест", "ru", [(500, "job", "")]),
        ("over one billion tenge", "en", [(1e9, "KZT", "more_than")]),
        (
            "Nine projects are under way, while three projects stand idle",
            "en",
            [(9, "project", ""), (3, "project", "")],
        ),
        (
            "Из 41 проекта 29 работают, 3 проекта простаивают",
            "ru",
            [(41, "project", ""), (29, "project", ""), (3, "project", "")],
        ),
        (
            "The number of operating SMEs rose from 92.3 thousand to 100.2 thousand",
            "en",
            [(92300, "enterprise", ""), (100200, "enterprise", "")],
        ),
    ],
)
def test_figures_are_read_with_scale_and_unit(
    text: str, language: str, expected: list[tuple[float, str, str]]
) -> None:
    found = figures(text, language)
    assert [(unit, qualifier) for _value, unit, qualifier in found] == [
        (unit, qualifier) for _value, unit, qualifier in expected
    ]
    for (value, _u, _q), (wanted, _wu, _wq) in zip(found, expected, strict=True):
        assert value == pytest.approx(wanted)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("In 2020-2022, the plan for 2023-2027 was adopted", "en"),
        ("date 2024-04-02 At today's meeting", "en"),
        ("On 2 April 2024 and by December 1", "en"),
        ("revenue increased 3.5-fold in the past few years", "en"),
        ("Over 20 years the population decreased by more than two times", "en"),
        ("more than one-third of total output", "en"),
        ("в 2023 году, до 1 октября", "ru"),
    ],
)
def test_years_dates_multipliers_and_spans_are_not_figures(text: str, language: str) -> None:
    assert figures(text, language) == []


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("25,000", "en", 25000), ("1,4", "ru", 1.4), ("1.53", "en", 1.53),
        ("100 000", "ru", 100000), ("1,000,000", "en", 1e6), ("1.234,5", "ru", 1234.5),
    ],
)  # fmt: skip
def test_number_notation_follows_the_language(text: str, language: str, value: float) -> None:
    assert parse_number(text, language) == pytest.approx(value)  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=9))
def test_english_and_russian_notation_read_the_same_number(whole: int, tenth: int) -> None:
    english = f"{whole:,}.{tenth}"
    russian = f"{whole:,}".replace(",", " ") + f",{tenth}"
    assert parse_number(english, "en") == pytest.approx(whole + tenth / 10)
    assert parse_number(russian, "ru") == pytest.approx(whole + tenth / 10)
