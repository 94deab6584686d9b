"""Answers repeated API reads from the read cache before routing, for clients allowed to read.

A GET under one of the read-only prefixes, from a bearer token the cache already knows (or from
anyone when reading is public), is answered with the bytes (and Link header) the endpoint produced
last time for the same path and query,
as long as the data stamp has not changed (see `cache.py`). Everything
else — first requests, writes, session cookies, exports, admin endpoints — goes through the app as
usual, and a successful answer is kept for next time. This skips routing and dependency
resolution, which dominate the cost of a cached answer.
"""

from __future__ import annotations

from fastapi.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from monotown.web.auth.roles import PUBLIC_READER, Permission, Principal
from monotown.web.cache import ReadCache

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
    "/api/v1/values",
)
# Says whether an answer came from the cache (hit) or was computed (miss), for benchmarks and
# for anyone judging how fresh an answer is.
CACHE_HEADER = b"x-monotown-cache"
MAX_BODY = 2 * 1024 * 1024
JSON = b"application/json"


class ReadThrough:
    """A pure ASGI middleware in front of the app (inside the security headers)."""

    def __init__(self, app: ASGIApp, *, state: object) -> None:
        self.app = app
        self.state = state

    @property
    def cache(self) -> ReadCache:
        return self.state.cache  # type: ignore[attr-defined,no-any-return]

    def _principal(self, scope: Scope) -> Principal | None:
        """The reader, if it can be told without the database; None means 'let the app decide'."""
        headers = dict(scope["headers"])
        auth = headers.get(b"authorization")
        if auth is None:
            if b"monotown_session" in headers.get(b"cookie", b""):
                return None
            return PUBLIC_READER if self.state.settings.public_read else None  # type: ignore[attr-defined]
        scheme, _, token = auth.decode("latin-1").partition(" ")
        if scheme.lower() != "bearer":
            return None
        found = self.cache.peek(("token", token.strip()))
        return found if isinstance(found, Principal) else None

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
        if self.cache.stale():
            await run_in_threadpool(self._refresh)
        principal = self._principal(scope)
        if principal is None or not principal.can(Permission.read):
            await self.app(scope, receive, send)
            return
        key = ("raw", path, scope.get("query_string", b""))
        kept = self.cache.peek(key)
        if isinstance(kept, tuple):
            body, link = kept
            headers = [
                (b"content-type", JSON),
                (b"content-length", str(len(body)).encode()),
                (CACHE_HEADER, b"hit"),
            ]
            if link:
                headers.append((b"link", link))
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self._keep(scope, receive, send, key)

    def _refresh(self) -> None:
        session = self.state.sessions()  # type: ignore[attr-defined]
        try:
            self.cache.refresh(session)
        finally:
            session.close()

    async def _keep(self, scope: Scope, receive: Receive, send: Send, key: object) -> None:
        """Pass the request on and remember a successful JSON answer."""
        generation = self.cache.generation
        status = 0
        is_json = False
        link = b""
        parts: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal status, is_json, link
            if message["type"] == "http.response.start":
                message = {
                    **message,
                    "headers": [*message.get("headers", []), (CACHE_HEADER, b"miss")],
                }
                status = message["status"]
                is_json = any(
                    name == b"content-type" and value.startswith(JSON)
                    for name, value in message.get("headers", [])
                )
                link = next((v for n, v in message["headers"] if n == b"link"), b"")
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        body = b"".join(parts)
        if status == 200 and is_json and len(body) <= MAX_BODY:
            self.cache.put(key, (body, link), generation)
