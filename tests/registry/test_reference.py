"""The bundled reference data loads completely, matches its CSV files, and reloads idempotently."""

from __future__ import annotations

import csv
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.registry import (
    count_explanation,
    list_coverage,
    list_towns,
    load_reference,
    registry_counts,
    town_profile,
)
from monotown.registry.models import (
    DataSource,
    Enterprise,
    PopulationRecord,
    Settlement,
    TownFormingLink,
)
from monotown.registry.reference import read_reference_csv


def _fact_sheet() -> list[dict[str, str]]:
    text = (
        resources.files("monotown.resources.reference")
        .joinpath("kz_monotowns.csv")
        .read_text(encoding="utf-8")
    )
    return list(csv.DictReader(text.splitlines()))


def test_counts_equal_the_bundled_csv_files(session: Session) -> None:
    counts = registry_counts(session)
    assert counts["sources"] == len(read_reference_csv("sources.csv"))
    assert counts["regions"] == len(read_reference_csv("regions.csv")) == 20
    assert counts["settlements"] == len(read_reference_csv("settlements.csv"))
    assert counts["population"] == len(read_reference_csv("population.csv"))
    assert counts["statuses"] == len(read_reference_csv("monotown_status.csv"))
    assert counts["enterprises"] == len(read_reference_csv("enterprises.csv"))
    links = {
        (r["enterprise_key"], r["settlement_code"]) for r in read_reference_csv("town_forming.csv")
    }
    assert counts["town_forming"] == len(links)
    assert counts["town_figures"] == len(read_reference_csv("town_figures.csv"))


def test_every_town_of_both_lists_is_in_the_registry(session: Session) -> None:
    sheet = _fact_sheet()
    on_2012 = {row["name_en"] for row in sheet if row["on_list_2012"] == "yes"}
    on_current = {row["name_en"] for row in sheet if row["on_list_current"] == "yes"}
    assert len(on_2012) == 27
    assert {town.name_en for town in list_towns(session, list_code="2012")} == on_2012
    assert {town.name_en for town in list_towns(session, list_code="current")} == on_current
    assert len(list_towns(session)) == 27


def test_current_list_membership_is_yes_no_or_unknown_never_guessed(session: Session) -> None:
    towns = list_towns(session)
    answers = {town.name_en: town.membership("current") for town in towns}
    assert sorted(answers.values()).count("yes") == 17
    assert {name for name, answer in answers.items() if answer == "no"} == {
        "Saran",
        "Tekeli",
        "Priozersk",
    }
    unknown = {name for name, answer in answers.items() if answer == "unknown"}
    assert unknown == {
        "Arkalyk",
        "Serebryansk",
        "Zhanatas",
        "Karatau",
        "Zhezkazgan",
        "Aksu",
        "Kentau",
    }
    aksu = town_profile(session, "Aksu")
    assert aksu.unknown_lists == ["current"] and "current" not in aksu.exited
    coverage = list_coverage(towns)
    assert (coverage.members, coverage.not_members, coverage.unknown) == (17, 3, 7)
    text = count_explanation(coverage, 20, "Government session, 2024")
    assert text.startswith("20 as stated by the Government (Government session, 2024)")
    assert "17 towns on the list, 3 off it and 7 unknown" in text
    assert "3 of the stated towns are among the unknown ones" in text


def test_saran_left_by_order_248_and_tekeli_as_precisely_as_known(session: Session) -> None:
    saran = town_profile(session, "Saran")
    assert saran.lists == ["2012"] and saran.exited == ["current"]
    (status,) = [s for s in saran.statuses if s.list_code == "current"]
    assert (status.membership, status.date_from) == ("not_member", "2023-11-21")
    assert status.reason and "order No. 248" in status.reason
    assert "21 November 2023" in status.reason and "diversification" in status.reason
    tekeli = town_profile(session, "Tekeli")
    (status,) = [s for s in tekeli.statuses if s.list_code == "current"]
    assert status.membership == "not_member" and status.date_from is None
    assert status.note and "not stated" in status.note


