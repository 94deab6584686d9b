"""Request addresses no database can take: a NUL character in the path or in a query parameter
is answered 422, naming the parameter, before any route runs.

PostgreSQL refuses NUL in every text value, and SQLite's C strings end at it. A listing turned
that refusal into a 4xx, but a streamed export meets it after the answer's first bytes, when the
status can no longer change; refusing the request up front gives every route the same answer.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from monotown.web.failures import error_response
from monotown.web.headers import HttpMiddleware

NUL = "\x00"


def nul_in_address(path: str, query: bytes) -> str | None:
    """What in the address holds a NUL (the path or a parameter's name), or None."""
    if NUL in path:
        return "the path"
    if b"%00" not in query and b"\x00" not in query:
        return None  # every request passes here: parse only a query that may hold a NUL
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if NUL in name or NUL in value:
            return f"query parameter {name.replace(NUL, '')!r}"
    return None


class NoNulInAddress(HttpMiddleware):
    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        where = nul_in_address(scope.get("path", ""), scope.get("query_string", b""))
        if where is None:
            await self.app(scope, receive, send)
            return
        message = f"{where}: must not contain NUL characters"
        await error_response(Request(scope), 422, message)(scope, receive, send)
