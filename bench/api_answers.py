"""Record the API's answers to the api_bench mix (and its schema), or check them against a
recording: the proof that a change to the web layer changed no answer.

    python bench/api_answers.py prepare DB            # a copy of the national DB with a token
    python bench/api_answers.py record DB OUT.json    # answers of the code on PYTHONPATH
    python bench/api_answers.py compare A.json B.json # the differences, exit 1 if any

`record` copies DB first (a run notes token use and fills caches), serves it in process with
the production settings and asks, in one fixed order: the first reads of the mix (mostly
distinct, some repeated: cache hits), the same listings reached by their `Link` cursors, edge
cases (bad parameters, unknown filters, no or wrong token), and `/api/openapi.json`. It keeps
each answer's status, its headers (but `date`) and its body.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_bench_mix import Mix
from national_db import SETTLEMENTS, YEARS

READS = 360
TOKEN_FILE = ".token"
EDGE_CASES = (
    "/api/v1/values?per_page=0",
    "/api/v1/values?per_page=5000",
    "/api/v1/values?page=0",
    "/api/v1/values?sort=nope",
    "/api/v1/values?sort=-value&region=KZ-35&year_from=1800",
    "/api/v1/values?year_from=abc",
    "/api/v1/values?period_type=week",
    "/api/v1/values?flag=guess",
    "/api/v1/values?synthetic=maybe",
    "/api/v1/values?records=fake",
    "/api/v1/values?records=real&per_page=3",
    "/api/v1/values?synthetic=true&per_page=3",
    "/api/v1/values?town=" + "x" * 65,
    "/api/v1/values?after=garbage",
    "/api/v1/values?value__gt=1000&per_page=5&sort=-value",
    "/api/v1/values?year__gte=2020&indicator__in=pop_total,area_km2&per_page=4",
    "/api/v1/values?nosuch__exact=1",
    "/api/v1/values?value__between=1",
    "/api/v1/values?town=bench-00001&_ignored=1&per_page=3",
    "/api/v1/values?town=bench-00001&town=bench-00002&per_page=3",
    "/api/v1/values?format=csv&per_page=2",
    "/api/v1/values?page=2&per_page=3&after=x",
    "/api/v1/values/bench-00001/pop_total/1999",
    "/api/v1/values/nosuch/pop_total/2020",
    "/api/v1/settlements/nosuch",
    "/api/v1/settlements?per_page=3",
    "/api/v1/settlements?region=KZ-35&per_page=3&sort=-name",
    "/api/v1/assessment/runs/latest/results/nosuch",
    "/api/v1/assessment/runs",
    "/api/v1/indicators?per_page=3",
    "/api/v1/regions",
    "/api/v1/records/values?per_page=3",
    "/api/v1/values/export?town=bench-00003&format=csv",
    "/healthz",
)


def prepare(database: Path) -> None:
    """Add a viewer with a token to `database` (once: every recording copies this file)."""
    from monotown.accounts.accounts import create_token, create_user
    from monotown.db import make_engine, session_scope

    engine = make_engine(f"sqlite:///{database}")
    with session_scope(engine) as session:
        create_user(session, "answers-viewer", role="viewer", password=None, actor="bench",
                    origin="cli")  # fmt: skip
        _token, plain = create_token(session, "answers-viewer", name="answers", actor="bench",
                                     origin="cli")  # fmt: skip
    engine.dispose()
    database.with_name(database.name + TOKEN_FILE).write_text(plain)


def _paths() -> list[str]:
    """The reads of the mix (in a fixed order), then the edge cases."""
    mix = Mix(_indicators(), SETTLEMENTS, YEARS, seed=777)
    return [mix.read().path for _ in range(READS)] + list(EDGE_CASES)


def _indicators() -> list[str]:
    from api_bench import INDICATORS_USED, _indicators
    from national_db import sqlite_url

    if not INDICATORS_USED:
        INDICATORS_USED.extend(_indicators(Path(sqlite_url().removeprefix("sqlite:///"))))
    return INDICATORS_USED


def _answer(response: Any) -> dict[str, Any]:
    headers = [[k, v] for k, v in response.headers.multi_items() if k.lower() != "date"]
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    return {"status": response.status_code, "headers": headers, "body": body}


def record(database: Path, out: Path) -> None:
    from fastapi.testclient import TestClient

    from monotown.web.app import create_app
    from monotown.web.settings import WebSettings

    token = database.with_name(database.name + TOKEN_FILE).read_text().strip()
    answers: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="monotown-answers-") as folder:
        copy = Path(folder) / "national.sqlite"
        shutil.copy(database, copy)
        app = create_app(f"sqlite:///{copy}", WebSettings.from_env())
        auth = {"Authorization": f"Bearer {token}"}
        with TestClient(app, base_url="http://bench") as client:
            nexts: list[str] = []
            for path in _paths():
                response = client.get(path, headers=auth)
                answers.append({"path": path, **_answer(response)})
                link = response.headers.get("link")
                if link and len(nexts) < 40:
                    nexts.append(link.split(">")[0].lstrip("<").removeprefix("http://bench"))
            for path in nexts:
                answers.append({"path": path, **_answer(client.get(path, headers=auth))})
            for path, headers in (
                ("/api/v1/values?per_page=2", {}),
                ("/api/v1/values?per_page=2", {"Authorization": "Bearer mt_wrong"}),
                ("/api/v1/values?per_page=2", {"Authorization": "Basic abc"}),
                ("/api/v1/settlements/bench-00001", {"Authorization": "Bearer mt_wrong"}),
                ("/api/v1/settlements/bench-00001", {}),
            ):
                answer = _answer(client.get(path, headers=headers))
                answers.append({"path": path, "auth": sorted(headers), **answer})
            schema = client.get("/api/openapi.json").text  # as sent: its key order too
    out.write_text(json.dumps({"answers": answers, "openapi": schema}, ensure_ascii=False,
                              indent=1, sort_keys=True))  # fmt: skip
    statuses: dict[int, int] = {}
    for answer in answers:
        statuses[answer["status"]] = statuses.get(answer["status"], 0) + 1
    print(f"{len(answers)} answers recorded in {out} (statuses {statuses})")


def compare(first: Path, second: Path) -> int:
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    differences = 0
    if a["openapi"] != b["openapi"]:
        differences += 1
        print("the OpenAPI schema differs (its text, key order included)")
    if len(a["answers"]) != len(b["answers"]):
        print(f"{len(a['answers'])} vs {len(b['answers'])} answers")
        return 1
    for one, other in zip(a["answers"], b["answers"], strict=True):
        if one != other:
            differences += 1
            keys = [k for k in one if one.get(k) != other.get(k)]
            print(f"{one['path']}: {', '.join(keys)} differ")
            for key in keys:
                print(f"   {str(one.get(key))[:300]}\n   {str(other.get(key))[:300]}")
    print(f"{len(a['answers'])} answers and the schema compared: {differences} differences")
    return 1 if differences else 0


def main() -> int:
    command, *args = sys.argv[1:]
    if command == "prepare":
        prepare(Path(args[0]))
    elif command == "record":
        record(Path(args[0]), Path(args[1]))
    else:
        return compare(Path(args[0]), Path(args[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
