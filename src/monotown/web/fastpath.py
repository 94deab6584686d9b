"""Answers repeated API reads from the read cache before routing, for clients allowed to read.

A GET under one of the read-only prefixes, from a valid bearer token (checked against the database
on every request, like everywhere else) or from anyone when reading is public, is answered with
the bytes the endpoint produced last time for the same path and query, as long as the data stamp
has not changed (see `cache.py`). An answer that only went stale because values were imported is
still served while a fresh one is made in the background (so no reader waits for it).
Everything else — first requests, writes, session cookies, exports, admin endpoints — goes
through the app as usual, and a successful answer is kept for next time. This skips routing and
dependency resolution, which dominate the cost of a cached answer.
"""

from __future__ import annotations

import asyncio
import logging
import time

from fastapi.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from monotown.accounts.roles import PUBLIC_READER, Permission, Principal
from monotown.web.cache import ReadCache
from monotown.web.principals import Credentials, remember_checked
from monotown.web.session_cookie import SESSION_COOKIE

READ_PREFIXES = (
    "/api/v1/settlements",
    "/api/v1/enterprises",
    "/api/v1/regions",
    "/api/v1/towns",
    "/api/v1/indicators",
    "/api/v1/program/",
    "/api/v1/program-summaries/",
    "/api/v1/assessment/runs",
    "/api/v1/assessment/warnings",
)
log = logging.getLogger("monotown.web")
MAX_BODY = 2 * 1024 * 1024
JSON = b"application/json"


class ReadThrough:
    """A pure ASGI middleware in front of the app (inside the security headers)."""

    def __init__(self, app: ASGIApp, *, state: object) -> None:
        self.app = app
        self.state = state
        self._passing: set[object] = set()  # raw answers being made right now
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def cache(self) -> ReadCache:
        return self.state.cache  # type: ignore[attr-defined,no-any-return]

    async def _principal(self, scope: Scope) -> Principal | None:
        """The reader of a bearer token or a public reader; None means 'let the app decide'."""
        headers = dict(scope["headers"])
        auth = headers.get(b"authorization")
        if auth is None:
            if SESSION_COOKIE.encode() in headers.get(b"cookie", b""):
                return None
            return PUBLIC_READER if self.state.settings.public_read else None  # type: ignore[attr-defined]
        scheme, _, token = auth.decode("latin-1").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        credentials: Credentials = self.state.credentials  # type: ignore[attr-defined]
        principal = await credentials.principal_for_token(token.strip())
        if principal is not None:
            remember_checked(scope, token.strip(), principal)  # the route checks it no more
        return principal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not path.startswith(READ_PREFIXES)
            or path.endswith("/export")
        ):
            await self.app(scope, receive, send)
            return
        principal = await self._principal(scope)  # a token's check also refreshes the stamp
        if self.cache.stale():
            await run_in_threadpool(self._refresh)
        if principal is None or not principal.can(Permission.read):
            await self.app(scope, receive, send)
            return
        key = ("raw", path, scope.get("query_string", b""))
        body = self.cache.peek(key)
        if not isinstance(body, bytes):
            body = self.cache.peek_stale(key)
            if isinstance(body, bytes) and key not in self._passing:
                self._refresh_later(scope, key)
        if isinstance(body, bytes):
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", JSON),
                        (b"content-length", str(len(body)).encode()),
                        (b"x-monotown-cache", b"hit"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await self._keep(scope, receive, send, key)

    def _refresh_later(self, scope: Scope, key: object) -> None:
        """Make a fresh answer for a stale one in the background, as the same reader would."""
        self._passing.add(key)

        async def receive() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def drop(_message: Message) -> None:
            return None

        async def refresh() -> None:
            try:
                await self._keep(dict(scope), receive, drop, key)
            except Exception:
                log.exception("could not refresh %s in the background", scope.get("path"))
            finally:
                self._passing.discard(key)

        task = asyncio.get_running_loop().create_task(refresh())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _refresh(self) -> None:
        session = self.state.read_sessions()  # type: ignore[attr-defined]
        try:
            self.cache.refresh(session)
        finally:
            session.close()

    async def _keep(self, scope: Scope, receive: Receive, send: Send, key: object) -> None:
        """Pass the request on and remember a successful JSON answer."""
        generation, started = self.cache.generation, time.monotonic()
        status = 0
        is_json = False
        parts: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal status, is_json
            if message["type"] == "http.response.start":
                status = message["status"]
                is_json = any(
                    name == b"content-type" and value.startswith(JSON)
                    for name, value in message.get("headers", [])
                )
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        body = b"".join(parts)
        if status == 200 and is_json and len(body) <= MAX_BODY:
            self.cache.put(key, body, generation, started)
