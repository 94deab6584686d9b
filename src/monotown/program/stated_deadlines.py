"""Deadlines as texts state them ("by the end of this year", "within two weeks", "by December 1
of this year"), resolved against the date of the event that issued the instruction.

Pure functions. An event known only to the month or the year can still resolve a deadline that
names its own day ("by December 1 of this year") but not a relative one ("within two weeks"):
that stays unresolved (None) rather than guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS_RU = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "одного": 1, "одной": 1, "двух": 2, "трех": 3, "трёх": 3, "четырех": 4, "пяти": 5, "шести": 6,
}  # fmt: skip
_UNITS = {
    "day": "days", "days": "days", "week": "weeks", "weeks": "weeks", "month": "months",
    "months": "months", "year": "years", "years": "years", "дня": "days", "дней": "days",
    "недели": "weeks", "недель": "weeks", "месяца": "months", "месяцев": "months",
    "года": "years", "лет": "years",
}  # fmt: skip
_PRECISIONS = ("day", "month", "year")

_END_OF_YEAR = re.compile(
    r"(?:by|until|before) the end of (this|the current|the|next) year|"
    r"до конца (этого|текущего|следующего)? ?года"
)
_END_OF_GIVEN_YEAR = re.compile(
    r"(?:by|until|before) (?:the end of )?(\d{4})\b(?![-./]\d)|до конца (\d{4})"
)
_WITHIN = re.compile(
    r"(?:within|in|в течение|в течении) (\d+|[a-zа-яё]+) "
    r"(days?|weeks?|months?|years?|дн(?:я|ей)|недел[ьи]|месяц(?:а|ев)|года|лет)\b"
)
_MONTH_DAY = re.compile(
    r"(?:by|until|before|no later than) ([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,? (?:of )?(this|next|the current) year|,? (\d{4}))?"
)
_DAY_MONTH = re.compile(
    r"(?:by|until|before|no later than|до) (\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-zа-яё]+)"
    r"(?:,? (?:of )?(this|next|the current) year|,? (\d{4}))?"
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def resolve_stated_deadline(
    stated: str | None, issued_on: dt.date | None, precision: str = "day"
) -> dt.date | None:
    """The date a stated deadline means for an instruction issued on `issued_on`, known to
    `precision` ('day', 'month' or 'year'); None when the words give no date or cannot be
    resolved without guessing."""
    if precision not in _PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(_PRECISIONS)}")
    if not stated:
        return None
    words = re.sub(r"\s+", " ", stated.casefold()).strip()
    if (match := _ISO.search(words)) is not None:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    if issued_on is None:
        return None
    if (match := _END_OF_YEAR.search(words)) is not None:
        which = match[1] or match[2] or "this"
        return dt.date(issued_on.year + (1 if which in ("next", "следующего") else 0), 12, 31)
    if (match := _END_OF_GIVEN_YEAR.search(words)) is not None:
        return dt.date(int(match[1] or match[2]), 12, 31)
    if (match := _WITHIN.search(words)) is not None:
        return _after(issued_on, precision, match[1], match[2])
    for pattern, month_group, day_group in ((_MONTH_DAY, 1, 2), (_DAY_MONTH, 2, 1)):
        for match in pattern.finditer(words):
            month = _MONTHS.get(match[month_group]) or _MONTHS_RU.get(match[month_group])
            if month is not None:
                return _named_day(issued_on, precision, month, int(match[day_group]), match)
    return None


def _after(issued_on: dt.date, precision: str, amount: str, unit: str) -> dt.date | None:
    if precision != "day":
        return None
    count = int(amount) if amount.isdigit() else _NUMBERS.get(amount)
    span = _UNITS.get(unit)
    if count is None or span is None:
        return None
    if span == "days":
        return issued_on + dt.timedelta(days=count)
    if span == "weeks":
        return issued_on + dt.timedelta(weeks=count)
    months = count * (12 if span == "years" else 1)
    year, month = divmod(issued_on.month - 1 + months, 12)
    year += issued_on.year
    day = min(issued_on.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day)


def _named_day(
    issued_on: dt.date, precision: str, month: int, day: int, match: re.Match[str]
) -> dt.date | None:
    which, year_text = match[3], match[4]
    if year_text:
        year = int(year_text)
    elif which == "next":
        year = issued_on.year + 1
    elif which is not None:
        year = issued_on.year
    else:
        # No year stated: the next such day after the instruction, if the event's date allows.
        year = issued_on.year
        known = {
            "day": (month, day) < (issued_on.month, issued_on.day),
            "month": month < issued_on.month,
        }
        if precision == "year":
            return None
        if known[precision]:
            year += 1
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
