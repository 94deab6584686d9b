"""The one fallback order for names: the requested language, Russian, Kazakh, English, the key."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from monotown.models.names import fallback_order, localised, localised_with_language

LANGS = ("kk", "ru", "en")
# A name as a table may hold it: missing, empty, only spaces, or some text.
names = st.one_of(st.none(), st.sampled_from(["", " ", "\t \n"]), st.text(min_size=1, max_size=8))


def _present(value: str | None) -> bool:
    return value is not None and value.strip() != ""


@given(
    lang=st.sampled_from(LANGS),
    kk=names,
    ru=names,
    en=names,
    code=st.text(min_size=1, max_size=8).filter(str.strip),
)
def test_the_first_present_name_in_the_one_order_wins(
    lang: str, kk: str | None, ru: str | None, en: str | None, code: str
) -> None:
    row = {"code": code, "name_kk": kk, "name_ru": ru, "name_en": en}
    given_names = {"kk": kk, "ru": ru, "en": en}
    order = [lang, *(other for other in ("ru", "kk", "en") if other != lang)]
    expected = next(((given_names[c], c) for c in order if _present(given_names[c])), (code, None))
    assert localised_with_language(row, lang) == expected
    assert localised(row, lang) == expected[0]
    assert fallback_order(lang) == tuple(order)


@dataclass
class _Town:
    key: str
    name_en: str | None
    name_ru: str | None
    name_kk: str | None
    region: str
    region_en: str
    region_ru: str | None
    region_kk: str | None


@given(lang=st.sampled_from(LANGS), ru=names, kk=names, en=names)
def test_objects_and_rows_fall_back_alike(
    lang: str, ru: str | None, kk: str | None, en: str | None
) -> None:
    town = _Town("111", en, ru, kk, "ABAI", "Abai Region", ru, kk)
    as_row = vars(town)
    assert localised(town, lang) == localised(as_row, lang)
    assert localised(town, lang, "region") == localised(as_row, lang, "region")


def test_a_record_without_any_name_shows_its_key_and_a_reference_its_own_code() -> None:
    assert localised({"key": "551010000", "name_en": " ", "name_ru": None}, "kk") == "551010000"
    assert localised({"region": "KARAGANDA", "region_ru": ""}, "ru", "region") == "KARAGANDA"
    assert localised({"title_en": "", "code": "gov-2024"}, "en", "title") == "gov-2024"
    assert localised({}, "en") == ""


def test_a_kazakh_reader_sees_russian_before_english() -> None:
    row = {"code": "X", "name_en": "Zhezkazgan", "name_ru": "Жезказган", "name_kk": ""}
    assert localised_with_language(row, "kk") == ("Жезказган", "ru")
    assert localised({**row, "name_ru": "  "}, "kk") == "Zhezkazgan"
    assert localised({"name_kk": "Жезқазған", "name_en": ""}, "en") == "Жезқазған"
