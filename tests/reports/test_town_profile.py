"""Town profiles: two to four pages, registry figures as stored, any name in any language."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from monotown.errors import NotFoundError
from monotown.registry import town_profile
from monotown.reports import gather_town_profile, render_town_profile
from tests.reports.pdf_tools import assert_pages_not_blank, page_count, page_texts


def test_profile_pdf_has_two_to_four_pages_none_blank(
    demo_session: Session, tmp_path: Path
) -> None:
    path = tmp_path / "satpayev.pdf"
    path.write_bytes(render_town_profile(demo_session, "Satpayev", lang="en", fmt="pdf"))
    assert 2 <= page_count(path) <= 4
    assert_pages_not_blank(path, tmp_path)
    text = "\n".join(page_texts(path))
    assert "Satpayev" in text
    assert "Ulytau Region" in text
    assert "68,640" in text  # the latest city-proper population the registry holds
    assert "80%" in text  # Kazakhmys' share of employment in 2015


def test_profile_figures_equal_the_registry(session: Session) -> None:
    view = town_profile(session, "Satpayev")
    report = gather_town_profile(session, "Сатпаев", lang="en")
    stats = {stat.label: stat.cell for stat in report.section("overview").stats()}
    assert stats["Population"].value == view.population == 68379
    assert stats["Region"].value == view.region_en
    enterprises = report.section("economy").table("enterprises")
    shares = [cell.value for cell in enterprises.column("Share of employment")]
    assert shares == [e.employment_share_pct for e in view.enterprises]
    statuses = report.section("economy").table("statuses")
    assert len(statuses.rows) == len(view.statuses)
    assert all(stat.cell.note is not None for stat in report.section("overview").stats())


def test_exit_is_shown_with_its_reason(session: Session) -> None:
    report = gather_town_profile(session, "Saran", lang="ru")
    statuses = report.section("economy").table("statuses")
    (row,) = [r for r in statuses.rows if r[1].text == "нет"]  # not on the current list
    assert row[2].text == "2023-11-21"
    assert "№ 248" in row[4].text and "диверсификацией" in row[4].text


def test_facts_naming_the_town_are_cited(session: Session) -> None:
    report = gather_town_profile(session, "Ridder", lang="en")
    table = report.section("program").table("town_facts")
    labels = [cell.text for cell in table.column("Figure")]
    assert "Boilers to repair" in labels
    assert "Measures of the comprehensive plans" in labels
    assert all(cell.note is not None for cell in table.column("Value"))


def test_unknown_town_suggests_a_name(session: Session) -> None:
    with pytest.raises(NotFoundError, match="did you mean 'Temirtau'"):
        render_town_profile(session, "Temirtua", lang="en", fmt="html")
