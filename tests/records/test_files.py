"""Every file Monotown writes neutralises text a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from sqlalchemy import select, update

from monotown.data import import_frame
from monotown.data.models import IndicatorValue
from monotown.db import make_engine, session_scope
from monotown.records.files import guard_cell
from monotown.registry.models import Settlement
from tests.conftest import Cli
from tests.web.conftest import Web, make_web

HYPERLINK = '=HYPERLINK("http://x","y")'
TAB_FORMULA = "\t=1+1"
QUOTE = '"'
DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")


def test_guard_cell_neutralises_formulas_and_keeps_numbers() -> None:
    assert guard_cell(HYPERLINK) == "'" + HYPERLINK
    assert guard_cell(TAB_FORMULA) == "'" + TAB_FORMULA
    assert guard_cell("\x01=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert guard_cell("@SUM(A1)") == "'@SUM(A1)"
    assert guard_cell("\r=1") == "'\r=1"
    assert guard_cell("-2+3+cmd") == "'-2+3+cmd"
    assert guard_cell("-5") == "-5"
    assert guard_cell("+1.5e3") == "+1.5e3"
    assert guard_cell("Temirtau") == "Temirtau"
    assert guard_cell(-5.0) == -5.0
    assert guard_cell(None) is None


def _live(text: str) -> bool:
    return text.startswith(DANGEROUS) and guard_cell(text) != text


def _check_csv(text: str, where: str) -> int:
    """Every cell is safe; returns how many cells carry one of the planted texts."""
    planted = 0
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        for cell in row:
            assert not _live(cell), f"{where}: live cell {cell!r}"
            planted += "HYPERLINK(" in cell or "=1+1" in cell
    return planted


def _check_xlsx(data: bytes, where: str) -> int:
    planted = 0
    book = load_workbook(io.BytesIO(data), read_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for cell in row:
                if isinstance(cell, str):
                    assert not _live(cell), f"{where}/{sheet.title}: live cell {cell!r}"
                    planted += "HYPERLINK(" in cell or "=1+1" in cell
    return planted


def _plant(url: str) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        from monotown.data import load_catalog

        load_catalog(session)
        session.execute(
            update(Settlement).where(Settlement.code == "temirtau").values(name_en=HYPERLINK)
        )
        frame = pd.DataFrame(
            [
                ["temirtau", "pop_total", "2024", 181000, HYPERLINK],
                ["balkhash", "pop_total", "2024", 66700, TAB_FORMULA],
            ],
            columns=["settlement", "indicator", "period", "value", "note"],
        )
        report = import_frame(session, frame, name="planted.csv")
        assert report.status == "committed", report.issues
    with session_scope(engine) as session:
        notes = set(session.scalars(select(IndicatorValue.note)))
        assert TAB_FORMULA in notes, "a leading tab must be kept in storage"
    engine.dispose()


def test_every_file_comes_out_neutralised(
    cli: Cli, reference_db_url: str, tmp_path: Path, password_hash: str
) -> None:
    _plant(reference_db_url)
    plans = tmp_path / "plans.csv"
    plans.write_text(
        "code,kind,name,town,year_from,year_to,note\n"
        f'p-x,plan,"{HYPERLINK.replace(QUOTE, QUOTE * 2)}",Balkhash,2023,2027,"{TAB_FORMULA}"\n',
        encoding="utf-8",
    )
    result = cli("program", "import", "plans", str(plans))
    assert result.exit_code == 0, result.output
    found = 0
    for fmt in ("csv", "xlsx", "dhis2-csv"):
        out = tmp_path / f"export.{fmt}"
        assert cli("export", "-o", str(out), "--format", fmt).exit_code == 0
        data = out.read_bytes()
        count = _check_xlsx(data, fmt) if fmt == "xlsx" else _check_csv(data.decode("utf-8"), fmt)
        assert count, f"export {fmt} lost the planted notes"
        found += count
    for suffix in ("csv", "xlsx"):
        out = tmp_path / f"plans-export.{suffix}"
        assert cli("program", "export", "plans", "-o", str(out)).exit_code == 0
        data = out.read_bytes()
        check = _check_xlsx if suffix == "xlsx" else lambda d, w: _check_csv(d.decode(), w)
        assert check(data, f"program export {suffix}") >= 2
    towns = cli("towns", "list", "--format", "csv")
    assert _check_csv(towns.output, "towns list") >= 1
    workbook = tmp_path / "book.xlsx"
    assert cli("report", "workbook", "-o", str(workbook)).exit_code == 0
    assert _check_xlsx(workbook.read_bytes(), "report workbook") >= 1
    bad = tmp_path / "bad.csv"
    bad.write_text(
        'settlement,indicator,period,value\n"=HYPERLINK(""http://x"",""nowhere"")",'
        f'pop_total,2024,1\nbalkhash,pop_total,2024,"{TAB_FORMULA}"\n',
        encoding="utf-8",
    )
    errors = tmp_path / "errors.csv"
    cli("import", str(bad), "--errors", str(errors))
    assert _check_csv(errors.read_text(encoding="utf-8"), "import --errors") >= 2
    web = make_web(reference_db_url, password_hash)
    client = web.client("admin")
    for path, fmt in (
        ("/api/v1/values/export", "csv"),
        ("/api/v1/values/export", "xlsx"),
        ("/api/v1/settlements/export", "csv"),
        ("/api/v1/settlements/export", "xlsx"),
        ("/api/v1/reports/workbook", "xlsx"),
    ):
        response = client.get(path, params={"format": fmt})
        assert response.status_code == 200, (path, response.text[:200])
        if fmt == "xlsx":
            assert _check_xlsx(response.content, path) >= 1
        else:
            assert _check_csv(response.content.decode("utf-8"), path) >= 1
    web.engine.dispose()


def test_registry_text_keeps_a_leading_tab_in_storage(web: Web) -> None:
    admin = web.client("admin")
    changed = admin.patch("/api/v1/settlements/temirtau", json={"note": TAB_FORMULA})
    assert changed.status_code == 200, changed.text
    assert admin.get("/api/v1/settlements/temirtau").json()["note"] == TAB_FORMULA
    exported = admin.get("/api/v1/settlements/export", params={"format": "csv"})
    assert "'" + TAB_FORMULA in exported.content.decode("utf-8")
