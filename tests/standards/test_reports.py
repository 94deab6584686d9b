"""The briefing has a regional-standards section and the workbook a sheet, from the records."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import Engine

from monotown.db import session_scope
from monotown.reports.briefing import gather_briefing
from monotown.reports.render import render_html
from monotown.reports.workbook import build_workbook
from monotown.reports.workbook_data import workbook_sheets
from monotown.standards import import_provision
from tests.standards.conftest import tie_town_to_temirtau


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_briefing_section_cites_the_batches(
    small_tree: Engine, provision_file: Path, lang: str
) -> None:
    with session_scope(small_tree) as session:
        before = [s.key for s in gather_briefing(session, lang=lang).sections]
        import_provision(session, provision_file)
    assert "standards" not in before
    with session_scope(small_tree) as session:
        report = gather_briefing(session, lang=lang)
    section = next(s for s in report.sections if s.key == "standards")
    stats = section.blocks[0].stats  # type: ignore[union-attr]
    assert stats[0].cell.value == pytest.approx(45.83, abs=0.01)
    assert stats[1].cell.value == 64.0
    cited = [text for _n, source in report.sources for text in [source.text]]
    assert any("Provision records of 2025, import batches" in text for text in cited)
    if lang == "ru":
        assert section.title == "Региональные стандарты: обеспеченность населённых пунктов"
    html = render_html(report)
    assert "standards-gaps" in html or "t_town" in html


def test_workbook_sheet_holds_nation_regions_districts(
    small_tree: Engine, provision_file: Path
) -> None:
    with session_scope(small_tree) as session:
        import_provision(session, provision_file)
        content = build_workbook(workbook_sheets(session))
    book = load_workbook(io.BytesIO(content), read_only=True)
    rows = list(book["Regional standards"].iter_rows(values_only=True))
    assert rows[0][:5] == ("year", "level", "key", "name", "sufficiency_pct")
    assert rows[1][1:5] == ("nation", "KZ", "Kazakhstan", 45.83)
    assert any(row[1] == "district" and row[2] == "d_test" for row in rows)


@pytest.mark.parametrize("lang", ["en", "kk"])
def test_town_profile_report_lists_support_villages(
    small_tree: Engine, provision_file: Path, lang: str
) -> None:
    from monotown.reports.profile import gather_town_profile

    with session_scope(small_tree) as session:
        import_provision(session, provision_file)
        tie_town_to_temirtau(session)
    with session_scope(small_tree) as session:
        report = gather_town_profile(session, "temirtau", lang=lang)
    section = next(s for s in report.sections if s.key == "standards")
    stat = section.blocks[0].stats[0]  # type: ignore[union-attr]
    assert stat.cell.value == pytest.approx(66.7, abs=0.1)  # T: 2 of 3 standards met
    table = section.blocks[1]
    assert [cell.text for cell in table.rows[0]] == [
        "a_village",
        "1,000" if lang == "en" else "1\xa0000",
        "b_village",
    ]  # type: ignore[union-attr]
    assert render_html(report)
