"""Fixtures for program monitoring: databases with the bundled program facts, file writers."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from monotown.db import session_scope
from monotown.program import load_facts
from tests.conftest import Cli


@pytest.fixture
def facts_engine(reference_engine: Engine) -> Engine:
    """A database with the reference data and the bundled program facts."""
    with session_scope(reference_engine) as session:
        load_facts(session)
    return reference_engine


@pytest.fixture
def facts_session(facts_engine: Engine) -> Iterator[Session]:
    with session_scope(facts_engine) as session:
        yield session


@pytest.fixture
def facts_cli(cli: Cli) -> Cli:
    """The CLI on a database with the reference data and the bundled program facts."""
    result = cli("program", "load-facts")
    assert result.exit_code == 0, result.stderr
    return cli


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
