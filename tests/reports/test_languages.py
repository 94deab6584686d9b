"""A briefing and a town profile render from the demo data in Kazakh, Russian and English."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from monotown.reports import render_briefing, render_town_profile
from tests.reports.pdf_tools import page_count, page_texts

EXPECTED = {
    "kk": ("Қазақстанның моноқалалары", "Негізгі көрсеткіштер", "Теміртау", "Қарағанды облысы"),
    "ru": ("Моногорода Казахстана", "Ключевые показатели", "Темиртау", "Карагандинская область"),
    "en": ("Single-industry towns of Kazakhstan", "Headline figures", "Temirtau", "Karaganda"),
}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_briefing_and_profile_render_in_each_language(
    demo_session: Session, tmp_path: Path, lang: str
) -> None:
    session = demo_session
    title, heading, town, region = EXPECTED[lang]
    briefing = tmp_path / f"briefing-{lang}.pdf"
    briefing.write_bytes(render_briefing(session, lang=lang, fmt="pdf"))
    text = "\n".join(page_texts(briefing))
    assert title in text and heading in text and town in text
    profile = tmp_path / f"temirtau-{lang}.pdf"
    profile.write_bytes(render_town_profile(session, "Temirtau", lang=lang, fmt="pdf"))
    assert 2 <= page_count(profile) <= 4
    assert page_count(briefing) <= 17  # source notes quote the sentence behind each figure
    text = "\n".join(page_texts(profile))
    assert town in text and region in text
    html = render_town_profile(session, "Temirtau", lang=lang, fmt="html").decode("utf-8")
    assert f'<html lang="{lang}">' in html


def test_numbers_are_formatted_per_locale(session: Session) -> None:
    html_ru = render_briefing(session, lang="ru", fmt="html").decode("utf-8")
    html_en = render_briefing(session, lang="en", fmt="html").decode("utf-8")
    assert "18,5 трлн тг" in html_ru
    assert "18.5 trn KZT" in html_en
