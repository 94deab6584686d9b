"""A reviewed figure takes what a figure says from a proposed figure and an edited row alike
(`StatedFigure`: mypy checks that both say it under the same names)."""

from __future__ import annotations

import pytest

from monotown.intake import Span
from monotown.intake.model import Figure
from monotown.intake.review import ReviewedFigure, StatedFigure, reviewed_figure
from monotown.web.intake_models import FigureIn

SAID = {"value": 1.5e9, "unit": "KZT", "period": "2025", "metric": "investment"}
QUALIFIED = {"qualifier": "about", "stated": "1.5 bn tenge"}
PROPOSED = Figure(**SAID, **QUALIFIED, scale="bn", scope=(), span=Span(3, 9), sentence=Span(0, 20))
EDITED = FigureIn.model_validate(
    {**SAID, **QUALIFIED, "span": {"start": 3, "end": 9}, "key": "figure:abc"}
)


@pytest.mark.parametrize("source", [PROPOSED, EDITED], ids=["proposed", "edited row"])
def test_a_figure_becomes_the_reviewed_figure_it_states(source: StatedFigure) -> None:
    figure = reviewed_figure(source, Span(3, 9), Span(0, 20), ["KZ-KAR-01", "KZ-KAR-01"])
    assert figure == ReviewedFigure(
        **SAID,
        **QUALIFIED,
        span=Span(3, 9),
        sentence=Span(0, 20),
        scope=("KZ-KAR-01", "KZ-KAR-01"),
        key=source.key,
    )
    assert EDITED.key == "figure:abc" and PROPOSED.key.startswith("figure:")
