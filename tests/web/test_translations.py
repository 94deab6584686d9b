"""Every UI string has a Kazakh and a Russian translation with the same placeholders."""

from __future__ import annotations

import re

import pytest

from monotown.web.message_catalog import extract_messages, read_catalog

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_ui_string_is_translated(lang: str) -> None:
    catalog = read_catalog(lang)
    missing, broken = [], []
    for msgid in extract_messages():
        message = catalog.get(msgid)
        if message is None or not message.string:
            missing.append(msgid)
        elif set(PLACEHOLDER.findall(msgid)) != set(PLACEHOLDER.findall(str(message.string))):
            broken.append(msgid)
    assert not missing, f"untranslated in {lang} (run scripts/update_web_catalog.py): {missing}"
    assert not broken, f"placeholders differ in {lang}: {broken}"


def test_translations_are_not_just_copies_of_english() -> None:
    messages = extract_messages()
    for lang in ("kk", "ru"):
        catalog = read_catalog(lang)
        same = [m for m in messages if catalog.get(m) and catalog.get(m).string == m]  # type: ignore[union-attr]
        assert len(same) <= 3, f"{lang}: {same}"


def test_template_strings_have_no_bare_percent_signs() -> None:
    """Jinja's _() always %-formats, so a literal '%' in a template string would break the page."""
    bare = re.compile(r"%(?!\(\w+\)s)")
    offending = [
        msgid
        for msgid, places in extract_messages().items()
        if any(place.startswith("templates") for place in places) and bare.search(msgid)
    ]
    assert not offending
