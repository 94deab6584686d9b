"""Fixtures for program monitoring: file writers, the CLI without a database (the databases with
the bundled program facts are `facts_db_url`, `facts_engine`, `facts_session`, `facts_cli` of
tests/conftest.py)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.conftest import Cli


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    """Write a small CSV the way a user would save one."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def calc_cli(tmp_path: Path) -> Cli:
    """The CLI for commands that never open the database (the calculators)."""
    return Cli(f"sqlite:///{tmp_path / 'unused.sqlite'}")
