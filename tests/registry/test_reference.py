"""The bundled reference data loads completely, matches its CSV files, and reloads idempotently."""

from __future__ import annotations

import csv
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.registry import list_towns, load_reference, registry_counts, town_profile
from monotown.registry.models import Settlement
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


def test_every_town_of_both_lists_is_in_the_registry(session: Session) -> None:
    sheet = _fact_sheet()
    on_2012 = {row["name_en"] for row in sheet if row["on_list_2012"] == "yes"}
    on_current = {row["name_en"] for row in sheet if row["on_list_current"] == "yes"}
    assert len(on_2012) == 27
    assert {town.name_en for town in list_towns(session, list_code="2012")} == on_2012
    assert {town.name_en for town in list_towns(session, list_code="current")} == on_current
    assert len(list_towns(session)) == 27


def test_saran_left_the_list_after_diversification(session: Session) -> None:
    saran = town_profile(session, "Saran")
    assert saran.lists == []
    assert saran.exited == ["2012"]
    (status,) = saran.statuses
    assert status.date_to == "2025-06"
    assert status.reason and "diversification" in status.reason


def test_unknown_facts_stay_unknown(session: Session) -> None:
    temirtau = town_profile(session, "Temirtau")
    assert temirtau.population is None
    assert temirtau.enterprises[0].employment_share_pct is None
    satpayev = town_profile(session, "Satpayev")
    assert satpayev.population == 70000
    assert satpayev.population_approximate
    assert satpayev.enterprises[0].employment_share_pct == 80


def test_reloading_changes_nothing(session: Session) -> None:
    before = registry_counts(session)
    ids = list(session.scalars(select(Settlement.id).order_by(Settlement.code)))
    load_reference(session)
    assert registry_counts(session) == before
    assert list(session.scalars(select(Settlement.id).order_by(Settlement.code))) == ids
