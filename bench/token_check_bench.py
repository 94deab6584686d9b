"""The bearer-token check every API request makes: `Credentials.for_token` against the path it
replaced (an ORM session around `accounts.find_token`, the principal through the cache: baseline).

Both run in the same process on the same fresh database (SQLite, and PostgreSQL when
MONOTOWN_BENCH_POSTGRES_URL or MONOTOWN_TEST_POSTGRES_URL is set, in a schema of its own dropped
afterwards), interleaved in blocks so both see the same machine load. Prints the best and median
block per check and the ratio.

    python bench/token_check_bench.py [--blocks 10] [--per-block 300]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from monotown import migrations
from monotown.accounts.accounts import create_token, create_user, find_token
from monotown.accounts.roles import Principal
from monotown.db import engine_for, make_engine, session_scope
from monotown.web.app import create_app
from monotown.web.principals import Credentials
from monotown.web.settings import WebSettings


def baseline(credentials: Credentials, token: str) -> Principal | None:
    """The check as it was: an ORM session, the statement built per call, BEGIN and COMMIT."""
    session = credentials.read_sessions()
    try:
        found = find_token(session, token)
        principal = credentials._principal(session, found.user_id, "token") if found else None
        session.commit()
    finally:
        session.close()
    return principal


def measure(label: str, url: str, options: argparse.Namespace) -> None:
    engine = make_engine(url)
    migrations.upgrade(engine)
    with session_scope(engine) as session:
        create_user(session, "bench", role="viewer", password=None, actor="bench", origin="system")
        token = create_token(session, "bench", name="bench", actor="bench", origin="system")[1]
    engine.dispose()
    credentials: Credentials = create_app(url, WebSettings(cache_seconds=1)).state.credentials
    checks: dict[str, Callable[[], Principal | None]] = {
        "baseline": lambda: baseline(credentials, token),
        "for_token": lambda: credentials.for_token(token),
    }
    assert checks["baseline"]() == checks["for_token"]() is not None
    blocks: dict[str, list[float]] = {name: [] for name in checks}
    for _ in range(options.blocks):
        for name, check in checks.items():
            started = time.perf_counter()
            for _ in range(options.per_block):
                check()
            blocks[name].append((time.perf_counter() - started) / options.per_block * 1000)
    old, new = min(blocks["baseline"]), min(blocks["for_token"])
    typical = {name: statistics.median(times) for name, times in blocks.items()}
    print(
        f"{label}: for_token {new:.3f} ms (median block {typical['for_token']:.3f}), baseline "
        f"{old:.3f} ms (median block {typical['baseline']:.3f}), {old / new:.1f}x faster"
    )
    engine_for(url).dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=10)
    parser.add_argument("--per-block", type=int, default=300)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="monotown-token-") as folder:
        measure("SQLite", f"sqlite:///{Path(folder) / 'token.sqlite'}", options)
    base = os.environ.get("MONOTOWN_BENCH_POSTGRES_URL") or os.environ.get(
        "MONOTOWN_TEST_POSTGRES_URL"
    )
    if not base:
        print("PostgreSQL: skipped (set MONOTOWN_BENCH_POSTGRES_URL to include it)")
        return
    schema = f"token_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        measure("PostgreSQL", url.render_as_string(hide_password=False), options)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
