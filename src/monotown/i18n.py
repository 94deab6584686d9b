"""Languages: Kazakh, Russian and English message catalogues (Babel .po files) and locale-aware
formatting of numbers, money and dates. Shared by the web app and the reports.

Catalogues live in `locales/<lang>/LC_MESSAGES/<domain>.po` and are compiled in memory on first use,
so no binary .mo file is kept in the repository and no build step is needed.
"""

from __future__ import annotations

import datetime as dt
import io
from enum import StrEnum
from functools import lru_cache
from importlib import resources

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations


class Language(StrEnum):
    """The languages Monotown speaks, declared once for every surface (the web app's switcher,
    the API's `lang`, the CLI's `--lang`): the state language first, then Russian, then English."""

    kk = "kk"
    ru = "ru"
    en = "en"


SUPPORTED_LANGUAGES = tuple(language.value for language in Language)
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
LOCALES_PACKAGE = "monotown.locales"


def normalise_language(lang: str | None) -> str:
    """A supported language code for any input ('ru-RU' -> 'ru'); English if unknown."""
    if not lang:
        return DEFAULT_LANGUAGE
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    return code if code in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


@lru_cache(maxsize=32)
def get_translations(lang: str, domain: str) -> NullTranslations:
    """Translations of one domain ('web', 'reports', ...) for one language."""
    lang = normalise_language(lang)
    po_file = resources.files(LOCALES_PACKAGE).joinpath(lang, "LC_MESSAGES", f"{domain}.po")
    if not po_file.is_file():
        return NullTranslations()
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=domain)


def gettext(lang: str, domain: str, message: str) -> str:
    return get_translations(lang, domain).gettext(message)


def _locale(lang: str) -> Locale:
    return Locale.parse({"kk": "kk_KZ", "ru": "ru_RU", "en": "en_GB"}[normalise_language(lang)])


def format_number(value: float | int | None, lang: str, digits: int = 0) -> str:
    """1234567.8 -> '1,234,568' (en), '1 234 568' (ru, kk); None -> '-'."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))


def format_percentage(value: float | None, lang: str, digits: int = 1) -> str:
    """A percentage given in percent units (64.0 -> '64.0%')."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(value / 100, format=pattern, locale=_locale(lang))


TENGE_SCALES = {
    "en": ((1e12, "trn"), (1e9, "bn"), (1e6, "mn")),
    "ru": ((1e12, "трлн"), (1e9, "млрд"), (1e6, "млн")),
    "kk": ((1e12, "трлн"), (1e9, "млрд"), (1e6, "млн")),
}


def format_tenge(value: float | None, lang: str) -> str:
    """Tenge with a readable scale: 1.4e12 -> '1.4 trn KZT' / '1,4 трлн тг'."""
    if value is None:
        return "–"
    lang = normalise_language(lang)
    unit = "KZT" if lang == "en" else "тг"
    for scale, label in TENGE_SCALES[lang]:
        if abs(value) >= scale:
            return f"{format_number(value / scale, lang, 1)} {label} {unit}"
    return f"{format_number(value, lang)} {unit}"


def format_date(value: dt.date | None, lang: str) -> str:
    if value is None:
        return "–"
    return babel_format_date(value, format="medium", locale=_locale(lang))
