"""What the analyst accepts: the proposals of one text as reviewed (edited, dropped or added).

Pure. A `Review` is what the accept step stores; `review_of(proposal, text)` is the review that
accepts every proposal as it is (the CLI's `--accept`), and `with_proposed` marks each reviewed
row with what intake had proposed for it, so a stored record keeps both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

from monotown.intake.model import Language, Precision, Proposal, Span


@dataclass(frozen=True)
class ReviewedEvent:
    on: date | None
    precision: Precision | None
    kind: str
    chair: str = ""
    speakers: tuple[tuple[str, str], ...] = ()  # (name, post)


@dataclass(frozen=True)
class ReviewedDirective:
    """One instruction to store: registry body codes, settlement codes, the resolved deadline."""

    action: str
    bodies: tuple[str, ...]
    towns: tuple[str, ...]
    deadline: date | None
    deadline_precision: Precision | None
    deadline_phrase: str
    span: Span
    key: str = ""
    proposed: str = ""  # what intake proposed, when the review changed it ("" = as proposed)

    def identity(self) -> tuple[frozenset[str], date | None, frozenset[str]]:
        """What makes two directives of one event the same: bodies, deadline, towns."""
        return frozenset(self.bodies), self.deadline, frozenset(self.towns)


@dataclass(frozen=True)
class ReviewedFigure:
    """One stated figure to store: base-unit value, unit, period, metric code, scope, span."""

    value: float
    unit: str
    period: str
    metric: str
    span: Span
    sentence: Span
    scope: tuple[str, ...] = ()
    qualifier: str = ""
    stated: str = ""
    key: str = ""
    proposed: str = ""


class StatedFigure(Protocol):
    """What a figure says, as a proposed `Figure` and an analyst's edited row both say it."""

    @property
    def value(self) -> float: ...
    @property
    def unit(self) -> str: ...
    @property
    def period(self) -> str: ...
    @property
    def metric(self) -> str: ...
    @property
    def qualifier(self) -> str: ...
    @property
    def stated(self) -> str: ...
    @property
    def key(self) -> str: ...


def reviewed_figure(
    figure: StatedFigure, span: Span, sentence: Span, scope: Iterable[str]
) -> ReviewedFigure:
    """The figure to store: what `figure` says, at `span` in `sentence`, for the towns `scope`."""
    return ReviewedFigure(
        value=figure.value,
        unit=figure.unit,
        period=figure.period,
        metric=figure.metric,
        span=span,
        sentence=sentence,
        scope=tuple(scope),
        qualifier=figure.qualifier,
        stated=figure.stated,
        key=figure.key,
    )


@dataclass(frozen=True)
class Review:
    text: str
    language: Language
    event: ReviewedEvent
    directives: tuple[ReviewedDirective, ...]
    figures: tuple[ReviewedFigure, ...]
    title: str = ""
    publisher: str = ""
    event_code: str = ""  # an existing event the text reports, chosen by the analyst
    figures_only: bool = False  # the analyst confirms a text without instructions is wanted
    notes: tuple[str, ...] = field(default=())

    @property
    def text_sha256(self) -> str:
        return text_digest(self.text)


def text_digest(text: str) -> str:
    """SHA-256 of the text as UTF-8: what a bundled event text's file hashes to."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def review_of(proposal: Proposal, text: str) -> Review:
    """Every proposal accepted as proposed."""
    event = proposal.event
    return Review(
        text=text,
        language=proposal.language,
        event=ReviewedEvent(
            on=event.on,
            precision=event.precision,
            kind=event.kind,
            chair=f"{event.chair.name}, {event.chair.post}" if event.chair else "",
            speakers=tuple((speaker.name, speaker.post) for speaker in event.speakers),
        ),
        directives=tuple(
            ReviewedDirective(
                action=directive.action,
                bodies=tuple(dict.fromkeys(body.code for body in directive.bodies)),
                towns=tuple(dict.fromkeys(town.code for town in directive.towns)),
                deadline=directive.deadline.on if directive.deadline else None,
                deadline_precision=directive.deadline.precision if directive.deadline else None,
                deadline_phrase=directive.deadline.phrase if directive.deadline else "",
                span=directive.span,
                key=directive.key,
            )
            for directive in proposal.directives
        ),
        figures=tuple(
            reviewed_figure(
                figure,
                figure.span,
                figure.sentence,
                dict.fromkeys(place.code for place in figure.scope),
            )
            for figure in proposal.figures
        ),
        title=first_line(text),
        notes=proposal.notes,
    )


def first_line(text: str, limit: int = 200) -> str:
    """The text's headline: its first non-empty line when that is short (a title, not the
    opening paragraph); "" otherwise."""
    for line in text.splitlines():
        if line.strip():
            words = " ".join(line.split())
            return words if len(words) <= limit else ""
    return ""


def _directive_words(directive: ReviewedDirective) -> str:
    deadline = (
        f"{directive.deadline.isoformat()} ({directive.deadline_precision})"
        if directive.deadline
        else "none"
    )
    return (
        f"bodies {', '.join(directive.bodies) or 'none'}; deadline {deadline}; "
        f"towns {', '.join(directive.towns) or 'none'}"
    )


def _figure_words(figure: ReviewedFigure) -> str:
    return f"{figure.value:g} {figure.unit}, period {figure.period or 'none'}, {figure.metric}"


def with_proposed(review: Review, proposal: Proposal, text: str) -> Review:
    """`review` with each row's `proposed` saying what intake proposed for the same key when the
    analyst changed it, and 'added in review' for a row intake did not propose."""
    original = review_of(proposal, text)
    directives = {item.key: item for item in original.directives}
    figures = {item.key: item for item in original.figures}
    marked_directives = []
    for directive in review.directives:
        before = directives.get(directive.key)
        if before is None:
            note = "added in review"
        elif before.identity() != directive.identity() or before.action != directive.action:
            note = f"proposed: {_directive_words(before)}"
        else:
            note = ""
        marked_directives.append(replace(directive, proposed=note))
    marked_figures = []
    for figure in review.figures:
        was = figures.get(figure.key)
        if was is None:
            note = "added in review"
        elif _figure_words(was) != _figure_words(figure):
            note = f"proposed: {_figure_words(was)}"
        else:
            note = ""
        marked_figures.append(replace(figure, proposed=note))
    return replace(review, directives=tuple(marked_directives), figures=tuple(marked_figures))
