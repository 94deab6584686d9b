"""Stated figures: a number, its scale and unit, what it is qualified by.

"456.6 billion tenge", "1,4 трлн тенге", "more than 10 thousand jobs", "64%", "1.53 million"
(persons, from "population of"), "10 мыңнан астам жұмыс орны". Years, dates, deadline terms,
multipliers ("3.5-fold") and time spans ("over 20 years") are not figures.
"""

from __future__ import annotations

import re

from monotown.intake.calendar_words import MONTHS
from monotown.intake.implied_units import StatedFigure, elided, inherit_units, is_bare
from monotown.intake.language import KAZAKH_LETTERS
from monotown.intake.model import Language, Span
from monotown.intake.morphology import Token, tokenize
from monotown.intake.numbers import numbers_in
from monotown.intake.units import (
    MCI_WORDS,
    count_unit,
    currency_of,
    is_percent,
    is_time_span,
    park_residents,
    scale_of,
)

_QUALIFIERS_BEFORE: list[tuple[str, str]] = [
    ("more than", "more_than"), ("over", "more_than"), ("above", "more_than"),
    ("in excess of", "more_than"), ("exceeding", "more_than"), ("upwards of", "more_than"),
    ("about", "about"), ("around", "about"), ("approximately", "about"), ("nearly", "about"),
    ("almost", "about"), ("roughly", "about"), ("some", "about"), ("up to", "up_to"),
    ("at least", "at_least"), ("no less than", "at_least"), ("less than", "less_than"),
    ("fewer than", "less_than"), ("under", "less_than"),
    ("более", "more_than"), ("свыше", "more_than"), ("больше", "more_than"),
    ("около", "about"), ("порядка", "about"), ("почти", "about"), ("примерно", "about"),
    ("приблизительно", "about"), ("до", "up_to"), ("не менее", "at_least"),
    ("как минимум", "at_least"), ("менее", "less_than"),
    ("шамамен", "about"), ("кем дегенде", "at_least"), ("жуық", "about"),
]  # fmt: skip
_QUALIFIERS_AFTER = {"астам": "more_than", "артық": "more_than", "жуық": "about",
                     "шамасында": "about", "дейін": "up_to", "кем": "less_than"}  # fmt: skip
_STOP_WORDS = frozenset(
    [
        "of",
        "in",
        "for",
        "with",
        "worth",
        "to",
        "from",
        "at",
        "by",
        "on",
        "and",
        "or",
        "was",
        "were",
        "is",
        "are",
        "has",
        "have",
        "had",
        "which",
        "that",
        "в",
        "на",
        "за",
        "с",
        "по",
        "из",
        "для",
        "и",
        "или",
        "был",
        "была",
        "были",
        "это",
        "который",
        "жылы",
        "және",
        "мен",
        "үшін",
    ]
)


# A month with a Kazakh or Russian case ending ("қазанға", "желтоқсанның"), not "қазандық".
_INFLECTED_MONTH = re.compile(
    r"^(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
    r"(?:ға|ге|қа|ке|да|де|та|те|ның|нің|дың|дің|тың|тің|ы|і|нан|нен|дан|ден|тан|тен)?$"
)


def read_figures(
    sentence: str, language: Language, base: int = 0, skip: list[Span] | None = None
) -> list[StatedFigure]:
    """Figures in one sentence; `skip` holds spans (deadlines, dates) whose numbers are not."""
    skip = skip or []
    found: list[StatedFigure] = []
    bare: list[StatedFigure] = []
    for start, end, value, has_fraction in numbers_in(sentence, language):
        if any(s.start <= base + start < s.end for s in skip):
            continue
        figure = _figure_at(sentence, language, start, end, value, has_fraction, base)
        if figure is not None:
            found.append(figure)
        elif value == int(value) and not has_fraction and is_bare(sentence, start, end):
            bare.append(StatedFigure(value, "", "", "", Span(base + start, base + end), True))
    found = inherit_units(sentence, found, base)
    return sorted(found + elided(sentence, found, bare), key=lambda f: f.span.start)


def _figure_at(
    sentence: str,
    language: Language,
    start: int,
    end: int,
    value: float,
    has_fraction: bool,
    base: int,
) -> StatedFigure | None:
    suffix = re.match(r"-[а-яәғқңөұүһі]{1,5}\b", sentence[end : end + 7])
    if suffix:  # Kazakh case endings join digits with a hyphen: "800-ден астам"
        end += suffix.end()
    after = tokenize(sentence[end : end + 90], language, base + end)
    before_text = sentence[max(0, start - 30) : start].lower()
    if sentence[end : end + 1] == "-" and not sentence[end : end + 2].startswith("- "):
        return None  # "3.5-fold", "2024-04-02", "2023-2027"
    if start > 0 and sentence[start - 1] in "-–—" and sentence[start - 2 : start - 1].isdigit():
        return None
    written = sentence[start:end]
    if _is_date(before_text, after) or _is_year(written, value, has_fraction, before_text, after):
        return None
    index = 0
    scale_name, multiplier = "", 1.0
    if after and (scaled := scale_of(after[0])) is not None:
        scale_name, multiplier = scaled
        index = 1
        if index < len(after) and after[index].text == ".":
            index += 1
    unit, unit_end = _unit_after(after, index, sentence, end, base)
    if unit is None:
        return None
    prefix = _currency_before(before_text)
    if not unit and prefix:
        unit = prefix
    if not unit and not scale_name:
        return None
    span_end = unit_end if unit_end is not None else (after[index - 1].end if index else base + end)
    qualifier = _qualifier(before_text, after, index)
    return StatedFigure(
        value=value * multiplier,
        unit=unit,
        scale=scale_name,
        qualifier=qualifier,
        span=Span(base + start, span_end),
        context_unit=not unit,
    )