def test_every_town_has_a_sourced_city_population_kept_apart_from_the_administration(
    session: Session,
) -> None:
    towns = list_towns(session)
    assert all(town.population and town.population_scope == "city" for town in towns)
    assert all(town.population_source for town in towns)
    temirtau = town_profile(session, "Temirtau")
    as_of_2023 = {(p.scope, p.population) for p in temirtau.populations if p.as_of == "2023-01-01"}
    assert as_of_2023 == {("city", 171890), ("administration", 177628)}
    assert temirtau.administration_population == 177628
    censuses = [p for p in temirtau.populations if p.kind == "census"]
    assert {(p.year, p.population) for p in censuses} == {(1999, 170481), (2009, 169590)}
    # Sources that disagree are both kept, each with its source.
    zhanaozen = town_profile(session, "Zhanaozen")
    census_2009 = [p for p in zhanaozen.populations if p.kind == "census" and p.year == 2009]
    assert {p.population for p in census_2009} == {113014, 48871}
    assert len({p.source for p in census_2009}) == 2
    kurchatov = town_profile(session, "Kurchatov")
    assert any(p.lower_bound and p.text() == "more than 10,000" for p in kurchatov.populations)
    assert kurchatov.population == 10457  # a lower bound is never the headline


def test_cited_enterprises_with_owner_and_town_figures(session: Session) -> None:
    zhanaozen = town_profile(session, "Zhanaozen")
    (company,) = zhanaozen.enterprises
    assert (company.enterprise, company.owner_group, company.sector) == (
        "Ozenmunaigas JSC",
        "KazMunayGas",
        "oil",
    )
    satpayev = town_profile(session, "Satpayev")
    assert any(e.employment_share_pct == 80 for e in satpayev.enterprises)
    arkalyk = town_profile(session, "Arkalyk")
    (unemployment,) = [f for f in arkalyk.figures if f.metric == "unemployment rate"]
    assert (unemployment.year, unemployment.value, unemployment.bound) == (2013, 9.4, "exact")
    assert unemployment.indicator_code == "unemployment_rate_pct" and unemployment.source
    stepnogorsk = town_profile(session, "Stepnogorsk")
    (below,) = [f for f in stepnogorsk.figures if f.metric == "unemployment rate"]
    assert (below.value_text, below.bound) == ("<5", "upper")


def test_reloading_changes_nothing(session: Session) -> None:
    before = registry_counts(session)
    ids = list(session.scalars(select(Settlement.id).order_by(Settlement.code)))
    load_reference(session)
    assert registry_counts(session) == before
    assert list(session.scalars(select(Settlement.id).order_by(Settlement.code))) == ids


def test_reloading_drops_superseded_bundled_records_but_keeps_user_ones(session: Session) -> None:
    """A database loaded from an earlier bundle loses the records this bundle replaced (an
    uncited enterprise, a superseded population figure); records a user entered stay."""
    bundled = session.scalars(select(DataSource).where(DataSource.key == "kz-monotowns")).one()
    temirtau = session.scalars(select(Settlement).where(Settlement.code == "temirtau")).one()
    old = Enterprise(key="old-steel-works", name="Old steel works", source_id=bundled.id)
    mine = Enterprise(key="temirtau-bakery", name="Temirtau Bakery")
    session.add_all([old, mine])
    session.flush()
    session.add_all(
        [
            TownFormingLink(enterprise_id=old.id, settlement_id=temirtau.id),
            TownFormingLink(enterprise_id=mine.id, settlement_id=temirtau.id),
            PopulationRecord(
                settlement_id=temirtau.id, year=2020, population=1, source_id=bundled.id
            ),
            PopulationRecord(settlement_id=temirtau.id, year=2020, population=2),
        ]
    )
    session.flush()
    load_reference(session)
    keys = set(session.scalars(select(Enterprise.key)))
    assert "old-steel-works" not in keys and "temirtau-bakery" in keys
    figures = {p.population for p in town_profile(session, "Temirtau").populations}
    assert 1 not in figures and 2 in figures
