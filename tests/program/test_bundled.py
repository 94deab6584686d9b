"""The bundled real program data: facts, plans, targets, directives and the other records the
program's texts state, and their CLI answers."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.program import headline_facts, load_facts
from monotown.program.bundled import FACTS_SOURCE
from monotown.program.models import (
    Directive,
    IndustrialZone,
    InfrastructureWork,
    Plan,
    ProgramFact,
    Project,
    Target,
)
from monotown.program.stated_models import Agreement, Initiative, TownStatement
from tests.conftest import Cli


def _bundled_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("monotown.resources.program").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_every_bundled_record_is_loaded_as_real(facts_session: Session) -> None:
    facts = len(_bundled_rows("program_facts.csv")) + len(_bundled_rows("stated_facts.csv"))
    assert facts_session.scalar(select(func.count()).select_from(ProgramFact)) == facts
    for model, file in (
        (Plan, "plans.csv"),
        (Target, "targets.csv"),
        (Directive, "directives.csv"),
        (IndustrialZone, "zones.csv"),
        (Project, "projects.csv"),
        (InfrastructureWork, "works.csv"),
        (Agreement, "agreements.csv"),
        (Initiative, "initiatives.csv"),
        (TownStatement, "town_statements.csv"),
    ):
        assert facts_session.scalar(select(func.count()).select_from(model)) == len(
            _bundled_rows(file)
        )
        assert not facts_session.scalar(select(func.count()).where(model.synthetic.is_(True)))


def test_bundled_copies_equal_the_reference_copies() -> None:
    for name in ("program_facts.csv", "mci.csv"):
        program = resources.files("monotown.resources.program").joinpath(name).read_text("utf-8")
        reference = (
            resources.files("monotown.resources.reference").joinpath(name).read_text("utf-8")
        )
        assert program == reference


def test_loading_twice_changes_nothing(facts_session: Session) -> None:
    result = load_facts(facts_session)
    assert result.total.n_new == result.total.n_changed == 0
    assert result.total.n_unchanged == result.total.rows_total == 140


def test_headline_facts_state_the_real_anchor_project_figures(facts_session: Session) -> None:
    facts = headline_facts(facts_session, topic="anchor_projects", as_of="2024")
    values = dict(zip(facts["metric"], facts["value"], strict=True))
    assert values["projects"] == 41
    assert values["value"] == 1_400_000_000_000
    assert (values["operating"], values["under_implementation"], values["idle"]) == (29, 9, 3)
    assert values["planned_jobs"] == 10_000
    assert set(facts["source"]) == {FACTS_SOURCE}
    budget = headline_facts(facts_session, topic="budget", as_of="2019-2023")
    assert dict(zip(budget["metric"], budget["value"], strict=True)) == {
        "allocated": 348_400_000_000,
        "allocated_national_budget": 184_000_000_000,
    }


def test_directives_overdue_on_the_bundled_data(facts_cli: Cli) -> None:
    result = facts_cli("directives", "--overdue", "--today", "2026-11-21", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = {row["code"]: row for row in json.loads(result.stdout)}
    # Every instruction with a deadline is past it by then; the 2013 ones and the two of 2024
    # with no date stated are never overdue.
    assert len(rows) == 11
    zones = rows["d-2025-06-industrial-zones-balkhash-kulsary"]
    assert zones["towns"] == ["Balkhash", "Kulsary"]
    assert zones["bodies"] == ["Akimat of Karaganda Region", "Akimat of Atyrau Region"]
    assert zones["days_left"] == -355 and zones["status"] == "overdue"
    assert all(not row["synthetic"] and row["recorded_status"] == "open" for row in rows.values())


def test_directives_are_not_overdue_before_the_deadline(facts_cli: Cli) -> None:
    before = facts_cli("directives", "--overdue", "--today", "2024-04-16", "--format", "json")
    assert json.loads(before.stdout) == []
    soon = facts_cli("directives", "--due-within", "7", "--today", "2025-11-25", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(soon.stdout)))
    assert {row["code"] for row in rows} == {
        "d-2025-06-industrial-zones-balkhash-kulsary",
        "d-2025-06-industrial-zones-satpayev-khromtau",
        "d-2025-06-offtake-scale-up",
        "d-2025-06-growth-drivers",
    }
    assert {row["days_left"] for row in rows} == {"6"}
    karaganda = facts_cli("directives", "--overdue", "--body", "karaganda", "--format", "json")
    assert [row["towns"] for row in json.loads(karaganda.stdout)] == [["Balkhash", "Kulsary"]]


def test_directives_table_says_how_many_rows_are_synthetic(facts_cli: Cli) -> None:
    result = facts_cli("directives", "--overdue", "--today", "2026-11-21")
    assert result.exit_code == 0
    assert "d-2025-06-growth-drivers" in result.stdout
    assert "0 of 11 rows are synthetic" in result.stdout


def test_directives_by_body_on_the_bundled_data(facts_cli: Cli) -> None:
    result = facts_cli("directives", "by-body", "--today", "2026-01-01", "--format", "json")
    rows = {row["body"]: row for row in json.loads(result.stdout)}
    assert rows["Akimat of Atyrau Region"]["overdue"] == 1
    assert rows["Akimat of Atyrau Region"]["basis"] == "real records"
    # "Regional Development Ministry" (2013) and "Ministry of National Economy" (2025) are one body.
    assert rows["Ministry of National Economy"]["records"] == 2
    assert rows["(not stated)"]["records"] == 5


def test_targets_on_the_bundled_data(facts_cli: Cli) -> None:
    result = facts_cli("targets", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = {row["code"]: row for row in json.loads(result.stdout)}
    sufficiency = rows["regional-standards-sufficiency"]
    assert (sufficiency["baseline_year"], sufficiency["baseline_value"]) == (2025, 64)
    assert (sufficiency["target_year"], sufficiency["target_value"]) == (2028, 70)
    assert sufficiency["track"] == "no actual yet"
    sme = rows["sme-share-of-gdp"]
    assert (sme["baseline_value"], sme["target_year"], sme["target_value"]) == (None, 2030, 40)
    assert sme["track"] == "no baseline"
    table = facts_cli("targets")
    assert "regional-standards-sufficiency" in table.stdout and "2028" in table.stdout


def test_targets_show(facts_cli: Cli) -> None:
    shown = facts_cli("targets", "show", "sme-share-of-gdp")
    assert shown.exit_code == 0 and "sme-share-of-gdp" in shown.stdout


@pytest.mark.parametrize(
    ("command", "reason"),
    [("targets", "error: no target with code 'nope'"), ("events", "no event 'nope'")],
)
def test_show_an_unknown_code_is_a_one_line_error(
    facts_cli: Cli, command: str, reason: str
) -> None:
    missing = facts_cli(command, "show", "nope")
    assert missing.exit_code == 1
    assert reason in missing.stderr and len(missing.stderr.strip().splitlines()) == 1


def test_load_facts_if_empty_skips_a_loaded_database(facts_cli: Cli) -> None:
    result = facts_cli("program", "load-facts", "--if-empty")
    assert result.exit_code == 0
    assert "already loaded" in result.stdout


def test_directives_an_older_bundle_shipped_are_retired(facts_session: Session) -> None:
    from monotown.program.models import DirectiveBody
    from monotown.records.provenance import AuditEntry

    old = Directive(
        code="industrial-zone-balkhash-2025",
        text="Create an industrial zone in Balkhash",
        deadline=None,
        status="open",
        synthetic=False,
    )
    old.bodies.append(DirectiveBody(position=0, body="Akimat of Karaganda Region"))
    facts_session.add(old)
    facts_session.flush()
    load_facts(facts_session)
    codes = set(facts_session.scalars(select(Directive.code)))
    assert "industrial-zone-balkhash-2025" not in codes and len(codes) == 16
    entry = facts_session.scalar(
        select(AuditEntry).where(AuditEntry.entity_key == "industrial-zone-balkhash-2025")
    )
    assert entry is not None and entry.action == "delete"