def _unit_after(
    after: list[Token], index: int, sentence: str, end: int, base: int
) -> tuple[str | None, int | None]:
    """The unit and where it ends; None as the unit means "not a figure" (a time span)."""
    if index < len(after):
        token = after[index]
        following = after[index + 1] if index + 1 < len(after) else None
        if is_percent(token, following):
            stop = following.end if token.lower == "per" and following else token.end
            return "percent", stop
        if (currency := currency_of(token)) is not None:
            return currency, token.end
        if token.text in {"US", "U.S."} and following and currency_of(following) == "USD":
            return "USD", following.end
    window = " ".join(token.lower for token in after[index : index + 4])
    if any(window.startswith(words) for words in MCI_WORDS):
        last = after[min(index + 2, len(after) - 1)]
        return "MCI", last.end
    words_seen = 0
    position = index
    while position < len(after) and words_seen < 4:
        token = after[position]
        position += 1
        if not token.is_word:
            if token.text in {"(", ")", '"', "«", "»", "“", "”"}:
                continue
            break
        words_seen += 1
        if is_time_span(token):
            return (None, None) if words_seen == 1 else ("", None)
        unit = count_unit(token)
        if unit:
            return park_residents(unit, sentence), token.end
        if token.lower in {"out", "из"} and words_seen == 1:
            # "29 out of 41 projects", "29 из 41 проекта": the unit is the whole's.
            while position < len(after) and not after[position].text[:1].isdigit():
                position += 1
            position += 1
            continue
        if token.lower in _STOP_WORDS or token.text[:1].isdigit():
            break
    for token in [t for t in after[index : index + 4] if t.is_word][:3]:
        if token.lower in _STOP_WORDS or token.text[:1].isdigit():
            break
        if noun := _plain_noun(token):
            return noun, token.end
    return "", None


def _plain_noun(token: Token) -> str:
    """A counted noun outside the vocabulary: "three groups" -> "group", "5 школ" -> "школа".

    Adjectives before it are passed over by the caller; Kazakh has no reliable noun test here.
    """
    lower = token.lower
    if lower in _STOP_WORDS or not lower.isalpha() or len(lower) < 4:
        return ""
    if lower.isascii():
        if token.text.islower() and lower.endswith("s") and not lower.endswith(("ss", "ous")):
            return lower[:-3] + "y" if lower.endswith("ies") else lower[:-1]
        return ""
    if KAZAKH_LETTERS.intersection(lower):
        return ""
    from monotown.intake.morphology import russian_lemmas

    lemmas = russian_lemmas(lower)
    if lemmas and lemmas[0][1] == "NOUN":
        return lemmas[0][0]
    return ""


def _currency_before(before_text: str) -> str:
    match = re.search(r"(kzt|usd|\$|₸)\s*$", before_text)
    if not match:
        return ""
    return {"kzt": "KZT", "usd": "USD", "$": "USD", "₸": "KZT"}[match.group(1)]


def _qualifier(before_text: str, after: list[Token], index: int) -> str:
    trimmed = re.sub(r"\s+", " ", before_text).rstrip()
    for phrase, qualifier in _QUALIFIERS_BEFORE:
        if re.search(rf"(?:^|\W){re.escape(phrase)}$", trimmed):
            return qualifier
    for token in after[index : index + 5]:
        if token.lower in _QUALIFIERS_AFTER:
            return _QUALIFIERS_AFTER[token.lower]
    return ""


def _is_date(before_text: str, after: list[Token]) -> bool:
    if after and after[0].lower.rstrip(".") in MONTHS:
        return True
    if after and _INFLECTED_MONTH.match(after[0].lower):
        return True
    word = re.search(r"(\w+)\s*$", before_text)
    return bool(word and word.group(1) in MONTHS)


_BEFORE_A_YEAR = frozenset(
    [
        "in",
        "since",
        "by",
        "until",
        "till",
        "from",
        "of",
        "to",
        "for",
        "during",
        "before",
        "after",
        "through",
        "year",
        "в",
        "во",
        "с",
        "со",
        "по",
        "до",
        "к",
        "за",
        "от",
        "года",
        "году",
        "жылы",
    ]
)


def _is_year(
    written: str, value: float, has_fraction: bool, before_text: str, after: list[Token]
) -> bool:
    """ "In 2023", "2020-2022", "2024 Address" are years; "2,000 jobs", "at least 2000 new
    jobs" are counts: a year has no thousands separator and, after "in"/"в"/"since" and the
    like, stays a year whatever follows."""
    if has_fraction or not (1900 <= value <= 2100) or value != int(value):
        return False
    if not written.isdigit():
        return False  # "2,000", "2 000"
    if not after:
        return True
    first = after[0]
    currency = currency_of(first) is not None and first.text.islower()
    if scale_of(first) or currency or is_percent(first, None) or count_unit(first):
        return False
    previous = re.search(r"([\w]+)\W*$", before_text)
    if previous is None or previous.group(1) in _BEFORE_A_YEAR:
        return True
    counted = [t for t in after[:3] if t.is_word]
    return not any(count_unit(token) for token in counted)
