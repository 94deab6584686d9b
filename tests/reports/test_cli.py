"""`monotown report ...` through the CLI, including its error paths."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tests.conftest import Cli
from tests.reports.pdf_tools import page_count


def test_briefing_command_writes_pdf_and_html(cli: Cli, tmp_path: Path) -> None:
    pdf = tmp_path / "briefing.pdf"
    result = cli("report", "briefing", "--period", "2024", "--lang", "ru", "-o", str(pdf))
    assert result.exit_code == 0, result.stderr
    assert f"wrote {pdf}" in result.stdout
    assert page_count(pdf) >= 4
    html = tmp_path / "briefing.html"
    result = cli("report", "briefing", "-o", str(html))
    assert result.exit_code == 0, result.stderr
    assert "Single-industry towns of Kazakhstan" in html.read_text(encoding="utf-8")


def test_town_and_workbook_commands(cli: Cli, tmp_path: Path) -> None:
    html = tmp_path / "town.html"
    result = cli("report", "town", "Сәтбаев", "--lang", "kk", "-o", str(html))
    assert result.exit_code == 0, result.stderr
    assert "Сәтбаев" in html.read_text(encoding="utf-8")
    xlsx = tmp_path / "book.xlsx"
    result = cli("report", "workbook", "-o", str(xlsx))
    assert result.exit_code == 0, result.stderr
    assert len(pd.read_excel(xlsx, sheet_name="Towns")) == 27


def test_errors_are_one_line_and_write_nothing(cli: Cli, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    cases = [
        (("report", "town", "Temirtua", "-o", str(tmp_path / "t.pdf")), "did you mean 'Temirtau'"),
        (("report", "briefing", "-o", str(tmp_path / "b.docx")), "must end in .pdf or .html"),
        (("report", "briefing", "--lang", "de", "-o", str(tmp_path / "b.pdf")), "unknown language"),
        (("report", "workbook", "-o", str(tmp_path / "w.csv")), "must end in .xlsx"),
        (("report", "briefing", "-o", str(tmp_path / "no" / "b.pdf")), "folder does not exist"),
        (
            ("report", "briefing", "--run", "999", "-o", str(tmp_path / "b.pdf")),
            "no assessment run 999",
        ),
    ]
    for args, message in cases:
        result = cli(*args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith("error: ") and message in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_empty_database_is_a_clear_error(empty_cli: Cli, tmp_path: Path) -> None:
    result = empty_cli("report", "briefing", "-o", str(tmp_path / "b.pdf"))
    assert result.exit_code == 1
    assert "monotown db upgrade" in result.stderr
