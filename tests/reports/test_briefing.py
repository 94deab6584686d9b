"""The national briefing: a real PDF with the expected pages, and figures equal to the database."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.i18n import format_number
from monotown.registry.models import MonotownStatus, PopulationRecord, Settlement
from monotown.reports import BriefingOptions, gather_briefing, render_briefing
from monotown.reports.facts import load_facts
from monotown.reports.model import Paragraph
from tests.reports.pdf_tools import assert_pages_not_blank, page_count, page_texts


def _write(tmp_path: Path, data: bytes, name: str = "briefing.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _db_counts(session: Session) -> dict[str, int]:
    """The registry figures the briefing states, computed independently with SQL."""
    on_2012 = select(func.count(func.distinct(MonotownStatus.settlement_id))).where(
        MonotownStatus.list_code == "2012"
    )
    in_current = MonotownStatus.list_code == "current"
    current = select(func.count(func.distinct(MonotownStatus.settlement_id))).where(
        in_current, MonotownStatus.date_to.is_(None), MonotownStatus.membership == "member"
    )
    left = select(func.count(func.distinct(MonotownStatus.settlement_id))).where(
        in_current,
        (MonotownStatus.membership == "not_member") | MonotownStatus.date_to.is_not(None),
    )
    unknown = select(func.count(func.distinct(MonotownStatus.settlement_id))).where(
        in_current, MonotownStatus.membership == "unknown"
    )
    return {
        "2012": session.scalar(on_2012) or 0,
        "current": session.scalar(current) or 0,
        "left": session.scalar(left) or 0,
        "unknown": session.scalar(unknown) or 0,
    }


def _db_populations(session: Session) -> dict[str, int]:
    """City-proper population per settlement name: the statistics bureau's own 1 January
    estimate where there is one, else the latest figure (the registry's headline rule)."""
    rows = session.execute(
        select(
            Settlement.name_en,
            PopulationRecord.figure,
            PopulationRecord.as_of,
            PopulationRecord.population,
        )
        .join(PopulationRecord)
        .where(PopulationRecord.scope == "city", PopulationRecord.lower_bound.is_(False))
    ).all()
    best: dict[str, tuple[bool, str, int]] = {}
    for name, figure, as_of, population in rows:
        key = (figure == "population (BNS current estimate)", str(as_of or ""), population)
        if name not in best or key[:2] > best[name][:2]:
            best[name] = key
    return {name: key[2] for name, key in best.items()}


def test_briefing_pdf_opens_with_expected_pages_none_blank(
    session: Session, tmp_path: Path
) -> None:
    path = _write(tmp_path, render_briefing(session, lang="en", fmt="pdf"))
    assert path.read_bytes().startswith(b"%PDF")
    pages = page_count(path)
    assert 4 <= pages <= 12
    assert_pages_not_blank(path, tmp_path)
    texts = page_texts(path)
    assert "Single-industry towns of Kazakhstan" in texts[0]
    assert "Headline figures" in texts[0]
    assert "Sources" in texts[-1]
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} / {pages}" in text
    # The registry figures as printed equal those computed from the database.
    counts, populations = _db_counts(session), _db_populations(session)
    printed = "\n".join(texts)
    for value in (counts["2012"], sum(populations.values()), *populations.values()):
        assert format_number(value, "en") in printed


def test_registry_figures_equal_the_database(session: Session) -> None:
    report = gather_briefing(session, lang="en")
    counts = _db_counts(session)
    stats = {stat.label: stat.cell for stat in report.section("headline").stats()}
    assert stats["Towns of the 2012–2020 program"].value == counts["2012"] == 27
    assert stats["Towns on the current list confirmed by sources"].value == counts["current"] == 17
    assert stats["Towns not on the current list"].value == counts["left"] == 3
    assert stats["Towns whose current-list membership is unknown"].value == counts["unknown"] == 7
    blocks = report.section("headline").blocks
    explained = " ".join(block.text for block in blocks if isinstance(block, Paragraph))
    assert "the registry knows 17 on the list, 3 off it and 7 unknown" in explained
    populations = _db_populations(session)
    assert stats["Population with a recorded figure"].value == sum(populations.values())

    table = report.section("towns").table("towns")
    names = [cell.text for cell in table.column("Town")]
    assert len(names) == counts["2012"]
    printed = {
        name: cell.value for name, cell in zip(names, table.column("Population"), strict=True)
    }
    for name, population in populations.items():
        assert printed[name] == population
    assert all(printed[name] is None for name in printed if name not in populations)


def test_every_figure_cites_a_source(session: Session) -> None:
    report = gather_briefing(session, lang="en")
    numbers = {number for number, _ in report.sources}
    assert numbers == set(range(1, len(report.sources) + 1))
    for section in report.sections:
        for stat in section.stats():
            assert stat.cell.note is not None, stat.label
            assert stat.cell.note.number in numbers
    towns = report.section("towns").table("towns")
    assert all(cell.note is not None for cell in towns.column("Town"))
    assert all(
        cell.note is not None for cell in towns.column("Population") if cell.value is not None
    )
    texts = [source.text for _, source in report.sources]
    assert any("2012-2020 program list and current list" in text for text in texts)
    assert any("Single-industry towns seminar, 2024" in text for text in texts)


def test_stated_facts_match_the_bundled_file_and_follow_the_period(session: Session) -> None:
    facts = {(f.as_of, f.topic, f.metric): f.value for f in load_facts()}
    latest = gather_briefing(session, lang="en")
    stats = {s.label: s.cell for s in latest.section("headline").stats()}
    assert (
        stats["Single-industry towns (official count)"].value
        == facts[("2024", "registry", "single_industry_towns")]
    )
    assert stats["Share of national industrial output"].text == "36.4%"

    early = gather_briefing(session, lang="en", options=BriefingOptions(period=2013))
    stats = {s.label: s.cell for s in early.section("headline").stats()}
    assert stats["Single-industry towns (official count)"].value == 27
    assert stats["Population of single-industry towns"].value == 1_530_000
    budget = early.section("program_facts").table("facts_budget")
    assert {cell.text for cell in budget.column("As of")} == {"2012", "2013"}


def test_briefing_html_is_self_contained(session: Session) -> None:
    html = render_briefing(session, lang="en", fmt="html").decode("utf-8")
    assert html.startswith("<!doctype html>")
    assert 'src="data:image/svg+xml;base64,' in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "an asset would be fetched"
