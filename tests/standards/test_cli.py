"""`monotown standards ...` as a user runs it, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monotown.db import make_engine, session_scope
from monotown.standards import load_catalog
from tests.conftest import Cli
from tests.standards.conftest import build_small_tree


@pytest.fixture
def cli(cli: Cli, catalog_file: Path) -> Cli:
    """Here every command runs on a database holding the small tree and its catalog (no
    provision yet): the conftest's `cli`, prepared."""
    engine = make_engine(cli.url)
    with session_scope(engine) as session:
        build_small_tree(session)
        load_catalog(session, catalog_file)
    engine.dispose()
    return cli


def test_level_prints_national_regional_district_and_gaps(cli: Cli, provision_file: Path) -> None:
    imported = cli("standards", "import", str(provision_file))
    assert imported.exit_code == 0, imported.output
    assert "committed as batch" in imported.output
    result = cli("standards", "level", "--year", "2025")
    assert result.exit_code == 0, result.output
    assert "National sufficiency 2025: 45.8%" in result.output
    assert "Stated: 64%" in result.output and "70% by 2028" in result.output
    assert "Karaganda Region" in result.output and "Test district" in result.output
    assert "s_clinic" in result.output
    data = json.loads(
        cli(
            "standards", "level", "--year", "2025", "--format", "json", "--weighting", "population"
        ).output
    )
    assert data["national_pct"] == 66.13
    assert data["gaps"][0]["settlement_key"] == "t_town"
    csv_text = cli("standards", "level", "--year", "2025", "--format", "csv").output
    assert csv_text.splitlines()[1].startswith("nation,KZ,Kazakhstan,45.83")


def test_bad_file_fails_with_one_line_per_problem_and_writes_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("settlement,standard,year,met\nt_town,s_school,2025,perhaps\n", encoding="utf-8")
    result = cli("standards", "import", str(bad))
    assert result.exit_code == 1
    assert "bad.csv:2: field 'met' value 'perhaps': must be yes or no" in result.output
    assert "Traceback" not in result.output
    missing = cli("standards", "level", "--year", "2025")
    assert missing.exit_code == 1 and "no provision records" in missing.output


def test_catalog_export_loads_back_unchanged_and_designate_records(
    cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "exported.csv"
    assert cli("standards", "export", "catalog", "-o", str(out)).exit_code == 0
    loaded = cli("standards", "catalog", "--load", str(out), "--format", "json")
    assert loaded.exit_code == 0, loaded.output
    assert "0 new, 0 updated, 4 unchanged" in loaded.output
    result = cli(
        "standards",
        "designate",
        "c_village",
        "--satellite-of",
        "a_village",
        "--from",
        "2025-03-01",
        "--source",
        "akimat decision",
    )
    assert result.exit_code == 0, result.output
    again = cli("standards", "designate", "a_village", "--from", "2025-01-01")
    assert again.exit_code == 1 and "already has a support village designation" in again.output
    bad_date = cli("standards", "designate", "c_village", "--from", "March")
    assert bad_date.exit_code == 1 and "field 'from' value 'March'" in bad_date.output


def test_level_drills_down_to_a_district(cli: Cli, provision_file: Path) -> None:
    assert cli("standards", "import", str(provision_file)).exit_code == 0
    data = json.loads(
        cli("standards", "level", "--district", "d_test", "--gaps", "2", "--format", "json").output
    )
    assert [row["key"] for row in data["districts"]] == ["d_test"]
    assert data["gaps_total"] == 4 and len(data["gaps"]) == 2
    unknown = cli("standards", "level", "--district", "nowhere")
    assert unknown.exit_code == 1 and "no unit of the national tree" in unknown.output


def test_provision_export_guards_formula_cells_and_loads_back(cli: Cli, tmp_path: Path) -> None:
    planted = tmp_path / "planted.csv"
    planted.write_text(
        "settlement,standard,year,met,value,note\n"
        't_town,s_school,2025,yes,,"=HYPERLINK(""http://x"")"\n',
        encoding="utf-8",
    )
    assert cli("standards", "import", str(planted)).exit_code == 0
    out = tmp_path / "provision.csv"
    assert cli("standards", "export", "provision", "-o", str(out)).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "settlement,standard,year,met,value,flag,source,note"
    assert lines[1].endswith(""""'=HYPERLINK(""http://x"")\"""")
    level = cli("standards", "export", "level", "--year", "2025").output
    assert level.splitlines()[0].startswith("section,key,name_en")
