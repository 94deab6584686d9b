"""Fixtures for the data capability: databases with the catalog loaded, files to import."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from monotown.data.models import IndicatorValue, ReplacedValue
from monotown.db import make_engine, session_scope
from monotown.records.provenance import ImportBatch
from tests.conftest import database_fixtures

CATALOG = database_fixtures("catalog")  # the reference data and the bundled indicator catalog
catalog_db_url, data_engine, data_session, data_cli = (
    CATALOG.url, CATALOG.engine, CATALOG.session, CATALOG.cli
)  # fmt: skip


WriteFile = Callable[[str, str], Path]


@pytest.fixture
def write_file(tmp_path: Path) -> WriteFile:
    """Write a text file (UTF-8) into the test's folder and return its path."""

    def write(name: str, content: str) -> Path:
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        return path

    return write


def stored(engine: Engine) -> dict[tuple[str, str, str], tuple[float, str, int | None]]:
    """Every stored value as {(settlement code, indicator code, period): (value, flag, batch)}."""
    from monotown.data.models import Indicator
    from monotown.registry.models import Settlement

    with session_scope(engine) as session:
        rows = session.execute(
            select(
                Settlement.code,
                Indicator.code,
                IndicatorValue.period,
                IndicatorValue.value,
                IndicatorValue.flag,
                IndicatorValue.batch_id,
            )
            .join(Settlement, Settlement.id == IndicatorValue.settlement_id)
            .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        ).all()
    return {(s, i, p): (v, f, b) for s, i, p, v, f, b in rows}


def counts(engine: Engine) -> dict[str, int]:
    """Row counts of the tables an import writes."""
    with session_scope(engine) as session:
        return {
            name: session.scalar(select(func.count()).select_from(model)) or 0
            for name, model in (
                ("values", IndicatorValue),
                ("replaced", ReplacedValue),
                ("batches", ImportBatch),
            )
        }


Job = Callable[[Engine], Any]


def at_once(url: str, jobs: list[Job]) -> tuple[list[Any], list[BaseException]]:
    """Run each job with an engine of its own at the same moment (as separate server processes
    would); their results and any exceptions."""
    start = threading.Barrier(len(jobs))
    results: list[Any] = []
    failures: list[BaseException] = []

    def run(job: Job) -> None:
        engine = make_engine(url)
        try:
            start.wait(timeout=30)
            results.append(job(engine))
        except BaseException as error:  # reported by the test's assertion
            failures.append(error)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, failures
