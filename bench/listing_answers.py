"""Record the API's answers to a fixed sequence of mix requests, to prove that a change to the
listings' SQL leaves every answer byte-identical.

The sequence is the `api_bench.py` mix (seeded: the same requests in every run) with cursor
pages followed from `next`, records-layer pages and 5% single-value writes between the reads
(so totals after a data change are among the answers). Each run works on a fresh copy of the
national database (SQLite) or on the national PostgreSQL schema (reads only: its data stays as
it was), so two runs with the same seed get the same requests and the same data. The app runs in
process (no HTTP server); each answer is written as one JSON line (method, path, status, body).

    PYTHONPATH=/path/to/tree/src python bench/listing_answers.py OUT.jsonl [--count 600]
        [--seed 16] [--postgres URL]
    python bench/listing_answers.py --compare BEFORE.jsonl AFTER.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fastapi.testclient import TestClient

from api_bench import INDICATORS_USED, _indicators
from api_bench_mix import PILLARS, REGIONS, SORTS, Mix
from monotown.accounts.accounts import create_token, create_user
from monotown.db import make_engine, session_scope
from monotown.web.app import create_app
from monotown.web.settings import WebSettings
from national_db import SETTLEMENTS, YEARS, postgres_url, sqlite_url

WRITES = 0.05
FOLLOW = 0.35  # listings whose `next` cursor is followed (one to three pages)
RECORDS = 0.08  # records-layer pages among the reads


def _tokens(url: str) -> dict[str, str]:
    engine = make_engine(url)
    tokens = {}
    with session_scope(engine) as session:
        for role in ("viewer", "analyst"):
            name = f"answers-{role}-{uuid.uuid4().hex[:6]}"
            create_user(session, name, role=role, password=None, actor="bench", origin="system")
            tokens[role] = create_token(session, name, name="answers", actor="bench",
                                        origin="system")[1]  # fmt: skip
    engine.dispose()
    return tokens


def _records_path(rng: random.Random, mix: Mix) -> str:
    params: dict[str, object] = {}
    if rng.random() < 0.5:
        params["region"] = rng.choice(REGIONS)
    if rng.random() < 0.5:
        params["pillar"] = rng.choice(PILLARS)
    if rng.random() < 0.3:
        params["year__gte"] = rng.choice(YEARS)
    if rng.random() < 0.3:
        params["indicator"] = rng.choice(mix.indicators)
    params["sort"] = rng.choice(SORTS)
    params["size"] = rng.choice([20, 50])
    return "/api/v1/records/values?" + urllib.parse.urlencode(params)


def answers(client: TestClient, tokens: dict[str, str], count: int, seed: int,
            writes: bool) -> Iterator[dict[str, object]]:  # fmt: skip
    """The sequence's answers, one dict each."""
    rng = random.Random(seed)
    mix = Mix(INDICATORS_USED, SETTLEMENTS, YEARS, seed=seed)
    viewer = {"Authorization": f"Bearer {tokens['viewer']}", "Accept": "application/json"}
    analyst = {"Authorization": f"Bearer {tokens['analyst']}", "Content-Type": "application/json"}
    done = 0
    while done < count:
        if writes and rng.random() < WRITES:
            path, body = mix.write()
            reply = client.put(path, content=body, headers=analyst)
            yield {"method": "PUT", "path": path, "body_in": body.decode(),
                   "status": reply.status_code, "body": reply.text}  # fmt: skip
            done += 1
            continue
        path = _records_path(rng, mix) if rng.random() < RECORDS else mix.read().path
        follow = rng.random() < FOLLOW
        for _ in range(rng.randint(1, 3) if follow else 1):
            reply = client.get(path, headers=viewer)
            yield {"method": "GET", "path": path, "status": reply.status_code,
                   "body": reply.text, "link": reply.headers.get("Link")}  # fmt: skip
            done += 1
            link = reply.headers.get("Link")
            if not link or done >= count:
                break
            url = urllib.parse.urlsplit(link[1 : link.index(">")])
            path = f"{url.path}?{url.query}"


def record(out: Path, count: int, seed: int, postgres: str | None) -> None:
    source = Path(sqlite_url().removeprefix("sqlite:///"))
    INDICATORS_USED.extend(_indicators(source))
    with tempfile.TemporaryDirectory(prefix="monotown-answers-") as folder:
        if postgres:
            url = postgres_url(postgres)
        else:
            copy = Path(folder) / "national.sqlite"
            shutil.copy(source, copy)
            url = f"sqlite:///{copy}"
        tokens = _tokens(url)
        app = create_app(url, WebSettings(cache_seconds=0))
        with TestClient(app) as client, out.open("w") as file:
            for answer in answers(client, tokens, count, seed, writes=not postgres):
                file.write(json.dumps(answer, ensure_ascii=False) + "\n")
    print(f"{count} answers in {out}")


def compare(before: Path, after: Path) -> int:
    old = before.read_text().splitlines()
    new = after.read_text().splitlines()
    differ = [n for n, (a, b) in enumerate(zip(old, new, strict=False)) if a != b]
    statuses: dict[int, int] = {}
    for line in old:
        status = int(json.loads(line)["status"])
        statuses[status] = statuses.get(status, 0) + 1
    print(f"{len(old)} vs {len(new)} answers (statuses {statuses}); {len(differ)} differ")
    for n in differ[:5]:
        print(f"  #{n}: {json.loads(old[n])['path']}")
    return 0 if not differ and len(old) == len(new) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--postgres")
    parser.add_argument("--compare", type=Path, nargs=2)
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare)
    record(args.out, args.count, args.seed, args.postgres)
    return 0


if __name__ == "__main__":
    sys.exit(main())
