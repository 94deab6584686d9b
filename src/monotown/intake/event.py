"""The event a text reports: its date, kind, chair and the speakers with their posts."""

from __future__ import annotations

import re
from datetime import date

from monotown.intake.calendar_words import MONTH_PATTERN, MONTHS
from monotown.intake.model import Precision, Span, Speaker
from monotown.intake.morphology import analyzer

_M = MONTH_PATTERN
_DATES: list[re.Pattern[str]] = [
    re.compile(r"\b(?P<year>20\d\d|19\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<mname>{_M})\s+(?P<year>\d{{4}})", re.I),
    re.compile(rf"\b(?P<mname>{_M})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})", re.I),
    re.compile(rf"(?P<year>\d{{4}})\s+жылғы\s+(?P<day>\d{{1,2}})\s+(?P<mname>{_M})", re.I),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d\d)\.(?P<year>\d{4})\b"),
]
_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("seminar", re.compile(r"seminar|семинар", re.I)),
    ("government_session", re.compile(
        r"government\s+(?:session|meeting)|session\s+of\s+the\s+government|meeting\s+of\s+the"
        r"\s+(?:government|cabinet)|cabinet\s+meeting|заседани\w+\s+правительства"
        r"|үкімет\s+отырыс\w*|правительств\w+\s+заседани\w+", re.I)),
    ("meeting", re.compile(r"\bmeeting\b|совещани\w+|кеңес\w*|жиналыс\w*", re.I)),
    ("briefing", re.compile(r"briefing|брифинг", re.I)),
    ("working_trip", re.compile(r"working\s+trip|рабоч\w+\s+поездк\w+|жұмыс\s+сапары", re.I)),
]  # fmt: skip
_NAME_EN = r"(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
_NAME_CY = r"(?P<name>[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+\s+[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+)"
_POST_EN = (
    r"(?P<post>(?:(?:First|Deputy|Vice)[\s-]+)*(?:Prime\s+Minister|Ministers?|Akim|Governor"
    r"|Chairman|Chairperson|Head|President)(?:[,\s–-]+Minister)?"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+(?:and\s+|of\s+|the\s+)?[A-Z][\w-]*){0,6}"
    r"(?:\s+[Rr]egion)?)?"
    r"|(?:(?:First|Deputy|Vice)\s+)*(?:[A-Z][\w-]*\s+){1,3}Minister)"
)
_POST_RU = (
    r"(?P<post>(?:[Пп]ервый\s+)?(?:[Вв]ице-|[Зз]аместитель\s+)?(?:[Пп]ремьер-[Мм]инистр\w*"
    r"(?:\s+РК|\s+Республики\s+Казахстан)?|[Мм]инистр\w*(?:\s+[а-яё]+){1,4}|[Аа]ким\w*"
    r"(?:\s+[А-ЯЁ]\w+\s+област\w+|\s+города\s+[А-ЯЁ]\w+)?))"
)
_POST_KK = (
    r"(?P<post>(?:ҚР\s+)?[Пп]ремьер-[Мм]инистр\w*|(?:[А-ЯЁӘҒҚҢӨҰҮҺІ]?[\wәғқңөұүһі-]+\s+){1,4}"
    r"(?:министрі(?:нің\s+орынбасары)?|әкімі))"
)
_SPEAKERS = [
    re.compile(_POST_EN + r"\s+" + _NAME_EN),
    re.compile(_POST_RU + r"\s+" + _NAME_CY),
    re.compile(_POST_KK + r"\s+" + _NAME_CY),
]
_CHAIR = [
    re.compile(r"chaired\s+by\s+(?:the\s+)?" + _POST_EN + r"\s+" + _NAME_EN),
    re.compile(_POST_EN + r"\s+" + _NAME_EN + r"\s+(?:has\s+)?chaired"),
    re.compile(r"под\s+председательством\s+" + _POST_RU + r"\s+" + _NAME_CY),
    re.compile(_POST_KK + r"\s+" + _NAME_CY + r"\s+төрағалығымен"),
    re.compile(_POST_RU + r"\s+" + _NAME_CY + r"[^.]{0,160}?\s+провел\w*"),
    re.compile(_POST_KK + r"\s+" + _NAME_CY + r"[^.]{0,160}?\s+өткізді"),
    re.compile(_POST_EN + r"\s+" + _NAME_EN + r"[^.]{0,160}?\s+(?:chaired|held|convened)"),
]
_NOT_A_NAME = frozenset(
    [
        "Region",
        "Ministry",
        "Government",
        "Kazakhstan",
        "Republic",
        "The",
        "Of",
        "And",
        "National",
        "Economy",
        "Industry",
        "Construction",
        "Energy",
        "Agriculture",
        "Transport",
        "Science",
        "Akimat",
        "Области",
        "Республики",
    ]
)


