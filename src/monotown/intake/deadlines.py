"""Deadlines stated in an instruction, resolved against the date of the event that issued it.

"by December 1 of this year", "до 1 октября", "1 желтоқсанға дейін" (a day of a month: this
year's if still ahead, else next year's); "by the end of this year", "до конца года", "жыл
соңына дейін"; "within two weeks", "в течение года", "екі апта ішінде" (a term from the event);
"by 2028", "до 2030 года" (a year). No phrase, no deadline: nothing is guessed.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from monotown.intake.calendar_words import (
    MONTH_PATTERN,
    MONTHS,
    NUMBER_WORD_PATTERN,
    NUMBER_WORDS,
    RUSSIAN_TERM_PREFIX,
)
from monotown.intake.model import Deadline, Precision, Span


@dataclass(frozen=True)
class EventDate:
    """The date an instruction was issued, as precise as it is known."""

    on: date
    precision: Precision = "day"


Resolver = Callable[[re.Match[str], EventDate], tuple[date, Precision] | None]

_M = MONTH_PATTERN
_N = rf"(?:\d{{1,3}}|{NUMBER_WORD_PATTERN})"
_UNIT_EN = r"(?:(?:working|business|calendar)\s+)?(?P<unit>days?|weeks?|months?|years?)"
_UNIT_RU = (
    r"(?:(?:рабочих|календарных)\s+)?"
    r"(?P<unit>дн(?:я|ей|ь)|день|недел[иьюя]|недель|месяц(?:а|ев)?|года?|лет)"
)
_UNIT_KK = r"(?P<unit>күн|апта|ай|жыл)"
_THIS_YEAR = (
    r"(?P<rel>this|the\s+current|current|next|the\s+next|текущего|этого|сего|следующего"
    r"|биылғы|ағымдағы|келесі)"
)


def _month_day(match: re.Match[str], event: EventDate) -> tuple[date, Precision] | None:
    month = MONTHS[match.group("month").lower()]
    day = int(match.group("day"))
    year = _year_of(match, event)
    if year is None:
        year = event.on.year
        if event.precision == "day" and (month, day) < (event.on.month, event.on.day):
            year += 1
    try:
        return date(year, month, day), "day"
    except ValueError:
        return None


def _month_only(match: re.Match[str], event: EventDate) -> tuple[date, Precision] | None:
    month = MONTHS[match.group("month").lower()]
    year = _year_of(match, event)
    if year is None:
        year = event.on.year + (1 if event.precision != "year" and month < event.on.month else 0)
    return date(year, month, calendar.monthrange(year, month)[1]), "month"


def _end_of_year(match: re.Match[str], event: EventDate) -> tuple[date, Precision] | None:
    year = _year_of(match, event) or event.on.year
    return date(year, 12, 31), "day"


def _end_of_month(match: re.Match[str], event: EventDate) -> tuple[date, Precision] | None:
    if event.precision == "year":
        return None
    year, month = event.on.year, event.on.month
    return date(year, month, calendar.monthrange(year, month)[1]), "day"


def _half_year(match: re.Match[str], event: EventDate) -> tuple[date, Precision] | None:
    return _ahead(date(_year_of(match, event) or event.on.year, 6, 30), match, event), "day"


def _ahead(day: date, match: re.Match[str], event: EventDate) -> date:
    """A period end said without a year is the next one still ahead of the event."""
    explicit = match.groupdict().get("year") or match.groupdict().get("rel")
    if explicit or event.precision != "day" or day >= event.on:
        return day
    return day.replace(year=day.year + 1)


_QUARTERS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4,
    "первого": 1, "второго": 2, "третьего": 3, "четвертого": 4, "четвёртого": 4,
    "бірінші": 1, "екінші": 2, "үшінші": 3, "төртінші": 4, "1": 1, "2": 2, "3": 3, "4": 4,
}  # fmt: skip


def _quarter(match: re.Match[str], event: EventDate) -> tuple[date, Precision] | None:
    quarter = _QUARTERS.get(match.group("quarter").lower())
    if quarter is None:
        return None
    year = _year_of(match, event) or event.on.year
    month = 3 * quarter
    end = date(year, month, calendar.monthrange(year, month)[1])
    ahead = _ahead(end, match, event)
    return ahead.replace(day=calendar.monthrange(ahead.year, month)[1]), "day"


def _a_year(match: re.Match[str], event: EventDate) -> tuple[date, Precision] | None:
    return date(int(match.group("year")), 12, 31), "year"


def _within(match: re.Match[str], event: EventDate) -> tuple[date, Precision] | None:
    count_text = (match.groupdict().get("count") or "1").lower()
    count = int(count_text) if count_text.isdigit() else NUMBER_WORDS.get(count_text, 1)
    unit = match.group("unit").lower()
    if re.search(r"working|business|рабочих", match.group(0), re.I):
        return _add_working_days(event, count), event.precision
    return _add(event, count, unit)


def _add_working_days(event: EventDate, count: int) -> date:
    """Monday to Friday; public holidays are not known here, so the day may come early."""
    day = event.on
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _russian_term(match: re.Match[str], event: EventDate) -> tuple[date, Precision] | None:
    count = RUSSIAN_TERM_PREFIX.get(match.group("prefix").lower(), 1)
    return _add(event, count, match.group("unit").lower())


def _add(event: EventDate, count: int, unit: str) -> tuple[date, Precision]:
    start = event.on
    if unit.startswith(("day", "дн", "ден", "күн")):
        result = start + timedelta(days=count)
    elif unit.startswith(("week", "недел", "апта")):
        result = start + timedelta(weeks=count)
    elif unit.startswith(("month", "месяч", "месяц", "ай")):
        result = _add_months(start, count)
    else:
        result = _add_months(start, 12 * count)
    precision: Precision = "day" if event.precision == "day" else event.precision
    return result, precision


def _add_months(start: date, months: int) -> date:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _year_of(match: re.Match[str], event: EventDate) -> int | None:
    groups = match.groupdict()
    if groups.get("year"):
        return int(groups["year"])
    relative = (groups.get("rel") or "").lower()
    if not relative:
        return None
    if relative.endswith(("next", "следующего", "келесі")):
        return event.on.year + 1
    return event.on.year


_RULES: list[tuple[str, re.Pattern[str], Resolver]] = [
    # English
    ("month-day", re.compile(
        rf"\b(?:by|until|till|before|no\s+later\s+than|not\s+later\s+than)\s+(?:the\s+)?"
        rf"(?P<month>{_M})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
        rf"(?:,?\s+(?P<year>\d{{4}}))?(?:,?\s+of\s+{_THIS_YEAR}\s+year)?", re.I), _month_day),
    ("month-day", re.compile(
        rf"\b(?:by|until|till|before|no\s+later\s+than|not\s+later\s+than)\s+(?:the\s+)?"
        rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_M})"
        rf"(?:,?\s+(?P<year>\d{{4}}))?(?:,?\s+of\s+{_THIS_YEAR}\s+year)?", re.I), _month_day),
    ("end-of-year", re.compile(
        rf"\b(?:by|until|before)\s+the\s+end\s+of\s+(?:{_THIS_YEAR}\s+year|the\s+year"
        rf"|(?P<year>\d{{4}}))|\bby\s+(?:the\s+)?year[-\s]end", re.I), _end_of_year),
    ("end-of-month", re.compile(
        r"\b(?:by|until|before)\s+the\s+end\s+of\s+(?:this|the\s+current|the)\s+month", re.I),
        _end_of_month),
    ("half-year", re.compile(
        rf"\b(?:by|until|before|in)\s+the\s+(?:end\s+of\s+the\s+)?first\s+half\s+of"
        rf"\s+(?:{_THIS_YEAR}\s+year|the\s+year|(?P<year>\d{{4}}))", re.I), _half_year),
    ("within", re.compile(
        rf"\b(?:within|in\s+the\s+next|during\s+the\s+next)\s+(?:the\s+next\s+)?"
        rf"(?:(?P<count>{_N})\s+)?{_UNIT_EN}", re.I), _within),
    ("within", re.compile(
        rf"\bwithin\s+(?:a|an|the)\s+(?P<count>{_N})[-\s]{_UNIT_EN}\s+(?:period|term)", re.I),
        _within),
    ("end-of-quarter", re.compile(
        rf"\b(?:by|until|before)\s+the\s+end\s+of\s+the\s+(?P<quarter>first|second|third|fourth)"
        rf"\s+quarter(?:\s+of\s+(?:{_THIS_YEAR}\s+year|(?P<year>\d{{4}})))?", re.I), _quarter),
    ("month", re.compile(
        rf"\b(?:by|until|before)\s+(?:the\s+end\s+of\s+)?(?P<month>{_M})"
        rf"(?:\s+(?P<year>\d{{4}}))?\b(?!\s*\d)", re.I), _month_only),
    ("year", re.compile(r"\b(?:by|until|before)\s+(?:the\s+end\s+of\s+)?(?P<year>20\d\d)\b",
        re.I), _a_year),
    # Russian
    ("month-day", re.compile(
        rf"(?:\bдо|\bк|\bне\s+позднее|\bне\s+позже|\bв\s+срок\s+до)\s+(?P<day>\d{{1,2}})"
        rf"\s+(?P<month>{_M})(?:\s+(?P<year>\d{{4}})\s*(?:г\.|года|г)?)?"
        rf"(?:\s+{_THIS_YEAR}\s+года)?", re.I), _month_day),
    ("end-of-year", re.compile(
        rf"\b(?:до|к)\s+конц[ау]\s+(?:{_THIS_YEAR}\s+)?(?:(?P<year>\d{{4}})\s+)?года", re.I),
        _end_of_year),
    ("end-of-month", re.compile(r"\b(?:до|к)\s+конц[ау]\s+(?:текущего\s+|этого\s+)?месяца",
        re.I), _end_of_month),
    ("half-year", re.compile(r"\b(?:до|к)\s+конц[ау]\s+первого\s+полугодия", re.I), _half_year),
    ("end-of-quarter", re.compile(
        rf"\b(?:до|к)\s+конц[ау]\s+(?P<quarter>I{{1,3}}V?|IV|первого|второго|третьего"
        rf"|четвертого|четвёртого|\d)(?:-?го)?\s+квартала(?:\s+(?:{_THIS_YEAR}\s+года"
        rf"|(?P<year>\d{{4}})\s+года))?", re.I), _quarter),
    ("within", re.compile(
        r"\bв\s+(?P<count>\d{1,2})-?(?P<unit>недельный|месячный|дневный)\s+срок", re.I),
        _within),
    ("within", re.compile(
        rf"\bв\s+течение\s+(?:(?P<count>{_N})\s+)?{_UNIT_RU}", re.I), _within),
    ("within", re.compile(
        r"\bв\s+(?P<prefix>(?:одно|двух|трех|трёх|четырех|пяти|шести|десяти|пятнадцати"
        r"|тридцати)?)(?P<unit>недельный|месячный|дневный|годичный|годовой)\s+срок", re.I),
        _russian_term),
    ("within", re.compile(
        r"\bв\s+(?P<prefix>(?:двух|трех|трёх|четырех|пяти|шести|десяти|пятнадцати|тридцати))"
        r"(?P<unit>недельный|месячный|дневный)\s+срок", re.I), _russian_term),
    ("year", re.compile(r"\b(?:до|к)\s+(?P<year>20\d\d)\s+(?:года|году)", re.I), _a_year),
    # Kazakh
    ("month-day", re.compile(
        rf"(?:(?P<year>\d{{4}})\s+жыл(?:ғы|дың)\s+|{_THIS_YEAR}\s+(?:жылғы\s+|жылдың\s+)?)?"
        rf"(?P<day>\d{{1,2}})"
        rf"\s+(?P<month>{_M})[а-яәғқңөұүһі]*\s+(?:дейін|шейін|кешіктірмей)", re.I),
        _month_day),
    ("month-day", re.compile(
        rf"(?P<month>{_M})(?:дың|дің|тың|тің|ның|нің)\s+(?P<day>\d{{1,2}})"
        rf"[-\s]?[а-яәғқңөұүһі]*\s+(?:дейін|шейін|кешіктірмей)", re.I), _month_day),
    ("end-of-year", re.compile(
        rf"(?:(?:{_THIS_YEAR}|(?P<year>\d{{4}}))\s+)?жыл(?:дың)?\s+соңына\s+(?:дейін|шейін)",
        re.I), _end_of_year),
    ("end-of-month", re.compile(r"\bай\s+соңына\s+(?:дейін|шейін)", re.I), _end_of_month),
    ("end-of-quarter", re.compile(
        r"(?P<quarter>бірінші|екінші|үшінші|төртінші|I{1,3}V?|IV|\d)(?:-ші)?\s+тоқсан\w*"
        r"\s+соңына\s+(?:дейін|шейін)", re.I), _quarter),
    ("within", re.compile(
        rf"(?:(?P<count>{_N})\s+){_UNIT_KK}\s+(?:ішінде|мерзімде|ішінде)", re.I), _within),
    ("year", re.compile(r"(?P<year>20\d\d)\s+жыл(?:ға|дың\s+соңына)\s+дейін", re.I), _a_year),
]  # fmt: skip


# Said in an instruction with no other term, "in 2025" / "в 2025 году" / "2025 жылы" is its year.
_IN_A_YEAR: list[tuple[str, re.Pattern[str], Resolver]] = [
    (
        "in-year",
        re.compile(r"\b(?:in|during)\s+(?P<year>20\d\d)\b(?!\s*[-–—]\s*\d)", re.I),
        _a_year,
    ),
    ("in-year", re.compile(r"\bв\s+(?P<year>20\d\d)\s+году\b", re.I), _a_year),
    ("in-year", re.compile(r"(?P<year>20\d\d)\s+жылы\b", re.I), _a_year),
]


def find_deadline(text: str, event: EventDate, base: int = 0) -> Deadline | None:
    """The first deadline stated in `text`; spans are offset by `base` into the whole text.

    A bare year ("in 2025") counts only when no other term is stated and it is not in the past.
    """
    found = _first(text, event, base, _RULES)
    if found is None:
        found = _first(text, event, base, _IN_A_YEAR)
        if found is not None and found.on.year < event.on.year:
            return None
    return found


def _first(
    text: str, event: EventDate, base: int, rules: list[tuple[str, re.Pattern[str], Resolver]]
) -> Deadline | None:
    best: tuple[int, Deadline] | None = None
    for rule, pattern, resolve in rules:
        for match in pattern.finditer(text):
            resolved = resolve(match, event)
            if resolved is None:
                continue
            on, precision = resolved
            deadline = Deadline(
                on=on,
                precision=precision,
                phrase=match.group(0).strip(),
                span=Span(base + match.start(), base + match.end()),
                rule=rule,
            )
            if best is None or match.start() < best[0]:
                best = (match.start(), deadline)
            break
    return best[1] if best else None


def deadline_spans(text: str, event: EventDate) -> list[Span]:
    """Every deadline phrase in the text, so the figure reader skips their numbers."""
    spans: list[Span] = []
    for _rule, pattern, resolve in _RULES:
        spans.extend(
            Span(match.start(), match.end())
            for match in pattern.finditer(text)
            if resolve(match, event) is not None
        )
    return spans
