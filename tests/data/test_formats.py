"""Every format imports, and every export imports back to exactly what is stored."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from sqlalchemy.engine import Engine

from monotown.data import import_file, import_frame, load_org_units
from monotown.data.export import export_values
from monotown.db import session_scope
from monotown.errors import InputError
from monotown.records.provenance import undo_batch
from tests.data.conftest import WriteFile, counts, stored

LONG = (
    "settlement,indicator,period,value,flag,source,note\n"
    'Temirtau,pop_total,2023,180000,official,BNS,"census-based, revised"\n'
    "Temirtau,unemployment_rate_pct,2023Q1,4.75,estimate,akimat,\n"
    "Temirtau,unemployment_rate_pct,2023-05,4.1,official,,Ещё «кавычки»\n"
    "Рудный,avg_monthly_wage_kzt,2022,312345.67,,,\n"
    "Rudny,industrial_output_kzt_bn,2022,709.4,,,\n"
    "Сәтбаев,tfe_employment_share_pct,2015,80,estimate,Vlast.kz,about 80%\n"
)


@pytest.fixture
def filled(data_engine: Engine, write_file: WriteFile) -> Engine:
    """Official and estimate values of several period types, synthetic ones, a DHIS2 mapping."""
    assert import_file(data_engine, write_file("seed.csv", LONG)).status == "committed"
    demo = pd.DataFrame(
        {
            "settlement": ["balkhash", "balkhash"],
            "indicator": ["pop_total", "poverty_rate_pct"],
            "period": ["2023", "2023"],
            "value": [65000.0, 1 / 3],
            "flag": ["synthetic", "synthetic"],
        }
    )
    assert import_frame(data_engine, demo, name="demo").status == "committed"
    mapping = write_file("org_units.csv", "settlement,org_unit\nTemirtau,KZ35TMT0001\n")
    with session_scope(data_engine) as session:
        assert load_org_units(session, mapping) == 1
    return data_engine


def _export(engine: Engine, path: Path, fmt: str, **options: object) -> None:
    with session_scope(engine) as session:
        export_values(session, path, format=fmt, **options)  # type: ignore[arg-type]


def _without_synthetic(values: dict) -> dict:  # type: ignore[type-arg]
    return {key: value[0] for key, value in values.items() if value[1] != "synthetic"}


# Every export layout as (format, file suffix, wide).
LAYOUTS = [
    ("csv", ".csv", False),
    ("xlsx", ".xlsx", False),
    ("csv", ".csv", True),
    ("xlsx", ".xlsx", True),
    ("dhis2-json", ".json", False),
    ("dhis2-csv", ".csv", False),
]


@pytest.mark.parametrize(("fmt", "suffix", "wide"), LAYOUTS)
def test_export_then_import_changes_nothing(
    fmt: str, suffix: str, wide: bool, filled: Engine, tmp_path: Path
) -> None:
    before, tables = stored(filled), counts(filled)
    path = tmp_path / f"export{suffix}"
    _export(filled, path, fmt, wide=wide)
    report = import_file(filled, path)
    assert report.ok, [str(issue) for issue in report.issues]
    assert report.status == "no-op"
    assert report.n_new == report.n_changed == 0
    long = fmt in ("csv", "xlsx") and not wide
    assert report.n_unchanged == (8 if long else 6)
    assert stored(filled) == before and counts(filled) == tables


@pytest.mark.parametrize(
    ("fmt", "suffix", "wide"), [layout for layout in LAYOUTS if layout != ("xlsx", ".xlsx", True)]
)
def test_an_export_restores_the_values_after_they_are_undone(
    fmt: str, suffix: str, wide: bool, filled: Engine, tmp_path: Path
) -> None:
    before = stored(filled)
    path = tmp_path / f"export{suffix}"
    _export(filled, path, fmt, wide=wide)
    with session_scope(filled) as session:
        undo_batch(session, 2, user="t")
        undo_batch(session, 1, user="t")
    assert stored(filled) == {}
    assert import_file(filled, path).status == "committed"
    after = stored(filled)
    if fmt in ("csv", "xlsx") and not wide:
        assert {k: v[:2] for k, v in after.items()} == {k: v[:2] for k, v in before.items()}
    else:
        assert {k: v[0] for k, v in after.items()} == _without_synthetic(before)


def test_long_export_keeps_flags_sources_and_notes(filled: Engine, tmp_path: Path) -> None:
    path = tmp_path / "values.csv"
    _export(filled, path, "csv")
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    temirtau = frame[(frame.settlement == "temirtau") & (frame.indicator == "pop_total")].iloc[0]
    assert (temirtau.flag, temirtau.source, temirtau.note) == (
        "official",
        "BNS",
        "census-based, revised",
    )
    assert frame[frame.settlement == "balkhash"].flag.tolist() == ["synthetic", "synthetic"]
    assert "0.3333333333333333" in frame.value.tolist()


def test_dhis2_and_wide_exports_leave_synthetic_values_out(filled: Engine, tmp_path: Path) -> None:
    path = tmp_path / "values.json"
    with session_scope(filled) as session:
        report = export_values(session, path, format="dhis2-json")
    assert report.n_values == 6 and report.n_synthetic_left_out == 2
    assert "2 synthetic values left out" in report.summary()
    data = json.loads(path.read_text(encoding="utf-8"))
    first = {(v["orgUnit"], v["dataElement"], v["period"]): v for v in data["dataValues"]}
    assert first[("KZ35TMT0001", "MT_POP_TOTAL", "2023")]["comment"] == "census-based, revised"
    assert ("KZ35TMT0001", "MT_UNEMPLOYMENT_RATE_PCT", "202305") in first
    assert ("KZ35TMT0001", "MT_UNEMPLOYMENT_RATE_PCT", "2023Q1") in first


def test_export_filters_by_town_indicator_and_years(filled: Engine, tmp_path: Path) -> None:
    path = tmp_path / "sub.csv"
    with session_scope(filled) as session:
        report = export_values(
            session,
            path,
            towns=["Темиртау"],
            indicators=["unemployment_rate_pct"],
            year_from=2023,
            year_to=2023,
        )
    assert report.n_values == 2
    with session_scope(filled) as session, pytest.raises(InputError, match="after the last year"):
        export_values(session, path, year_from=2024, year_to=2020)


def test_dhis2_json_with_defaults_codes_and_deleted_values(
    data_engine: Engine, write_file: WriteFile
) -> None:
    with session_scope(data_engine) as session:
        load_org_units(session, write_file("ou.csv", "settlement,org_unit\nRudny,OU_RUDNY\n"))
    payload = {
        "dataSet": "pBOMPrpg1QX",
        "period": "2023",
        "orgUnit": "OU_RUDNY",
        "dataValues": [
            {"dataElement": "MT_POP_TOTAL", "value": "123100"},
            {"dataElement": "unemployment_rate_pct", "period": "2023Q2", "value": 5.2},
            {
                "dataElement": "MT_UNEMPLOYMENT_RATE_PCT",
                "period": "202305",
                "orgUnit": "temirtau",
                "value": "4.4",
                "comment": "from DHIS2",
            },
            {"dataElement": "MT_POP_TOTAL", "period": "2022", "value": "1", "deleted": True},
        ],
    }
    report = import_file(data_engine, write_file("set.json", json.dumps(payload)))
    assert report.status == "committed" and report.n_new == 3
    assert "1 value(s) marked deleted were skipped" in report.warnings
    values = stored(data_engine)
    assert values[("rudny", "pop_total", "2023")][0] == 123100
    assert values[("rudny", "unemployment_rate_pct", "2023Q2")][0] == 5.2
    assert values[("temirtau", "unemployment_rate_pct", "2023-05")][0] == 4.4


def test_dhis2_json_problems_name_the_data_value(
    data_engine: Engine, write_file: WriteFile
) -> None:
    payload = {
        "dataValues": [
            {"dataElement": "MT_POP_TOTAL", "period": "2023", "orgUnit": "rudny", "value": "1"},
            {"dataElement": "MT_POP_TOTL", "period": "2023", "orgUnit": "rudny", "value": "1"},
            {"dataElement": "MT_POP_TOTAL", "period": "2023W5", "orgUnit": "OU_X", "value": "1"},
        ]
    }
    report = import_file(data_engine, write_file("bad.json", json.dumps(payload)))
    assert [str(issue) for issue in report.issues] == [
        "bad.json:2: field 'dataElement' value 'MT_POP_TOTL': unknown indicator code "
        "(did you mean 'MT_POP_TOTAL'?)",
        "bad.json:3: field 'orgUnit' value 'OU_X': unknown town",
        "bad.json:3: field 'period' value '2023W5': is not a period: use a year (2023), a quarter "
        "(2023Q1) or a month (2023-05 or 202305)",
    ]
    assert report.issues[0].row == 2 and report.issues[0].column == "dataElement"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"dataValues": [{"dataElement": "x"', "is not valid JSON"),
        ('{"period": "2023"}', "it has no 'dataValues'"),
        ('{"dataValues": [1]}', "is not a DHIS2 data value (an object)"),
        ("[]", "is not a DHIS2 data value set: expected '{', found '['"),
    ],
)
def test_malformed_dhis2_json_is_one_clear_error(
    content: str, message: str, data_engine: Engine, write_file: WriteFile
) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        import_file(data_engine, write_file("x.json", content), format="auto")


def test_dhis2_json_larger_than_the_read_window_is_streamed(
    data_engine: Engine, write_file: WriteFile
) -> None:
    values = [
        {
            "dataElement": "MT_POP_TOTAL",
            "period": str(year),
            "orgUnit": code,
            "value": 10000 + year + index,
            "comment": "x" * 150,
        }
        for index, code in enumerate(["temirtau", "rudny", "balkhash", "saran", "ridder"])
        for year in range(1990, 2100)
    ]
    path = write_file("big.json", json.dumps({"dataValues": values}, indent=2))
    assert path.stat().st_size > 2 * (1 << 16)
    report = import_file(data_engine, path)
    assert report.status == "committed" and report.n_new == len(values)


def test_headerless_dhis2_csv(data_engine: Engine, write_file: WriteFile) -> None:
    path = write_file(
        "dv.csv", "MT_POP_TOTAL,2023,temirtau,,,180000\nMT_POP_TOTAL,2022,temirtau,,,179000\n"
    )
    with pytest.raises(InputError, match="cannot tell the layout"):
        import_file(data_engine, path)
    report = import_file(data_engine, path, format="dhis2")
    assert report.n_new == 2
    assert stored(data_engine)[("temirtau", "pop_total", "2022")][0] == 179000


def test_wide_file_reports_an_unknown_column_once_and_skips_empty_cells(
    data_engine: Engine, write_file: WriteFile
) -> None:
    path = write_file(
        "wide.csv",
        "Town,Year,pop_total,unemployment_rate,note\n"
        "Temirtau,2023,180000,4.5,checked\nRudny,2023,,5,\nTemirtua,2023,1,2,\n",
    )
    report = import_file(data_engine, path, skip_invalid=True)
    assert [(i.row, i.column, i.value) for i in report.issues] == [
        (1, "unemployment_rate", "unemployment_rate"),
        (4, "Town", "Temirtua"),
    ]
    assert (
        report.issues[0].reason == "unknown indicator code (did you mean 'unemployment_rate_pct'?)"
    )
    assert (report.rows_total, report.n_new, report.n_invalid) == (5, 1, 4)
    assert stored(data_engine) == {
        ("temirtau", "pop_total", "2023"): (180000, "official", report.batch_id)
    }


def test_xlsx_sheets_dates_and_numbers(data_engine: Engine, tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "readme"
    workbook.active.append(["This workbook holds values on the next sheet"])
    sheet = workbook.create_sheet("data")
    sheet.append(["settlement", "indicator", "period", "value"])
    sheet.append(["Temirtau", "pop_total", 2023, 180000])
    sheet.append(["Temirtau", "unemployment_rate_pct", dt.datetime(2023, 5, 1), 4.4])
    sheet.append(["Temirtau", "unemployment_rate_pct", "2023Q3", "4,2"])
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    with pytest.raises(InputError, match="has no sheet 'values'; sheets: readme, data"):
        import_file(data_engine, path, sheet="values")
    report = import_file(data_engine, path, sheet="data")
    assert report.status == "committed" and report.format == "long XLSX"
    values = stored(data_engine)
    assert values[("temirtau", "unemployment_rate_pct", "2023-05")][0] == 4.4
    assert values[("temirtau", "unemployment_rate_pct", "2023Q3")][0] == 4.2
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="is not a readable Excel workbook"):
        import_file(data_engine, broken)
