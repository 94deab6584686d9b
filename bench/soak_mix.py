"""What the soak drives: a `make run` demo database and a dashboard's mix of reads.

Kept apart from `api_bench.py` (the national-scale benchmark, with its own mix) so each can change
without breaking the other.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from typing import Any

import httpx

# What `make run` does to an empty database (the Makefile's run target).
MAKE_RUN_STEPS = (
    ("db", "upgrade"),
    ("data", "load-reference", "--if-empty"),
    ("data", "load-demo", "--if-empty"),
    ("program", "load-facts", "--if-empty"),
    ("program", "load-demo", "--if-empty"),
    ("assess", "run", "--if-empty", "--uncertainty", "200", "--seed", "20260101"),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def monotown(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "monotown", *args], env=env, check=True, capture_output=True,
        text=True,
    )  # fmt: skip
    return done.stdout or ""


def run_loop(main: Any) -> Any:
    """uvloop when installed: the load generator shares the two cores with the server."""
    try:
        import uvloop

        return uvloop.run(main)
    except ImportError:
        return asyncio.run(main)


def request_mix(base: dict[str, list[str]]) -> list[str]:
    """Paths weighted like a dashboard's traffic: lists, town profiles, results."""
    mix = []
    for path in base["lists"]:
        mix += [path] * 3
    for path in base["profiles"]:
        mix += [path] * 2
    for path in base["results"]:
        mix += [path] * 3
    return mix


def discover_paths(url: str, token: str) -> dict[str, list[str]]:
    """Lists, profiles of real towns and assessment results the demo database can answer."""
    headers = {"Authorization": f"Bearer {token}"}
    towns = httpx.get(f"{url}/api/v1/settlements", params={"monotown": "true"}, headers=headers)
    codes = [item["code"] for item in towns.json()["items"]]
    lists = [
        "/api/v1/settlements?monotown=true",
        "/api/v1/settlements?list=current&sort=-population",
        "/api/v1/settlements?region=KZ-35",
        "/api/v1/enterprises?sort=name",
        "/api/v1/regions",
    ]
    profiles = [f"/api/v1/settlements/{code}" for code in codes[:10]]
    profiles += [f"/api/v1/towns/{code}" for code in codes[10:15]]
    results = [
        "/api/v1/assessment/runs/latest/results?per_page=100",
        "/api/v1/assessment/runs/latest/uncertainty",
        *(f"/api/v1/assessment/runs/latest/results/{code}" for code in codes[:5]),
        "/api/v1/assessment/warnings",
        "/api/v1/program-summaries/projects",
        "/api/v1/program-summaries/budget",
        "/api/v1/program/directives?overdue=true",
        "/api/v1/indicators?pillar=labour",
    ]
    return {"lists": lists, "profiles": profiles, "results": results}