def find_event_date(text: str) -> tuple[date, Precision, Span] | None:
    """The first full date the text states, e.g. "date 2024-04-02" or "2 апреля 2024 года"."""
    best: tuple[int, date, Span] | None = None
    for pattern in _DATES:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        month = int(groups["month"]) if groups.get("month") else MONTHS[groups["mname"].lower()]
        try:
            found = date(int(groups["year"]), month, int(groups["day"]))
        except ValueError:
            continue
        if best is None or match.start() < best[0]:
            best = (match.start(), found, Span(match.start(), match.end()))
    return (best[1], "day", best[2]) if best else None


def find_kind(text: str) -> str:
    head = text[:1500]
    for kind, pattern in _KINDS:
        if pattern.search(head):
            return kind
    return "press_release"


def find_chair(text: str, language: str = "en") -> Speaker | None:
    """Who chaired, as the opening of the text says it."""
    opening = text[:4000]
    for pattern in _CHAIR:
        match = pattern.search(opening)
        if match and _plausible(match.group("name")):
            name = nominative_name(match.group("name"), language)
            return Speaker(name, nominative_post(_tidy(match.group("post"))), _span(match))
    return None


def find_speakers(text: str, language: str = "en") -> list[Speaker]:
    """People named with their post, each once (by surname), in order of first mention."""
    found: dict[str, Speaker] = {}
    for pattern in _SPEAKERS:
        for match in pattern.finditer(text):
            name = nominative_name(match.group("name"), language)
            if not _plausible(name):
                continue
            surname = name.split()[-1][:6].lower()
            if surname not in found:
                post = nominative_post(_tidy(match.group("post")))
                found[surname] = Speaker(name, post, _span(match))
    return sorted(found.values(), key=lambda speaker: speaker.span.start)


_KAZAKH_NAME_CASE = re.compile(
    r"(?<=ов|ев|ин|ва|на)(?:тың|тің|ның|нің|дың|дің|қа|ке|ға|ге|ты|ті|ны|ні|пен|мен|бен)$"
)


def nominative_name(name: str, language: str) -> str:
    """A person's name as a heading says it: "Олжаса Бектенова" -> "Олжас Бектенов" (ru),
    "Байбазаровтың" -> "Байбазаров" (kk)."""
    if language == "kk":
        return " ".join(_KAZAKH_NAME_CASE.sub("", word) for word in name.split())
    if language != "ru" or not re.search(r"[а-яё]", name):
        return name
    words = []
    for word in name.split():
        form = word
        for parse in analyzer().parse(word):
            if {"Name", "Surn"} & set(parse.tag.grammemes):
                inflected = parse.inflect({"nomn"})
                if inflected is not None:
                    form = inflected.word.capitalize()
                break
        words.append(form)
    return " ".join(words)


def nominative_post(post: str) -> str:
    """ "Премьер-Министра" -> "Премьер-Министр": the head word of a Russian post, as a heading."""
    words = post.split(" ", 1)
    head = words[0]
    if not re.fullmatch(r"[А-ЯЁа-яё-]+", head):
        return post
    parse = analyzer().parse(head.lower())[0]
    if parse.tag.POS != "NOUN" or parse.tag.case in (None, "nomn"):
        return post
    inflected = parse.inflect({"nomn"})
    if inflected is None:
        return post
    form = "-".join(
        part.capitalize() if original[:1].isupper() else part
        for part, original in zip(inflected.word.split("-"), head.split("-"), strict=False)
    )
    return " ".join([form, *words[1:]])


def _plausible(name: str) -> bool:
    return not any(word in _NOT_A_NAME for word in name.split())


def _tidy(post: str) -> str:
    return re.sub(r"\s+", " ", post).strip(" ,")


def _span(match: re.Match[str]) -> Span:
    return Span(match.start("post"), match.end("name"))
