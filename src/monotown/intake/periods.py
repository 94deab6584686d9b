"""The period a figure refers to: a year, a range of years, or a year said relative to the event."""

from __future__ import annotations

import re
from dataclasses import dataclass

from monotown.intake.calendar_words import NUMBER_WORD_PATTERN, NUMBER_WORDS


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    period: str


_RANGE = re.compile(
    r"(?:\bfrom\s+|\bс\s+)?\b((?:19|20)\d\d)\s*(?:-|–|—|\bto\b|\bпо\b|\bдо\b|\bthrough\b)\s*"
    r"((?:19|20)\d\d)\b",
    re.I,
)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b(?!\s*(?:-|–|—)\s*(?:19|20)\d\d)")
_RELATIVE: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"\b(?:this|the\s+current)\s+year\b|\bв\s+(?:этом|текущем|нынешнем)\s+году"
                r"|\bбиыл\w*|\bағымдағы\s+жыл\w*", re.I), 0),
    (re.compile(r"\blast\s+year\b|\bthe\s+previous\s+year\b|\bв\s+прошлом\s+году"
                r"|\bпрошлого\s+года|\bпо\s+итогам\s+прошлого\s+года|\bбылтыр\w*"
                r"|\bөткен\s+жыл\w*", re.I), -1),
    (re.compile(r"\bnext\s+year\b|\bв\s+следующем\s+году|\bкелесі\s+жыл\w*", re.I), 1),
]  # fmt: skip
_NEXT_YEARS = re.compile(
    rf"\b(?:in\s+the\s+next|over\s+the\s+next|в\s+ближайшие|в\s+течение\s+ближайших"
    rf"|алдағы)\s+(?P<count>\d+|{NUMBER_WORD_PATTERN})\s+(?:years|года|лет|жыл\w*)",
    re.I,
)


def period_mentions(sentence: str, event_year: int | None) -> list[PeriodMention]:
    """Every period stated in a sentence, with where it is said."""
    mentions: list[PeriodMention] = []
    taken: list[tuple[int, int]] = []
    for match in _RANGE.finditer(sentence):
        mentions.append(PeriodMention(match.start(), match.end(), f"{match[1]}-{match[2]}"))
        taken.append((match.start(), match.end()))
    for match in _YEAR.finditer(sentence):
        if not any(start <= match.start() < end for start, end in taken):
            mentions.append(PeriodMention(match.start(), match.end(), match[1]))
    if event_year is not None:
        for pattern, shift in _RELATIVE:
            for match in pattern.finditer(sentence):
                mentions.append(PeriodMention(match.start(), match.end(), str(event_year + shift)))
        for match in _NEXT_YEARS.finditer(sentence):
            text = match.group("count").lower()
            count = int(text) if text.isdigit() else NUMBER_WORDS.get(text, 1)
            period = f"{event_year}-{event_year + count - 1}" if count > 1 else str(event_year)
            mentions.append(PeriodMention(match.start(), match.end(), period))
    return mentions


def nearest_period(mentions: list[PeriodMention], position: int) -> str:
    """The period said closest to a figure; one said before it wins a tie."""
    best: tuple[int, str] | None = None
    for mention in mentions:
        distance = (
            position - mention.end if mention.end <= position else mention.start - position + 1
        )
        if best is None or distance < best[0]:
            best = (distance, mention.period)
    return best[1] if best else ""
