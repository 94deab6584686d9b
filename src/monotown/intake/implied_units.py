"""Units a figure's own words leave out, taken from its sentence.

"a total population of 1.53 million" (persons), "18.8 billion tenge, of which about 10 billion"
(tenge), "from 92.3 thousand to 100.2 thousand" after "the number of operating SMEs"
(enterprises), "Из 41 проекта 29 работают" (projects).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monotown.intake.model import Span
from monotown.intake.morphology import tokenize
from monotown.intake.units import count_unit

_POPULATION = ("population", "residents", "inhabitants", "населени", "жител", "халқ", "халық",
               "тұрғын")  # fmt: skip
_COUNT_OF = re.compile(
    r"\b(?:number|count)\s+of\s+(?P<after>(?:[\w-]+\s+){0,2}[\w-]+)"
    r"|\b(?:количество|число|численность)\s+(?P<after_ru>(?:[\w-]+\s+){0,2}[\w-]+)"
    r"|(?P<before_kk>[\w-]+)\s+саны",
    re.I,
)


@dataclass(frozen=True)
class StatedFigure:
    """A figure as read from one sentence, before the period, scope and metric are added."""

    value: float
    unit: str
    scale: str
    qualifier: str
    span: Span
    context_unit: bool  # the unit comes from the words around it, not after it


def is_bare(sentence: str, start: int, end: int) -> bool:
    """A plain count with its noun left out: "29 успешно функционируют"."""
    after = sentence[end : end + 2]
    before = sentence[max(0, start - 1) : start]
    return not re.match(r"[-–—./:%]", after) and before not in {"-", "–", "№", "#"}


def elided(
    sentence: str, figures: list[StatedFigure], bare: list[StatedFigure]
) -> list[StatedFigure]:
    """ "Из 41 проекта 29 работают, 9 строятся, 3 проекта простаивают": the counts share a unit.

    Only where the sentence itself says so: a part-of construction ("из 41", "out of 41") or
    at least two counts of the same unit around the bare number.
    """
    counts = [f for f in figures if f.unit and f.unit not in {"KZT", "USD", "percent", "MCI"}]
    if not bare or not counts:
        return []
    units = {f.unit for f in counts}
    part_of = re.search(r"\b(?:из|out\s+of|of\s+the)\s+\d", sentence, re.I)
    if len(units) != 1 or not (part_of or len(counts) >= 2):
        return []
    unit = units.pop()
    return [
        StatedFigure(f.value, unit, "", "", f.span, True)
        for f in bare
        if not (1900 <= f.value <= 2100)
    ]


def inherit_units(sentence: str, figures: list[StatedFigure], base: int) -> list[StatedFigure]:
    """Give a unitless scaled figure the unit its sentence implies."""
    result: list[StatedFigure] = []
    for position, figure in enumerate(figures):
        if figure.unit:
            result.append(figure)
            continue
        local = figure.span.start - base
        unit = ""
        if any(word in sentence[max(0, local - 40) : local].lower() for word in _POPULATION):
            unit = "person"
        earlier = [f for f in result if f.unit in {"KZT", "USD"}]
        if not unit and figure.scale and earlier:
            unit = earlier[-1].unit
        if not unit:
            unit = _range_partner(sentence, figure, figures[position + 1 :], base)
        if not unit:
            unit = _counted_noun(sentence[:local])
        result.append(
            StatedFigure(figure.value, unit, figure.scale, figure.qualifier, figure.span, True)
        )
    return result


def _range_partner(
    sentence: str, figure: StatedFigure, later: list[StatedFigure], base: int
) -> str:
    """ "from 92.3 to 100.2 thousand jobs": the first number shares the second's unit."""
    if not later or not later[0].unit:
        return ""
    between = sentence[figure.span.end - base : later[0].span.start - base]
    if re.fullmatch(r"\s*(?:to|до|по|and|и|–|-|—)\s*", between, re.I):
        return later[0].unit
    return ""


def _counted_noun(before: str) -> str:
    """ "The number of operating SMEs ... from 92.3 thousand": the counted noun is the unit."""
    for match in _COUNT_OF.finditer(before):
        words = match.group("after") or match.group("after_ru") or match.group("before_kk")
        for token in tokenize(words, "any"):
            if token.is_word and (unit := count_unit(token)):
                return unit
    return ""
