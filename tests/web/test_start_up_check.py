"""The web app refuses, at start-up, a database whose schema it cannot serve: not upgraded yet,
or stamped with a revision the baseline squashed or one this version does not know. The factory
raises the one-line DatabaseNotReadyError; `monotown serve --no-prepare`, a real process, prints
that line on stderr and exits non-zero without serving. On SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from monotown import migrations
from monotown.db import DATABASE_URL_ENV
from monotown.errors import DatabaseNotReadyError
from monotown.web.app import create_app
from monotown.web.settings import WebSettings
from tests.test_migrations_upgrade_path import _stamp
from tests.web.live_server import free_port

STAMPS = {
    "squashed": ("0012_indexes", migrations.FULL_HISTORY_COMMIT),
    "unknown": ("0042_from_a_newer_version", "does not know"),
}


def _serve_without_preparing(url: str) -> subprocess.CompletedProcess[str]:
    """`monotown serve --no-prepare` as a user runs it; it must end by itself, not serve."""
    return subprocess.run(
        [sys.executable, "-m", "monotown", "serve", "--no-prepare", "--port", str(free_port())],
        env={**os.environ, DATABASE_URL_ENV: url},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("stamp", STAMPS)
def test_the_app_refuses_a_revision_it_does_not_have(db_url: str, stamp: str) -> None:
    revision, hint = STAMPS[stamp]
    _stamp(db_url, revision)

    with pytest.raises(DatabaseNotReadyError) as refused:
        create_app(db_url, WebSettings(cache_seconds=0))

    (line,) = refused.value.message.splitlines()
    assert revision in line and hint in line and "nothing was changed" in line


def test_the_app_refuses_a_database_not_yet_upgraded(empty_db_url: str) -> None:
    with pytest.raises(DatabaseNotReadyError, match="run 'monotown db upgrade' first"):
        create_app(empty_db_url, WebSettings(cache_seconds=0))


def test_serve_without_preparing_refuses_a_squashed_revision(db_url: str) -> None:
    _stamp(db_url, "0012_indexes")

    served = _serve_without_preparing(db_url)

    assert served.returncode != 0
    (line,) = served.stderr.strip().splitlines()
    assert line.startswith("error: ") and "0012_indexes" in line
    assert migrations.FULL_HISTORY_COMMIT in line
    assert "serving" not in served.stdout


def test_serve_without_preparing_refuses_an_empty_database(empty_db_url: str) -> None:
    served = _serve_without_preparing(empty_db_url)

    assert served.returncode != 0
    (line,) = served.stderr.strip().splitlines()
    assert line.startswith("error: ") and "has no tables" in line
    assert "run 'monotown db upgrade' first" in line
