"""Fixtures for program monitoring: databases with the bundled program facts, file writers."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from monotown.db import DATABASE_URL_ENV, make_engine, session_scope
from monotown.program import load_facts
from tests.conftest import RECIPES, Cli, Recipe, TestDatabase


def _load_facts(url: str) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_facts(session)
    engine.dispose()


RECIPES["program_facts"] = Recipe(_load_facts, based_on="reference")


@pytest.fixture
def facts_db_url(test_database: TestDatabase) -> str:
    """URL of a database with the reference data and the bundled program facts (copied)."""
    return test_database.fill("program_facts")


@pytest.fixture
def facts_engine(facts_db_url: str) -> Iterator[Engine]:
    """A database with the reference data and the bundled program facts."""
    engine = make_engine(facts_db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def facts_session(facts_engine: Engine) -> Iterator[Session]:
    with session_scope(facts_engine) as session:
        yield session


@pytest.fixture
def facts_cli(facts_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The CLI on a database with the reference data and the bundled program facts."""
    monkeypatch.setenv(DATABASE_URL_ENV, facts_db_url)
    return Cli(facts_db_url)


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
