"""The request bodies of intake's two steps (propose, accept) and their way to a `Review`.

Shared by the API and the review page: the page's form is read into the same `AcceptIn`, so a
row the analyst edited is checked exactly like a row an API client sends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from monotown.i18n import Language
from monotown.intake.model import Language as TextLanguage
from monotown.intake.model import Proposal, Span
from monotown.intake.review import (
    Review,
    ReviewedDirective,
    review_of,
    reviewed_figure,
    with_proposed,
)

Precision = Literal["day", "month", "year"]
MAX_TEXT = 300_000
DATE_PATTERN = r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$"


class ProposalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT, description="The press text, whole.")
    date: str | None = Field(
        None,
        max_length=10,
        description="Event date: YYYY-MM-DD, YYYY-MM or YYYY (default: the text's first date).",
    )
    lang: Language | None = Field(None, description="kk, ru or en (default: detected).")

    def text_language(self) -> TextLanguage | None:
        """The chosen language as intake spells it; None: detect it from the text."""
        return self.lang.value if self.lang else None


class SpanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: int = Field(ge=0, le=10_000_000)
    end: int = Field(ge=0, le=10_000_000)

    def span(self) -> Span:
        return Span(self.start, self.end)


class DirectiveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: str = Field(min_length=1, max_length=10_000)
    bodies: list[str] = Field(default_factory=list, max_length=60, description="Body codes.")
    towns: list[str] = Field(default_factory=list, max_length=60, description="Town codes.")
    deadline: dt.date | None = None
    deadline_precision: Precision | None = None
    deadline_phrase: str = Field("", max_length=200)
    span: SpanIn
    key: str = Field("", max_length=80)


class FigureIn(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    value: float = Field(ge=-1e18, le=1e18)
    unit: str = Field("", max_length=64)
    period: str = Field("", max_length=32)
    metric: str = Field("", max_length=200)
    span: SpanIn
    sentence: SpanIn | None = Field(None, description="The sentence (default: the span).")
    scope: list[str] = Field(default_factory=list, max_length=60)
    qualifier: str = Field("", max_length=32)
    stated: str = Field("", max_length=1000)
    key: str = Field("", max_length=80)


class AcceptIn(ProposalIn):
    publisher: str = Field("", max_length=300, description="Who published the text.")
    event_code: str = Field(
        "", max_length=64, description="A stored event the text reports (default: found)."
    )
    figures_only: bool = Field(
        False, description="Store a text that states no directive for its figures alone."
    )
    directives: list[DirectiveIn] | None = Field(
        None, max_length=500, description="The reviewed directives (default: as proposed)."
    )
    figures: list[FigureIn] | None = Field(
        None, max_length=2000, description="The reviewed figures (default: as proposed)."
    )


class AcceptOut(BaseModel):
    batch_id: int | None = Field(description="The import batch (undo it to take it all back).")
    already_stored: bool
    event: str
    text: str
    created: dict[str, int]
    linked: dict[str, int]
    directives: list[str] = Field(description="Codes of the directives stored or linked.")
    facts: list[str] = Field(description="Keys of the program facts stored or linked.")
    links: dict[str, str]


def review_from(body: AcceptIn, proposal: Proposal) -> Review:
    """The review `body` describes: its rows when it gives them, the proposal's otherwise, each
    marked with what was proposed for it."""
    review = replace(
        review_of(proposal, body.text),
        publisher=body.publisher,
        event_code=body.event_code,
        figures_only=body.figures_only,
    )
    directives = review.directives
    if body.directives is not None:
        directives = tuple(
            ReviewedDirective(
                action=item.action.strip(),
                bodies=tuple(item.bodies),
                towns=tuple(item.towns),
                deadline=item.deadline,
                deadline_precision=item.deadline_precision or ("day" if item.deadline else None),
                deadline_phrase=item.deadline_phrase if item.deadline else "",
                span=item.span.span(),
                key=item.key,
            )
            for item in body.directives
        )
    figures = review.figures
    if body.figures is not None:
        figures = tuple(
            reviewed_figure(item, item.span.span(), (item.sentence or item.span).span(), item.scope)
            for item in body.figures
        )
    edited = replace(review, directives=directives, figures=figures)
    return with_proposed(edited, proposal, body.text)


def editable(proposal: Proposal) -> dict[str, Any]:
    """The proposal as an `AcceptIn` body's rows, ready to edit and send back."""
    return {
        "directives": [
            {
                "action": d.action,
                "bodies": list(dict.fromkeys(b.code for b in d.bodies)),
                "towns": list(dict.fromkeys(t.code for t in d.towns)),
                "deadline": d.deadline.on.isoformat() if d.deadline else None,
                "deadline_precision": d.deadline.precision if d.deadline else None,
                "deadline_phrase": d.deadline.phrase if d.deadline else "",
                "span": {"start": d.span.start, "end": d.span.end},
                "key": d.key,
            }
            for d in proposal.directives
        ],
        "figures": [
            {
                "value": int(f.value) if float(f.value).is_integer() else f.value,
                "unit": f.unit,
                "period": f.period,
                "metric": f.metric,
                "span": {"start": f.span.start, "end": f.span.end},
                "sentence": {"start": f.sentence.start, "end": f.sentence.end},
                "scope": list(dict.fromkeys(p.code for p in f.scope)),
                "qualifier": f.qualifier,
                "stated": f.stated,
                "key": f.key,
            }
            for f in proposal.figures
        ],
    }
