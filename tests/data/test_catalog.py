"""The indicator catalog: bundled file, loading, editing, and the `indicators` commands."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from monotown.data import catalog_frame, get_indicator, load_catalog
from monotown.data.catalog import INDICATOR_CATALOG, bundled_catalog_text
from monotown.db import session_scope
from monotown.errors import InputError, NotFoundError
from monotown.records.provenance import AuditEntry
from tests.conftest import Cli

PILLARS = {
    "demography",
    "labour",
    "economy",
    "diversification",
    "sme",
    "investment",
    "infrastructure",
    "housing",
    "social",
    "environment",
    "budget",
}


def test_bundled_catalog_has_78_indicators_in_the_pillars_with_three_languages() -> None:
    entries = INDICATOR_CATALOG.read(bundled_catalog_text(), file="indicators.csv")
    scored = [entry for entry in entries if entry["role"] == "indicator"]
    assert len(scored) >= 78
    assert {entry["pillar"] for entry in entries} == PILLARS
    for entry in entries:
        assert entry["name_en"] and entry["name_ru"] and entry["name_kk"], entry["code"]
        assert entry["description"] and entry["source"] and entry["dhis2_code"], entry["code"]
        assert entry["name_ru"] != entry["name_kk"] or entry["code"] == "pop_total"
    by_code = {entry["code"]: entry for entry in entries}
    assert by_code["unemployment_rate_pct"]["direction"] == "lower"
    assert by_code["heat_source_reserve_pct"]["target"] == 15
    assert by_code["pop_total"]["name_ru"] == "Численность постоянного населения"


# The catalog's agreed columns, as the first line of the CSV a user downloads (pinned here, so a
# change of the file's columns is a decision, not an accident).
AGREED_HEADER = (
    "code,pillar,role,name_en,name_ru,name_kk,unit,direction,target,min,max,description,source,"
    "dhis2_code"
)


def test_catalog_frame_has_the_agreed_columns(data_session: Session) -> None:
    frame = catalog_frame(data_session)
    assert ",".join(frame.columns) == AGREED_HEADER
    assert len(frame) == 88
    row = frame.set_index("code").loc["wage_to_regional_avg_pct"]
    assert (row["min"], row["max"], row["direction"]) == (0.0, 500.0, "higher")


def test_loading_twice_changes_nothing(data_session: Session) -> None:
    report = load_catalog(data_session)
    assert (report.created, report.updated, report.unchanged) == ([], [], 88)


def test_an_edited_copy_updates_entries_and_is_audited(data_engine: Engine, tmp_path: Path) -> None:
    text = bundled_catalog_text().replace(
        "Unemployment rate,%,lower,,0,100", "Unemployment rate (LFS),%,lower,,0,60"
    )
    text += "new_indicator,labour,indicator,A new one,%,higher,,0,100,Новый,Жаңа,d,s,MT_NEW\n"
    path = tmp_path / "catalog.csv"
    path.write_text(text, encoding="utf-8")
    with session_scope(data_engine) as session:
        report = load_catalog(session, path, user="analyst")
    assert report.created == ["new_indicator"]
    assert report.updated == ["unemployment_rate_pct"]
    with session_scope(data_engine) as session:
        indicator = get_indicator(session, "unemployment_rate_pct")
        assert (indicator.name_en, indicator.max_value) == ("Unemployment rate (LFS)", 60)
        entry = session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_key == "unemployment_rate_pct", AuditEntry.action == "update"
            )
        ).one()
        assert entry.user == "analyst" and entry.action == "update"
        assert entry.old == {"name_en": "Unemployment rate", "max": 100}
        assert entry.new == {"name_en": "Unemployment rate (LFS)", "max": 60}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("0,100,", "100,0,"), "field 'min' value '100': min 100 is above max 0"),
        ((",lower,", ",worse,"), "field 'direction' value 'worse': must be one of higher"),
        (("unemployment_rate_pct", "Unemployment Rate"), "field 'code' value 'Unemployment Rate'"),
        (
            ("heat sources,%,target,15,", "heat sources,%,target,,"),
            "field 'target' value '': is required when direction is 'target'",
        ),
        (
            ("0,100,Уровень безработицы", "0,abc,Уровень безработицы"),
            "field 'max' value 'abc': is not a number",
        ),
    ],
)
def test_a_bad_catalog_file_names_row_and_field(
    change: tuple[str, str], message: str, data_session: Session, tmp_path: Path
) -> None:
    text = bundled_catalog_text()
    assert change[0] in text
    path = tmp_path / "bad.csv"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_catalog(data_session, path)
    assert f"{path}:" in raised.value.message and message in raised.value.message


def test_duplicate_codes_are_refused(tmp_path: Path, data_session: Session) -> None:
    lines = bundled_catalog_text().splitlines()
    path = tmp_path / "dup.csv"
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(
        InputError, match="90: field 'code' value 'pop_total': code already used on row 2"
    ):
        load_catalog(data_session, path)


def test_unknown_code_suggests_the_closest(data_session: Session) -> None:
    with pytest.raises(NotFoundError, match="did you mean 'unemployment_rate_pct'"):
        get_indicator(data_session, "unemployment_rate")
    assert get_indicator(data_session, "MT_POP_TOTAL").code == "pop_total"


def test_indicators_list_code_first_in_every_format(data_cli: Cli) -> None:
    table = data_cli("indicators", "list")
    assert table.exit_code == 0 and "Indicator catalog: 88 entries" in table.stdout
    written = data_cli("indicators", "list", "--format", "csv").stdout
    assert written.splitlines()[0] == AGREED_HEADER
    rows = list(csv.DictReader(io.StringIO(written)))
    assert next(iter(rows[0])) == "code" and len(rows) == 88
    assert rows[0]["max"] == "5000000"
    labour = json.loads(
        data_cli("indicators", "list", "--pillar", "Labour", "--format", "json").stdout
    )
    assert {row["pillar"] for row in labour} == {"labour"} and len(labour) == 10


def test_indicators_list_unknown_pillar_suggests(data_cli: Cli) -> None:
    result = data_cli("indicators", "list", "--pillar", "labor")
    assert result.exit_code == 1
    assert "no pillar named 'labor' (did you mean 'labour'?)" in result.stderr


def test_indicators_show_in_table_and_json(data_cli: Cli) -> None:
    result = data_cli("indicators", "show", "avg_monthly_wage_kzt")
    assert result.exit_code == 0
    assert "Среднемесячная номинальная заработная плата" in result.stdout
    assert "no values stored" in result.stdout
    shown = json.loads(
        data_cli("indicators", "show", "heat_source_reserve_pct", "--format", "json").stdout
    )
    assert shown["direction"] == "target" and shown["target"] == 15
    missing = data_cli("indicators", "show", "wage")
    assert missing.exit_code == 1 and "no indicator with code 'wage'" in missing.stderr


def test_indicators_load_command(data_cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "catalog.csv"
    path.write_text(
        bundled_catalog_text().replace("Resident population,", "Residents,"), encoding="utf-8"
    )
    result = data_cli("indicators", "load", str(path))
    assert result.exit_code == 0 and "0 new, 1 updated, 87 unchanged" in result.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("code,pillar\nx,y\n", encoding="utf-8")
    failed = data_cli("indicators", "load", str(bad))
    assert failed.exit_code == 1 and "missing column(s) role, name_en" in failed.stderr
