"""Scoring intake against a labelled set: directive and figure recall and precision.

A labelled text is `NAME.txt` beside `NAME.yaml` (event_date, language, directives with
deadline/bodies/towns, figures with value/unit). A proposed directive matches a labelled one when
the deadlines agree (or both are none), they share a body (or both name none) and, where the label
gives towns, the towns overlap; a figure matches when the unit agrees and the value is within
0.5 %. Matching is one to one, in text order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import yaml

from monotown.intake.deadlines import EventDate
from monotown.intake.model import Language, Proposal

T = TypeVar("T")


@dataclass(frozen=True)
class DirectiveLabel:
    deadline: date | None
    bodies: frozenset[str]
    towns: frozenset[str]


@dataclass(frozen=True)
class FigureLabel:
    value: float
    unit: str


@dataclass(frozen=True)
class LabelledText:
    name: str
    text: str
    language: Language
    event: EventDate
    directives: tuple[DirectiveLabel, ...]
    figures: tuple[FigureLabel, ...]


@dataclass
class Tally:
    """Matched, proposed and labelled counts; recall and precision follow."""

    matched: int = 0
    proposed: int = 0
    labelled: int = 0

    def add(self, other: Tally) -> None:
        self.matched += other.matched
        self.proposed += other.proposed
        self.labelled += other.labelled

    @property
    def recall(self) -> float:
        return self.matched / self.labelled if self.labelled else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.proposed if self.proposed else 1.0


@dataclass
class Score:
    directives: Tally = field(default_factory=Tally)
    figures: Tally = field(default_factory=Tally)
    misses: list[str] = field(default_factory=list)
    exact_bodies: int = 0  # matched directives whose bodies are exactly the labelled ones

    def add(self, other: Score) -> None:
        self.directives.add(other.directives)
        self.figures.add(other.figures)
        self.misses.extend(other.misses)
        self.exact_bodies += other.exact_bodies


def parse_label_date(value: Any) -> EventDate:
    text = str(value)
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 3:
        return EventDate(date(*parts), "day")
    if len(parts) == 2:
        return EventDate(date(parts[0], parts[1], 1), "month")
    return EventDate(date(parts[0], 1, 1), "year")


def load_labelled(directory: Path) -> list[LabelledText]:
    """Every `*.yaml` label in `directory` with the text it names."""
    texts: list[LabelledText] = []
    for label_path in sorted(directory.glob("*.yaml")):
        label = yaml.safe_load(label_path.read_text(encoding="utf-8"))
        text = (directory / label["text"]).read_text(encoding="utf-8")
        texts.append(
            LabelledText(
                name=label_path.stem,
                text=text,
                language=label["language"],
                event=parse_label_date(label["event_date"]),
                directives=tuple(
                    DirectiveLabel(
                        deadline=date.fromisoformat(str(item["deadline"]))
                        if item.get("deadline")
                        else None,
                        bodies=frozenset(item.get("bodies") or ()),
                        towns=frozenset(item.get("towns") or ()),
                    )
                    for item in label.get("directives") or ()
                ),
                figures=tuple(
                    FigureLabel(float(item["value"]), str(item["unit"]))
                    for item in label.get("figures") or ()
                ),
            )
        )
    return texts


def score(labelled: LabelledText, proposal: Proposal) -> Score:
    """Compare one proposal with its labels."""
    result = Score()
    proposed = [
        DirectiveLabel(
            d.deadline.on if d.deadline else None,
            frozenset(b.code for b in d.bodies),
            frozenset(t.code for t in d.towns),
        )
        for d in proposal.directives
    ]
    result.directives = _match(labelled.directives, proposed, _directive_agrees)
    result.exact_bodies = sum(
        1
        for label, found in _matched_pairs(labelled.directives, proposed)
        if label.bodies == found.bodies
    )
    figures = [FigureLabel(f.value, f.unit) for f in proposal.figures]
    result.figures = _match(labelled.figures, figures, _figure_agrees)
    unmatched = _unmatched(labelled.directives, proposed, _directive_agrees)
    result.misses += [f"{labelled.name}: missed directive {item}" for item in unmatched[0]]
    result.misses += [f"{labelled.name}: extra directive {item}" for item in unmatched[1]]
    unmatched_figures = _unmatched(labelled.figures, figures, _figure_agrees)
    result.misses += [f"{labelled.name}: missed figure {item}" for item in unmatched_figures[0]]
    result.misses += [f"{labelled.name}: extra figure {item}" for item in unmatched_figures[1]]
    return result


def _directive_agrees(label: DirectiveLabel, proposed: DirectiveLabel) -> bool:
    if label.deadline != proposed.deadline:
        return False
    bodies = bool(label.bodies & proposed.bodies) or (not label.bodies and not proposed.bodies)
    towns = not label.towns or bool(label.towns & proposed.towns)
    return bodies and towns


def _figure_agrees(label: FigureLabel, proposed: FigureLabel) -> bool:
    if label.unit != proposed.unit:
        return False
    return abs(label.value - proposed.value) <= 0.005 * max(abs(label.value), 1e-9)


def _pairs(
    labels: Iterable[T], proposed: list[T], agrees: Callable[[T, T], bool]
) -> tuple[list[T], list[T]]:
    free = list(proposed)
    missed: list[T] = []
    for label in labels:
        for index, candidate in enumerate(free):
            if agrees(label, candidate):
                del free[index]
                break
        else:
            missed.append(label)
    return missed, free


def _matched_pairs(
    labels: tuple[DirectiveLabel, ...], proposed: list[DirectiveLabel]
) -> list[tuple[DirectiveLabel, DirectiveLabel]]:
    free = list(proposed)
    pairs: list[tuple[DirectiveLabel, DirectiveLabel]] = []
    for label in labels:
        for index, candidate in enumerate(free):
            if _directive_agrees(label, candidate):
                pairs.append((label, free.pop(index)))
                break
    return pairs


def _match(labels: tuple[T, ...], proposed: list[T], agrees: Callable[[T, T], bool]) -> Tally:
    missed, _extra = _pairs(labels, proposed, agrees)
    return Tally(matched=len(labels) - len(missed), proposed=len(proposed), labelled=len(labels))


def _unmatched(
    labels: tuple[T, ...], proposed: list[T], agrees: Callable[[T, T], bool]
) -> tuple[list[T], list[T]]:
    return _pairs(labels, proposed, agrees)
