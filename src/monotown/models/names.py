"""A record's name in a language: the one fallback order every surface uses.

Pages, the API, the CLI and the reports all show names through `localised`, so a town without a
Kazakh name reads the same everywhere. The order: the requested language, then Russian (the
language most sources are written in), then Kazakh, then English, and last the record's code or
key, so that no row is ever shown without a label. A name that is NULL, empty or only spaces counts
as missing.

It sits in the lowest layer (next to the models that mix in `LocalisedName`) so that every
capability and surface can import it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

# After the requested language, in this order.
FALLBACK_LANGUAGES = ("ru", "kk", "en")
# Fields that label the record itself (not a record it refers to).
OWN_LABELS = ("name", "title")


def fallback_order(lang: str) -> tuple[str, ...]:
    """The languages tried for `lang`, first to last: 'en' -> ('en', 'ru', 'kk')."""
    return (lang, *(code for code in FALLBACK_LANGUAGES if code != lang))


def localised_with_language(record: Any, lang: str, field: str = "name") -> tuple[str, str | None]:
    """The first present `<field>_<language>` of `record` in `fallback_order(lang)` and the language
    it is in; else the record's key and None (see `key_fields`); ('', None) when it has neither.

    `record` is a mapping (a row) or an object with attributes (a model, a view)."""
    for code in fallback_order(lang):
        text = _present(_read(record, f"{field}_{code}"))
        if text is not None:
            return text, code
    for name in key_fields(field):
        text = _present(_read(record, name))
        if text is not None:
            return text, None
    return "", None


def localised(record: Any, lang: str, field: str = "name") -> str:
    """`record`'s `field` (name, region, town, title...) in `lang`, by the one fallback order."""
    return localised_with_language(record, lang, field)[0]


def key_fields(field: str) -> tuple[str, ...]:
    """Where the last resort is read: a record's own name or title falls back to its `code` or
    `key`; a named reference (`region_en`...) to the reference itself (`region`, `region_code`)."""
    if field in OWN_LABELS:
        return ("code", "key")
    return (field, f"{field}_code")


def _read(record: Any, name: str) -> Any:
    if isinstance(record, Mapping):
        return record.get(name)
    return getattr(record, name, None)


def _present(value: Any) -> str | None:
    """The value as text, or None when it is missing (NULL, NaN, empty, only spaces)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value)
    return text if text.strip() else None
