"""Two imports into one SQLite file at the same moment: the second waits its turn, both succeed."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from monotown.data import import_file
from monotown.db import make_engine
from tests.data.conftest import Job, at_once, stored

TOWNS = ["Temirtau", "Rudny", "Balkhash", "Saran", "Ridder", "Ekibastuz"]
CODES = ["pop_total", "unemployment_rate_pct", "avg_monthly_wage_kzt"]


def _file(path: Path, first_year: int) -> Path:
    lines = ["settlement,indicator,period,value"]
    for town in TOWNS:
        for code in CODES:
            for year in range(first_year, first_year + 10):
                for month in range(1, 13):
                    lines.append(f"{town},{code},{year}-{month:02d},{month}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _importer(path: Path) -> Job:
    """A job importing `path`, as one `monotown import` process would; its status."""
    return lambda engine: import_file(engine, path).status


def test_two_imports_at_once_queue_instead_of_failing(catalog_db_url: str, tmp_path: Path) -> None:
    expected = 0
    for attempt in range(3):
        files = [
            _file(tmp_path / f"a{attempt}.csv", 1980 + 20 * attempt),
            _file(tmp_path / f"b{attempt}.csv", 1990 + 20 * attempt),
        ]
        statuses, failures = at_once(catalog_db_url, [_importer(path) for path in files])
        assert not failures, failures
        assert statuses == ["committed", "committed"]
        expected += 2 * len(TOWNS) * len(CODES) * 10 * 12
    engine = make_engine(catalog_db_url)
    try:
        assert len(stored(engine)) == expected
        if engine.dialect.name == "sqlite":
            with engine.connect() as connection:
                assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        engine.dispose()
