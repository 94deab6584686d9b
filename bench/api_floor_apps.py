"""The two floor apps of `api_floor.py`: what the Python web stack costs on this machine before
any of Monotown's own work. `bare` is a raw ASGI callable answering a fixed JSON body (uvicorn's
HTTP handling alone); `keyed` is FastAPI reading one value by its key from the benchmark's SQLite
file with the standard library's sqlite3 and encoding it with orjson (the least a keyed read
through a framework can cost)."""

from __future__ import annotations

import os
import sqlite3
import threading
from typing import Any

import orjson
from fastapi import FastAPI, HTTPException
from fastapi.responses import Response

BODY = orjson.dumps({"town": "KZ-X", "indicator": "I", "period": "2024", "value": 1.0})
HEAD = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


async def bare(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEAD})
    await send({"type": "http.response.body", "body": BODY})


keyed = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
_local = threading.local()
_SQL = (
    "SELECT v.value, v.flag, v.source FROM indicator_value v"
    " JOIN settlement s ON s.id = v.settlement_id JOIN indicator i ON i.id = v.indicator_id"
    " WHERE s.code = ? AND i.code = ? AND v.period = ?"
)


def _connection() -> sqlite3.Connection:
    connection = getattr(_local, "connection", None)
    if connection is None:
        path = os.environ["MONOTOWN_FLOOR_SQLITE"]
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        _local.connection = connection
    return connection


@keyed.get("/v/{town}/{indicator}/{period}")
def value(town: str, indicator: str, period: str) -> Response:
    row = _connection().execute(_SQL, (town, indicator, period)).fetchone()
    if row is None:
        raise HTTPException(404)
    answer = {"town": town, "indicator": indicator, "period": period, "value": row[0],
              "flag": row[1], "source": row[2]}  # fmt: skip
    return Response(orjson.dumps(answer), media_type="application/json")
