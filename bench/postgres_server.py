"""The PostgreSQL server the benchmarks time: MONOTOWN_BENCH_POSTGRES_URL, else the tests' one.

Each run works in a schema of its own on it (`monotown.db.scratch_schema`), dropped afterwards.
"""

from __future__ import annotations

import os


def bench_postgres_url() -> str | None:
    """The PostgreSQL server to time, or None (the benchmark then says it skipped PostgreSQL)."""
    return (
        os.environ.get("MONOTOWN_BENCH_POSTGRES_URL")
        or os.environ.get("MONOTOWN_TEST_POSTGRES_URL")
        or None
    )
