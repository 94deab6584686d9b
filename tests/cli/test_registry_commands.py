"""Every foundation CLI command, through Typer's runner, including the error paths."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import Cli


def test_towns_list_shows_every_town_of_both_lists(cli: Cli) -> None:
    result = cli("towns", "list", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 27
    assert {"Temirtau", "Saran", "Rudny"} <= {row["name_en"] for row in rows}


def test_towns_list_table_has_a_title_with_the_count(cli: Cli) -> None:
    result = cli("towns", "list")
    assert result.exit_code == 0
    assert "Monotowns (all lists): 27" in result.stdout
    assert "Temirtau" in result.stdout


def test_towns_list_shows_a_real_population_and_unknown_membership(cli: Cli) -> None:
    towns = json.loads(cli("towns", "list", "--format", "json").stdout)
    assert len(towns) == 27
    assert all(town["population"] and town["population_source"] for town in towns)
    assert {town["population_scope"] for town in towns} == {"city"}
    answers = [town["current_list"] for town in towns]
    assert (answers.count("yes"), answers.count("no"), answers.count("unknown")) == (17, 3, 7)
    aksu = next(town for town in towns if town["name_en"] == "Aksu")
    assert aksu["current_list"] == "unknown" and aksu["exited"] == []
    table = cli("towns", "list").stdout
    assert "unknown" in table and "171,890" in table
    assert "17 towns on the list, 3 off it and 7 unknown" in " ".join(table.split())


def test_towns_list_filters_by_list_and_region(cli: Cli) -> None:
    current = json.loads(cli("towns", "list", "--list", "current", "--format", "json").stdout)
    assert len(current) == 17
    assert all("current" in town["lists"] for town in current)
    assert "Saran" not in {town["name_en"] for town in current}
    program = json.loads(cli("towns", "list", "--list", "2012", "--format", "json").stdout)
    assert len(program) == 27
    karaganda = json.loads(
        cli("towns", "list", "--region", "Карагандинская область", "--format", "json").stdout
    )
    assert {town["name_en"] for town in karaganda} == {
        "Abai",
        "Balkhash",
        "Priozersk",
        "Saran",
        "Temirtau",
        "Shakhtinsk",
    }


def test_towns_list_rejects_an_unknown_region_and_list(cli: Cli) -> None:
    result = cli("towns", "list", "--region", "Karagnda")
    assert result.exit_code == 1
    assert "error: no region named 'Karagnda' (did you mean 'Karaganda Region'?)" in result.stderr
    result = cli("towns", "list", "--list", "2030")
    assert result.exit_code == 2


def test_towns_show_temirtau_has_its_enterprise_and_status(cli: Cli) -> None:
    result = cli("towns", "show", "Temirtau")
    assert result.exit_code == 0
    assert "Karaganda Region" in result.stdout
    assert "Qarmet JSC" in result.stdout
    assert "2012-2020 program" in result.stdout


def test_towns_show_in_kazakh_as_json(cli: Cli) -> None:
    result = cli("towns", "show", "сәтбаев", "--format", "json")
    profile = json.loads(result.stdout)
    assert profile["name_en"] == "Satpayev"
    assert profile["enterprises"][0]["employment_share_pct"] == 80


def test_towns_show_unknown_name_suggests_and_exits_1(cli: Cli) -> None:
    result = cli("towns", "show", "Temirtua")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: no town named 'Temirtua' (did you mean 'Temirtau'?)"
    assert "Traceback" not in result.output


def test_commands_on_an_empty_database_say_to_upgrade(empty_cli: Cli) -> None:
    result = empty_cli("towns", "list")
    assert result.exit_code == 1
    assert "run 'monotown db upgrade' first" in result.stderr


def test_db_upgrade_then_load_reference(empty_cli: Cli) -> None:
    assert empty_cli("db", "upgrade").exit_code == 0
    assert "up to date" in empty_cli("db", "current").stdout
    loaded = empty_cli("data", "load-reference")
    assert loaded.exit_code == 0
    assert "27 settlements" in loaded.stdout
    again = empty_cli("data", "load-reference", "--if-empty")
    assert "already loaded" in again.stdout
    assert empty_cli("data", "load-reference").exit_code == 0
    assert len(json.loads(empty_cli("towns", "list", "--format", "json").stdout)) == 27


def test_db_reset_needs_yes_and_then_empties_the_database(cli: Cli) -> None:
    refused = cli("db", "reset")
    assert refused.exit_code == 1
    assert "add --yes" in refused.stderr
    assert len(json.loads(cli("towns", "list", "--format", "json").stdout)) == 27
    assert cli("db", "reset", "--yes").exit_code == 0
    assert json.loads(cli("towns", "list", "--format", "json").stdout) == []


def test_db_downgrade_to_base(cli: Cli) -> None:
    assert cli("db", "downgrade", "base").exit_code == 0
    assert "needs 'monotown db upgrade'" in cli("db", "current").stdout
    assert cli("towns", "list").exit_code == 1


def test_serve_help_lists_host_and_port(cli: Cli) -> None:
    result = cli("serve", "--help")
    assert result.exit_code == 0
    assert "--host" in result.stdout and "--port" in result.stdout


def test_commands_on_an_old_schema_say_how_to_upgrade(cli: Cli) -> None:
    from sqlalchemy import text

    from monotown import migrations
    from monotown.db import make_engine

    engine = make_engine(cli.url)  # stamped with a revision the baseline squashed, by SQL
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0001_foundation'"))
    engine.dispose()
    result = cli("towns", "list")
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert "0001_foundation" in line and migrations.FULL_HISTORY_COMMIT in line
    assert "then 'monotown db upgrade'" in line


def test_loading_reference_data_is_audited(empty_cli: Cli) -> None:
    from sqlalchemy import select

    from monotown.db import make_engine, session_scope
    from monotown.records.provenance import AuditEntry

    assert empty_cli("db", "upgrade").exit_code == 0
    assert empty_cli("data", "load-reference").exit_code == 0
    engine = make_engine(empty_cli.url)
    try:
        with session_scope(engine) as session:
            entry = session.scalars(
                select(AuditEntry).where(AuditEntry.entity == "reference_data")
            ).one()
        assert entry.action == "import"
        assert entry.origin == "cli"
        assert entry.new["settlements"] == 27
    finally:
        engine.dispose()
