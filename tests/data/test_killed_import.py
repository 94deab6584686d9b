"""A process killed in the middle of an import leaves the database exactly as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from monotown.data import import_file
from tests.data.conftest import counts, stored

# The child imports with a progress callback that announces each phase and then stalls at the
# chosen one, so the test can kill it at a known point instead of guessing with a timer.
CHILD = textwrap.dedent(
    """
    import sys, time
    from monotown.db import make_engine
    from monotown.data import import_file

    url, path, stall_at = sys.argv[1:4]

    def progress(phase, count):
        print(phase, count, flush=True)
        if phase == stall_at:
            time.sleep(120)

    import_file(make_engine(url), path, update=True, progress=progress)
    print("finished", flush=True)
    """
)
TOWNS = ["Temirtau", "Rudny", "Balkhash", "Saran", "Ridder", "Ekibastuz", "Zhanaozen", "Kentau"]
CODES = ["pop_total", "unemployment_rate_pct", "avg_monthly_wage_kzt", "housing_queue"]


def _file(path: Path, shift: float) -> Path:
    lines = ["settlement,indicator,period,value"]
    for town in TOWNS:
        for code in CODES:
            for year in range(2000, 2026):
                for month in range(1, 13):
                    lines.append(f"{town},{code},{year}-{month:02d},{month + shift}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("stall_at", ["reading", "written"])
def test_killing_an_import_leaves_the_database_unchanged(
    stall_at: str, catalog_db_url: str, data_engine: Engine, tmp_path: Path
) -> None:
    first = import_file(data_engine, _file(tmp_path / "first.csv", 0.5))
    assert first.status == "committed" and first.n_new == len(TOWNS) * len(CODES) * 26 * 12
    before_values, before_counts = stored(data_engine), counts(data_engine)
    data_engine.dispose()

    second = _file(tmp_path / "second.csv", 0.25)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, catalog_db_url, str(second), stall_at],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "MONOTOWN_USER": "killed"},
    )
    assert child.stdout is not None
    phases = []
    for line in child.stdout:
        phases.append(line.split()[0])
        if phases[-1] == stall_at:
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert stall_at in phases and "finished" not in phases

    assert counts(data_engine) == before_counts
    assert stored(data_engine) == before_values
    # The database is usable afterwards: the same import now goes through.
    again = import_file(data_engine, second, update=True)
    assert again.status == "committed" and again.n_changed == first.n_new
