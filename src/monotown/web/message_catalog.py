"""The web app's translatable strings: extracted from the templates and the page code, and merged
into the Kazakh, Russian and English catalogues (`locales/<lang>/LC_MESSAGES/web.po`).

Run `python scripts/update_web_catalog.py` after changing UI text; the test suite fails while any
string lacks a Kazakh or Russian translation.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from monotown.i18n import SUPPORTED_LANGUAGES

WEB_DIR = Path(__file__).parent
LOCALES_DIR = WEB_DIR.parent / "locales"
DOMAIN = "web"
METHOD_MAP = [
    ("templates/**.html", "jinja2"),
    ("**.py", "python"),
]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def po_path(lang: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract_messages() -> dict[str, list[str]]:
    """Every message id used by the web app, with where it appears."""
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(WEB_DIR),
        method_map=[
            (pattern, "jinja2.ext:babel_extract" if method == "jinja2" else method)
            for pattern, method in METHOD_MAP
        ],
        options_map=OPTIONS,
        keywords=KEYWORDS,
    ):
        ids = message if isinstance(message, tuple) else (message,)
        for msgid in ids:
            if msgid:
                found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return found


def read_catalog(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.is_file():
        return Catalog(locale=lang, domain=DOMAIN)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def update_catalogs(translations: dict[str, dict[str, str]] | None = None) -> dict[str, list[str]]:
    """Rewrite every catalogue with the current message ids, keeping existing translations and
    adding those given in `translations[lang][msgid]`; returns the ids still untranslated."""
    messages = extract_messages()
    missing: dict[str, list[str]] = {}
    for lang in SUPPORTED_LANGUAGES:
        old = read_catalog(lang)
        catalog = Catalog(
            locale=lang,
            domain=DOMAIN,
            project="Monotown",
            version="1",
            copyright_holder="Monotown contributors",
            charset="utf-8",
            fuzzy=False,
            creation_date=old.creation_date,
            revision_date=old.creation_date,
            language_team=f"Monotown {lang}",
            last_translator="Monotown contributors",
        )
        for msgid, places in sorted(messages.items()):
            given = (translations or {}).get(lang, {}).get(msgid)
            previous = old.get(msgid)
            text = given or (previous.string if previous is not None else "") or ""
            if lang == "en" and not text:
                text = msgid
            catalog.add(
                msgid,
                text,
                locations=[
                    (place.rsplit(":", 1)[0], int(place.rsplit(":", 1)[1])) for place in places[:3]
                ],
            )
            if not text:
                missing.setdefault(lang, []).append(msgid)
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, sort_output=True)
    return missing
