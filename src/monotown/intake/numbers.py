"""Numbers as the three languages write them: digits with their separators, and number words."""

from __future__ import annotations

import re

from monotown.intake.model import Language

_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?!\d)|\d+(?:[.,]\d+)*)(?![\w]|[.,]\d)"
)
_FIGURE_WORDS: dict[str, dict[str, int]] = {
    "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20,
           "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100},
    "ru": {"один": 1, "одна": 1, "одного": 1, "два": 2, "две": 2, "двух": 2, "три": 3,
           "трех": 3, "трёх": 3, "четыре": 4, "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6,
           "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "двадцать": 20, "сто": 100},
    "kk": {"бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7,
           "сегіз": 8, "тоғыз": 9, "он": 10, "жиырма": 20, "отыз": 30, "жүз": 100},
}  # fmt: skip


def numbers_in(sentence: str, language: Language) -> list[tuple[int, int, float, bool]]:
    """(start, end, value, has a fraction) of every number, in digits or words, in text order."""
    numbers: list[tuple[int, int, float, bool]] = []
    for match in _NUMBER.finditer(sentence):
        parsed = parse_number(match.group(1), language)
        if parsed is not None:
            numbers.append((match.start(1), match.end(1), parsed, _has_fraction(match.group(1))))
    words = _FIGURE_WORDS[language]
    pattern = r"(?<![\w-])(" + "|".join(sorted(words, key=len, reverse=True)) + r")(?![\w-])"
    for match in re.finditer(pattern, sentence, re.I):
        numbers.append((match.start(1), match.end(1), float(words[match.group(1).lower()]), False))
    return sorted(numbers)


def parse_number(text: str, language: Language) -> float | None:
    """'25,000' (en) = 25000, '1,4' (ru) = 1.4, '100 000' = 100000, '1.53' = 1.53."""
    compact = re.sub(r"[\u00a0\u202f ]", "", text)
    groups = re.split(r"[.,]", compact)
    separators = re.findall(r"[.,]", compact)
    try:
        if not separators:
            return float(compact)
        thousands = all(len(group) == 3 for group in groups[1:])
        if language == "en":
            if set(separators) == {","} and thousands:
                return float(compact.replace(",", ""))
            if separators == ["."] or (separators[-1] == "." and "," in separators):
                return float(compact.replace(",", ""))
            return float(compact.replace(",", "."))
        if len(separators) > 1 and len(set(separators)) == 1 and thousands:
            return float("".join(groups))
        if len(set(separators)) == 2:
            decimal = separators[-1]
            grouping = "." if decimal == "," else ","
            return float(compact.replace(grouping, "").replace(decimal, "."))
        return float(compact.replace(",", "."))
    except ValueError:
        return None


def _has_fraction(text: str) -> bool:
    return bool(re.search(r"[.,]\d{1,2}$", text)) or bool(re.search(r"[.,]\d{4,}$", text))
