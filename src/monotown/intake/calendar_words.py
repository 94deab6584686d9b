"""Month names and small number words in English, Russian and Kazakh (closed sets)."""

from __future__ import annotations

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan январь января январе қаңтар",
        "february feb февраль февраля феврале ақпан",
        "march mar март марта марте наурыз",
        "april apr апрель апреля апреле сәуір",
        "may май мая мае мамыр",
        "june jun июнь июня июне маусым",
        "july jul июль июля июле шілде",
        "august aug август августа августе тамыз",
        "september sep sept сентябрь сентября сентябре қыркүйек қыркүйег",
        "october oct октябрь октября октябре қазан",
        "november nov ноябрь ноября ноябре қараша",
        "december dec декабрь декабря декабре желтоқсан",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

# Longest first so that "сентября" wins over "сент" in an alternation.
MONTH_PATTERN = "|".join(sorted(MONTHS, key=len, reverse=True))

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "один": 1, "одна": 1, "одно": 1, "одного": 1, "одной": 1, "одну": 1, "два": 2, "две": 2,
    "двух": 2, "три": 3, "трех": 3, "трёх": 3, "четыре": 4, "четырех": 4, "четырёх": 4,
    "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7, "восемь": 8,
    "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10, "пятнадцать": 15,
    "пятнадцати": 15, "двадцать": 20, "двадцати": 20, "тридцать": 30, "тридцати": 30,
    "бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8,
    "тоғыз": 9, "он": 10, "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50, "жүз": 100,
}  # fmt: skip
NUMBER_WORD_PATTERN = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))

# Russian compound adjectives of a term: "в двухнедельный срок", "в месячный срок".
RUSSIAN_TERM_PREFIX: dict[str, int] = {
    "": 1, "одно": 1, "двух": 2, "трех": 3, "трёх": 3, "четырех": 4, "пяти": 5, "шести": 6,
    "десяти": 10, "пятнадцати": 15, "тридцати": 30,
}  # fmt: skip
