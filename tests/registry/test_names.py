"""Name matching ignores case and language and suggests the closest name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from monotown.errors import NotFoundError
from monotown.registry import find_region, find_settlement
from monotown.registry.names import closest_name, normalise_name


@pytest.mark.parametrize("name", ["Temirtau", "TEMIRTAU", "темиртау", "Теміртау", " temirtau "])
def test_a_town_is_found_by_any_of_its_names(session: Session, name: str) -> None:
    assert find_settlement(session, name).code == "temirtau"


def test_an_unknown_town_suggests_the_closest(session: Session) -> None:
    with pytest.raises(
        NotFoundError, match=r"no town named 'Temirtua' \(did you mean 'Temirtau'\?\)"
    ):
        find_settlement(session, "Temirtua")


def test_nothing_close_gives_no_suggestion(session: Session) -> None:
    with pytest.raises(NotFoundError) as error:
        find_settlement(session, "Zzzzzzqqq")
    assert error.value.message == "no town named 'Zzzzzzqqq'"


def test_regions_match_in_russian_and_kazakh(session: Session) -> None:
    assert find_region(session, "Карагандинская область").code == "KZ-35"
    assert find_region(session, "қарағанды облысы").code == "KZ-35"
    assert find_region(session, "kz-35").code == "KZ-35"


@given(st.text(min_size=1, max_size=20))
def test_normalising_is_idempotent(text: str) -> None:
    assert normalise_name(normalise_name(text)) == normalise_name(text)


def test_closest_name_keeps_the_original_spelling() -> None:
    assert closest_name("rudnyy", ["Rudny", "Ridder"]) == "Rudny"
    assert closest_name("xyz", ["Rudny"]) is None
