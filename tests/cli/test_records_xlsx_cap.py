"""`monotown records export values --format xlsx` holds to the worksheet's row cap, the one
the API's XLSX download uses (`records.export.XLSX_MAX_ROWS`): a larger selection is a one-line
error with a non-zero exit that leaves no file (and an older file as it was). The cap is made
small here; the database is the real demo one, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from monotown.records import export
from tests.conftest import Cli

SELECTION = ("-w", "indicator__exact=pop_total")


def _selected(cli: Cli) -> int:
    printed = cli("records", "export", "values", *SELECTION, "--format", "csv")
    assert printed.exit_code == 0, printed.output
    return printed.stdout.strip().count("\n")  # the header line is not a row


def test_a_selection_larger_than_a_worksheet_is_refused(
    demo_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = _selected(demo_cli)
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", count - 1)
    folder = tmp_path / "out"  # the SQLite database is in tmp_path
    folder.mkdir()
    out = folder / "values.xlsx"

    result = demo_cli("records", "export", "values", *SELECTION, "--format", "xlsx", "-o", str(out))

    assert result.exit_code != 0
    (line,) = result.output.strip().splitlines()
    assert line.startswith("error: ") and f"more than {count - 1:,} rows" in line
    assert "--format" in line and "export CSV or JSON" in line
    assert list(folder.iterdir()) == []  # neither the file nor a partial one

    out.write_bytes(b"an older export")
    again = demo_cli("records", "export", "values", *SELECTION, "--format", "xlsx", "-o", str(out))
    assert again.exit_code != 0 and out.read_bytes() == b"an older export"
    assert list(folder.iterdir()) == [out]


def test_a_selection_the_worksheet_holds_is_written_whole(
    demo_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = _selected(demo_cli)
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", count)
    folder = tmp_path / "out"  # the SQLite database is in tmp_path
    folder.mkdir()
    out = folder / "values.xlsx"

    result = demo_cli("records", "export", "values", *SELECTION, "--format", "xlsx", "-o", str(out))

    assert result.exit_code == 0, result.output
    assert f"wrote {count} values to {out}" in result.output
    rows = list(load_workbook(out, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == count + 1 and rows[0][0] == "key"  # the header and every value
    assert list(folder.iterdir()) == [out]
