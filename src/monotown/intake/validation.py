"""Checking a review against its text and the registries before anything is stored: every span
inside the text, every body a body of the registry, every town a settlement, one line per
problem (the first is raised, naming the row and field)."""

from __future__ import annotations

import math

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.errors import InputError
from monotown.intake.input import MAX_BYTES
from monotown.intake.model import Span
from monotown.intake.review import Review
from monotown.intake.stored import body_ids, town_ids
from monotown.program.body_models import Body

PRECISIONS = ("day", "month", "year")


def _check_span(span: Span, text: str, field: str) -> None:
    if not 0 <= span.start < span.end <= len(text):
        raise InputError(
            f"span {span.start}-{span.end} is outside the text (0-{len(text)}) or empty",
            field=field,
        )


def check_review(session: Session, review: Review) -> None:
    """Raise InputError for the first thing in `review` that cannot be stored as it is."""
    if not review.text.strip():
        raise InputError("the text is empty", field="text")
    if len(review.text.encode("utf-8")) > MAX_BYTES:
        raise InputError(f"the text is longer than {MAX_BYTES} bytes", field="text")
    if not review.directives and not (review.figures_only and review.figures):
        raise InputError(
            "no directives to accept; nothing was stored (to store the figures of a text "
            "without instructions, set figures_only, or --figures-only on the command line)",
            field="directives",
        )
    if review.event.precision is not None and review.event.precision not in PRECISIONS:
        raise InputError("must be day, month or year", field="event.precision")
    if not session.scalar(select(func.count()).select_from(Body)):
        raise InputError(
            "the bodies registry is empty: load it first (monotown program load-facts)",
            field="bodies",
        )
    bodies = body_ids(session)
    towns = town_ids(session)
    for number, directive in enumerate(review.directives, 1):
        where = f"directives[{number}]"
        _check_span(directive.span, review.text, f"{where}.span")
        if not directive.action.strip():
            raise InputError("is empty", field=f"{where}.action")
        if len(directive.action) > 10_000:
            raise InputError("is longer than 10000 characters", field=f"{where}.action")
        for code in directive.bodies:
            if code not in bodies:
                raise InputError(
                    "is not a body of the registry", field=f"{where}.bodies", value=code
                )
        if len(set(directive.bodies)) != len(directive.bodies):
            raise InputError("names the same body twice", field=f"{where}.bodies")
        for code in directive.towns:
            if code not in towns:
                raise InputError("is not a settlement code", field=f"{where}.towns", value=code)
        if len(set(directive.towns)) != len(directive.towns):
            raise InputError("names the same town twice", field=f"{where}.towns")
        if directive.deadline is not None and directive.deadline_precision not in PRECISIONS:
            raise InputError("must be day, month or year", field=f"{where}.deadline_precision")
        if len(directive.deadline_phrase) > 200:
            raise InputError("is longer than 200 characters", field=f"{where}.deadline_phrase")
    for number, figure in enumerate(review.figures, 1):
        where = f"figures[{number}]"
        _check_span(figure.span, review.text, f"{where}.span")
        _check_span(figure.sentence, review.text, f"{where}.sentence")
        if not math.isfinite(figure.value):
            raise InputError("is not a finite number", field=f"{where}.value")
        if len(figure.unit) > 64 or len(figure.period) > 32:
            raise InputError("unit or period is too long", field=where)
        for code in figure.scope:
            if code not in towns:
                raise InputError("is not a settlement code", field=f"{where}.scope", value=code)
