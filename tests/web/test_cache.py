"""The read cache under writes: bounded in memory, imports clear it at most every `import_ttl`
seconds (stale values keep being served meanwhile), other changes at once, no-ops not at all."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy.engine import Engine

from monotown.db import session_scope
from monotown.web.cache import ReadCache
from monotown.web.settings import WebSettings
from tests.web.conftest import make_web


def test_the_cache_stays_within_its_byte_budget(reference_engine: Engine) -> None:
    cache = ReadCache(ttl=60, max_bytes=1_000_000)
    with session_scope(reference_engine) as session:
        for n in range(100):
            cache.get(session, ("body", n), lambda: b"x" * 100_000)
            assert cache.size[1] <= 1_000_000
    assert cache.size[0] <= 10


def test_imports_clear_at_most_every_import_ttl_and_other_changes_at_once(
    reference_engine: Engine,
) -> None:
    cache = ReadCache(ttl=60, import_ttl=60)
    computed: list[int] = []

    def compute() -> int:
        computed.append(1)
        return len(computed)

    with session_scope(reference_engine) as session:
        assert cache.get(session, "k", compute) == 1
        for _ in range(5):  # imports wait for import_ttl after the last clear
            cache.invalidate(only_imports=True)
            assert cache.get(session, "k", compute) == 1
        cache.invalidate()  # anything else: at once
        assert cache.get(session, "k", compute) == 2


def test_a_value_being_recomputed_is_served_stale_to_others(reference_engine: Engine) -> None:
    cache = ReadCache(ttl=0.01, import_ttl=0.05)

    async def scenario() -> list[str]:
        with session_scope(reference_engine) as session:
            assert await cache.aget(session, "k", lambda: "old") == "old"
            await asyncio.sleep(0.06)
            cache.invalidate(only_imports=True)
            release = asyncio.Event()
            loop = asyncio.get_running_loop()

            def slow() -> str:
                asyncio.run_coroutine_threadsafe(release.wait(), loop).result(timeout=10)
                return "new"

            first = asyncio.create_task(cache.aget(session, "k", slow))
            await asyncio.sleep(0.02)
            meanwhile = await cache.aget(session, "k", lambda: "never")
            release.set()
            return [meanwhile, await first, await cache.aget(session, "k", lambda: "never")]

    assert asyncio.run(scenario()) == ["old", "new", "new"]


def test_writes_that_change_nothing_keep_the_cache(
    reference_db_url: str, password_hash: str
) -> None:
    from monotown.data import load_catalog

    web = make_web(reference_db_url, password_hash, WebSettings(cache_seconds=60))
    with session_scope(web.engine) as session:
        load_catalog(session)
    analyst = web.client("analyst")
    value = {"town": "temirtau", "indicator": "pop_total", "period": "2023", "value": 180000}
    cache = web.app.state.cache
    assert analyst.put("/api/v1/values", json=value).json()["status"] == "committed"
    analyst.get("/api/v1/regions")
    generation = cache.generation
    assert analyst.put("/api/v1/values", json=value).json()["status"] == "no-op"
    assert cache.generation == generation
    web.client("admin").patch("/api/v1/settlements/temirtau", json={"note": "edited"})
    assert cache.generation > generation
    web.engine.dispose()


def test_answers_no_import_can_change_survive_value_writes(
    reference_db_url: str, password_hash: str
) -> None:
    from monotown.data import load_catalog

    settings = WebSettings(cache_seconds=0.05, cache_import_seconds=0.05)
    web = make_web(reference_db_url, password_hash, settings)
    with session_scope(web.engine) as session:
        load_catalog(session)
    viewer, analyst = web.client("viewer"), web.client("analyst")
    cache = web.app.state.cache
    assert "x-monotown-cache" not in viewer.get("/api/v1/settlements/temirtau").headers
    assert "x-monotown-cache" not in viewer.get("/api/v1/indicators").headers
    value = {"town": "temirtau", "indicator": "pop_total", "period": "2023", "value": 180001}
    time.sleep(0.1)  # past import_ttl: the write sets the cache aside at once
    assert analyst.put("/api/v1/values", json=value).json()["status"] == "committed"
    assert viewer.get("/api/v1/settlements/temirtau").headers["x-monotown-cache"] == "hit"
    # The catalog counts values: set aside (served stale while a fresh answer is made).
    assert cache.peek(("raw", "/api/v1/indicators", b"")) is None
    web.client("admin").patch("/api/v1/settlements/temirtau", json={"note": "edited"})
    detail = viewer.get("/api/v1/settlements/temirtau")
    assert "x-monotown-cache" not in detail.headers and detail.json()["note"] == "edited"
    web.engine.dispose()


def test_which_answers_read_no_imports() -> None:
    from monotown.web.cache import reads_no_imports

    free = [
        "settlement_rows", ("settlement", "temirtau"), ("principal", 1, "token"),
        ("raw", "/api/v1/settlements/temirtau", b""), ("raw", "/api/v1/regions", b"page=2"),
        ("raw", "/api/v1/assessment/runs/latest/results/temirtau", b""),
    ]  # fmt: skip
    bound = [
        "indicator_rows", ("raw", "/api/v1/indicators", b""), ("raw", "/api/v1/program/x", b""),
        ("raw", "/api/v1/assessment/runs/latest", b""), ("warnings", None), ("events", "en"),
    ]  # fmt: skip
    assert all(reads_no_imports(key) for key in free)
    assert not any(reads_no_imports(key) for key in bound)
