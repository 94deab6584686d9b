"""A server worker compiles the common listings' statements when it starts, so that its first
readers do not: after warming, the usual listings compile nothing more."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.sql.compiler import SQLCompiler

from monotown.web.app import create_app
from monotown.web.settings import WebSettings
from monotown.web.warm import FILTER_SETS, SORTS, warm_statements
from tests.web.conftest import Web


@contextmanager
def compiles(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every SQL compilation in the block (a spy on SQLAlchemy's compiler: it still compiles)."""
    seen: list[str] = []
    original = SQLCompiler.__init__

    def spy(self: SQLCompiler, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        seen.append(self.string)

    with monkeypatch.context() as patch:
        patch.setattr(SQLCompiler, "__init__", spy)
        yield seen


def test_after_warming_the_usual_listings_compile_nothing(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert warm_statements(web.app.state.read_sessions) == len(FILTER_SETS) * len(SORTS) * 2
    client = web.client("viewer")
    paths = [
        "/api/v1/values?town=temirtau&sort=-value&per_page=20",
        "/api/v1/values?region=KZ-35&pillar=labour&sort=period&page=3&per_page=50",
        "/api/v1/values?indicator=pop_total&year_from=2020&sort=-flag",
        "/api/v1/values?region=KZ-35&year_from=2021&year_to=2021&sort=indicator&page=2",
        "/api/v1/values/temirtau/pop_total/2023",
    ]
    # what else a request compiles once (the token check, the data stamp, a total's count)
    first = "/api/v1/values?region=KZ-35&pillar=labour&sort=town&per_page=20"
    assert client.get(first).status_code == 200
    with compiles(monkeypatch) as seen:
        for path in paths:
            answer = client.get(path)
            assert answer.status_code in (200, 404), answer.text
    assert seen == []


def test_a_worker_warms_when_it_starts_and_its_answers_are_unchanged(web: Web) -> None:
    warm = create_app(web.url, WebSettings(cache_seconds=0, warm_start=True))
    path = "/api/v1/values?region=KZ-35&sort=-value&per_page=5"
    headers = {"Authorization": f"Bearer {web.tokens['viewer']}"}
    with TestClient(warm, headers=headers) as client:  # its start-up (lifespan) warms
        answer = client.get(path)
    assert answer.status_code == 200
    assert answer.json() == web.client("viewer").get(path).json()
