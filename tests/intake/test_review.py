"""A reviewed figure takes what a figure says from a proposed figure and an edited row alike."""

from __future__ import annotations

import dataclasses

from monotown.intake import Span
from monotown.intake.model import Figure
from monotown.intake.review import STATED_FIELDS, ReviewedFigure, reviewed_figure
from monotown.web.intake_models import FigureIn


def test_the_stated_fields_are_named_alike_in_proposal_edited_row_and_review() -> None:
    reviewed = {field.name for field in dataclasses.fields(ReviewedFigure)}
    proposed = {field.name for field in dataclasses.fields(Figure)} | {"key"}
    assert set(STATED_FIELDS) <= reviewed & proposed & set(FigureIn.model_fields)


def test_an_edited_row_becomes_the_reviewed_figure_it_states() -> None:
    row = FigureIn.model_validate(
        {
            "value": 1.5e9,
            "unit": "KZT",
            "period": "2025",
            "metric": "investment",
            "span": {"start": 3, "end": 9},
            "scope": ["KZ-KAR-01", "KZ-KAR-01"],
            "qualifier": "about",
            "stated": "1.5 bn tenge",
            "key": "figure:abc",
        }
    )
    figure = reviewed_figure(row, Span(3, 9), Span(0, 20), row.scope)
    assert figure == ReviewedFigure(
        value=1.5e9,
        unit="KZT",
        period="2025",
        metric="investment",
        span=Span(3, 9),
        sentence=Span(0, 20),
        scope=("KZ-KAR-01", "KZ-KAR-01"),
        qualifier="about",
        stated="1.5 bn tenge",
        key="figure:abc",
    )
