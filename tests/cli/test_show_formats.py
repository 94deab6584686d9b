"""`--format csv` prints CSV on every command that offers it, `show` commands included (one row,
the columns of the matching list), and `--format json` the whole record."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.conftest import Cli


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_towns_show_prints_the_towns_row_as_csv(cli: Cli) -> None:
    listed = cli("towns", "list", "--format", "csv")
    shown = cli("towns", "show", "Temirtau", "--format", "csv")
    assert shown.exit_code == 0, shown.stderr
    (row,) = _csv_rows(shown.stdout)
    temirtau = next(town for town in _csv_rows(listed.stdout) if town["name_en"] == "Temirtau")
    assert row == temirtau
    profile = json.loads(cli("towns", "show", "Temirtau", "--format", "json").stdout)
    assert profile["code"] == row["code"] and "enterprises" in profile


def test_indicators_and_batches_show_one_csv_row(cli: Cli, tmp_path: Path) -> None:
    assert cli("indicators", "load").exit_code == 0
    values = tmp_path / "values.csv"
    values.write_text("settlement,indicator,period,value\nTemirtau,pop_total,2024,170000\n")
    assert cli("import", str(values)).exit_code == 0
    shown = cli("indicators", "show", "pop_total", "--format", "csv")
    assert shown.exit_code == 0, shown.stderr
    (row,) = _csv_rows(shown.stdout)
    assert (row["code"], row["values_count"], row["values_towns"]) == ("pop_total", "1", "1")

    batches = json.loads(cli("imports", "list", "--format", "json").stdout)
    shown = cli("imports", "show", str(batches[0]["id"]), "--format", "csv")
    assert shown.exit_code == 0, shown.stderr
    (row,) = _csv_rows(shown.stdout)
    assert row["id"] == str(batches[0]["id"]) and "values_stored" in row
