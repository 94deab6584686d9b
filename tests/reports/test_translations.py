"""Every string a report prints has Kazakh and Russian translations with the same placeholders."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from sqlalchemy.orm import Session

import monotown.program as program
from monotown.registry.reference import read_reference_csv
from monotown.reports.facts import load_facts

REPORTS_DIR = Path(resources.files("monotown.reports"))  # type: ignore[arg-type]
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]


def _catalog(lang: str) -> Catalog:
    path = resources.files("monotown.locales").joinpath(lang, "LC_MESSAGES", "reports.po")
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain="reports")


def _code_messages() -> set[str | tuple[str, str]]:
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(REPORTS_DIR), METHODS, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def _data_messages() -> set[str]:
    """Strings from bundled data that reports print translated (events, scopes, sectors...)."""
    facts = load_facts()
    strings = {f.event for f in facts} | {f.scope for f in facts if f.scope}
    strings |= {f.note for f in facts if f.note and f.qualifier is None}
    strings |= {
        r["sector_label"] for r in read_reference_csv("enterprises.csv") if r["sector_label"]
    }
    return strings | {r["reason"] for r in read_reference_csv("monotown_status.csv") if r["reason"]}


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_report_string_is_translated(lang: str) -> None:
    catalog = _catalog(lang)
    messages = _code_messages() | _data_messages()
    assert len(messages) > 150
    missing = []
    for message in sorted(messages, key=str):
        key = message if isinstance(message, str) else message[0]
        entry = catalog.get(key)
        strings = (
            []
            if entry is None
            else ([entry.string] if isinstance(entry.string, str) else list(entry.string))
        )
        if not strings or not all(s.strip() for s in strings):
            missing.append(key)
            continue
        for string in strings:
            assert _placeholders(string) == _placeholders(key), (lang, key, string)
    assert not missing, f"{lang}: {len(missing)} untranslated, e.g. {missing[:5]}"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_translations_are_not_copies_of_english(lang: str) -> None:
    catalog = _catalog(lang)
    cyrillic = [m for m in catalog if m.id and re.search("[а-яәғқңөұүһі]", str(m.string), re.I)]
    assert len(cyrillic) > 0.9 * (len(catalog) - 1)


def test_kazakh_uses_kazakh_letters() -> None:
    text = " ".join(str(m.string) for m in _catalog("kk") if m.id)
    assert all(letter in text for letter in "әғқңөұүі")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_program_records_print_translated(demo_session: Session, lang: str) -> None:
    """Directive texts, responsible bodies and target names stored by `make run` are translated:
    real records by the bundled translations and the body registry, demo ones by the catalogue."""
    from monotown.program.translations import translated

    catalog = _catalog(lang)
    directives = program.directives(demo_session, language=lang)
    english = program.directives(demo_session).set_index("code")
    strings = set()
    for _, row in directives.iterrows():
        if translated("directives", row["code"], "text", "", lang)[1] != lang:
            strings.add(english.loc[row["code"], "text"])
        unresolved = [b for b, c in zip(row["bodies"], row["body_codes"], strict=True) if c is None]
        strings |= set(unresolved)
    targets = program.targets_progress(demo_session)
    strings |= {
        name
        for code, name in zip(targets["code"], targets["name"], strict=True)
        if translated("targets", code, "name", "", lang)[1] != lang
    }
    assert len(directives) > 20
    missing = [s for s in strings if not (catalog.get(s) and catalog.get(s).string)]
    assert not missing, f"{lang}: untranslated {missing[:5]}"
