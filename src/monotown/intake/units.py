"""Units and scales a stated figure may carry, as canonical names across the three languages.

A count ("326 measures", "41 проект", "500 ауыл") takes the counted noun as its unit; the
canonical names keep an English figure and its Russian or Kazakh twin comparable.
"""

from __future__ import annotations

import re

from monotown.intake.morphology import Token, word_keys

SCALES: dict[str, float] = {
    "thousand": 1e3, "thousands": 1e3, "k": 1e3, "тыс": 1e3, "тысяча": 1e3, "тысячи": 1e3,
    "тысяч": 1e3, "мың": 1e3,
    "million": 1e6, "millions": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "млн": 1e6,
    "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "млрд": 1e9,
    "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9,
    "trillion": 1e12, "trillions": 1e12, "trn": 1e12, "tn": 1e12, "трлн": 1e12,
    "триллион": 1e12, "триллиона": 1e12, "триллионов": 1e12,
}  # fmt: skip
_KAZAKH_SCALE = re.compile(r"^(мың|миллион|млн|миллиард|млрд|триллион|трлн)[а-яәғқңөұүһі]*$")

CURRENCY = {"tenge": "KZT", "kzt": "KZT", "тенге": "KZT", "теңге": "KZT", "₸": "KZT",
            "тг": "KZT", "usd": "USD", "dollar": "USD", "dollars": "USD", "$": "USD",
            "доллар": "USD", "долларов": "USD", "доллара": "USD"}  # fmt: skip
PERCENT = {"%", "percent", "per", "процент", "процента", "процентов", "пайыз"}

# canonical unit -> base forms (English singular, Russian lemma, Kazakh stem)
COUNT_NOUNS: dict[str, tuple[str, ...]] = {
    "town": ("town", "city", "monotown", "monocity", "город", "моногород", "қала", "моноқала"),
    "project": ("project", "проект", "жоба"),
    "job": ("job", "workplace", "рабочий", "жұмыс"),
    "person": ("people", "person", "resident", "inhabitant", "человек", "житель", "адам",
               "тұрғын", "халық"),
    "specialist": ("specialist", "специалист", "маман"),
    "worker": ("worker", "employee", "работник", "сотрудник", "жұмысшы", "қызметкер"),
    "zone": ("zone", "зона", "аймақ"),
    "enterprise": ("enterprise", "company", "firm", "sme", "предприятие", "компания",
                   "субъект", "резидент", "кәсіпорын", "кәсіпкерлік"),
    "measure": ("measure", "activity", "мероприятие", "мера", "іс-шара"),
    "boiler": ("boiler", "котел", "котельный", "котлоагрегат", "қазандық"),
    "turbine": ("turbine", "турбина"),
    "area": ("area", "site", "участок", "площадка", "учаске", "алаң"),
    "village": ("village", "село", "ауыл"),
    "district": ("district", "район", "аудан"),
    "indicator": ("indicator", "показатель", "көрсеткіш"),
    "contract": ("contract", "agreement", "договор", "контракт", "соглашение", "келісімшарт",
                 "шарт"),
    "center": ("center", "centre", "центр", "орталық"),
    "school": ("school", "школа", "мектеп"),
    "hospital": ("hospital", "больница", "аурухана"),
    "family": ("family", "household", "семья", "отбасы"),
    "loan": ("loan", "кредит", "заем", "несие"),
    "plan": ("plan", "план", "жоспар"),
    "apartment": ("apartment", "flat", "квартира", "пәтер"),
    "house": ("house", "дом", "үй"),
    "km": ("km", "kilometre", "kilometer", "км", "километр", "шақырым"),
    # measures of capacity, area and mass the energy and housing texts use
    "MW": ("mw", "megawatt", "мвт", "мегаватт"),
    "Gcal": ("gcal", "гкал", "гигакалория"),
    "ha": ("ha", "hectare", "га", "гектар"),
    "t": ("ton", "tonne", "тонна", "тонн"),
    "m2": ("m2", "м2", "square", "кв", "квадратный", "шаршы"),
    "m3": ("m3", "м3", "cubic", "куб", "кубический", "текше"),
}  # fmt: skip
_NOUN_UNIT = {form: unit for unit, forms in COUNT_NOUNS.items() for form in forms}

# Multipliers and time spans are not figures: "3.5-fold", "two times", "20 years".
NOT_A_FIGURE = frozenset(
    [
        "year",
        "month",
        "week",
        "day",
        "hour",
        "minute",
        "time",
        "fold",
        "раз",
        "год",
        "лет",
        "месяц",
        "неделя",
        "день",
        "сутки",
        "час",
        "жыл",
        "ай",
        "апта",
        "күн",
        "сағат",
        "есе",
        "рет",
    ]
)
_ZONE_CONTEXT = re.compile(
    r"\bresidents?\b.*\b(?:park|zone|SEZ)\b|\b(?:park|zone|SEZ)\b.*\bresidents?\b"
    r"|резидент",
    re.IGNORECASE,
)
MCI_WORDS = ("monthly calculation", "мрп", "аек", "месячных расчетных", "айлық есептік")


def scale_of(token: Token) -> tuple[str, float] | None:
    lower = token.lower.rstrip(".")
    if lower in SCALES and (lower not in {"k", "m", "b"} or token.text.islower()):
        return lower, SCALES[lower]
    kazakh = _KAZAKH_SCALE.match(lower)
    if kazakh:
        return kazakh.group(1), SCALES[kazakh.group(1)]
    return None


def currency_of(token: Token) -> str | None:
    lower = token.lower
    if lower in CURRENCY:
        return CURRENCY[lower]
    if lower.startswith("теңге") or lower.startswith("тенге"):
        return "KZT"
    return None


def is_percent(token: Token, following: Token | None) -> bool:
    lower = token.lower
    if lower == "per":
        return following is not None and following.lower == "cent"
    return lower in PERCENT or lower.startswith(("пайыз", "процент"))


def count_unit(token: Token) -> str | None:
    """The canonical unit a counted noun stands for; "офтейк-контрактов" counts contracts."""
    keys = set(token.keys)
    if "-" in token.text:
        keys |= word_keys(token.text.rsplit("-", 1)[1])
    for key in keys:
        unit = _NOUN_UNIT.get(key.lstrip("~"))
        if unit:
            return unit
    return None


def park_residents(unit: str, sentence: str) -> str:
    """ "9 residents" of an industrial park or economic zone are companies, not people."""
    if unit == "person" and _ZONE_CONTEXT.search(sentence):
        return "enterprise"
    return unit


_KAZAKH_TIME = re.compile(
    r"^(?:ай|жыл|апта|күн|сағат)(?:ы|і|ын|ында|інде|да|де|та|те|ға|ге|қа|дың|дің|ның|нің"
    r"|дан|ден|нан|лық|дық|тық|ғы|гі)?$"
)


def is_time_span(token: Token) -> bool:
    if _KAZAKH_TIME.match(token.lower):
        return True
    return bool({key.lstrip("~") for key in token.keys} & NOT_A_FIGURE) or token.lower.endswith(
        "-fold"
    )
