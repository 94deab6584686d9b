"""Bounded request bodies: refused by their declared size before a byte is read, and for
unauthenticated callers before anything is spooled to disk.

A pure ASGI middleware inside the session middleware (so it sees the session cookie) and in
front of every route and form parser:

- a Content-Length over the body limit is a 413 at once;
- a body larger than the small anonymous allowance (a sign-in form), a multipart upload, or a
  chunked body of unknown size first needs a valid bearer token or signed-in session, checked
  against the database; without one the answer is 401 and the body is never read;
- bytes are counted as they arrive, so a chunked body stops at the limit with a 413 too.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import Message, Receive, Scope, Send

from monotown.errors import BodyTooLargeError, MonotownError
from monotown.records.limits import ANONYMOUS_BODY_KB, BODY_MB, body_limit_bytes
from monotown.web.context import get_principal
from monotown.web.failures import error_response
from monotown.web.headers import HttpMiddleware

BODYLESS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})


class BodyLimit(HttpMiddleware):
    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope)
        length_text = headers.get("content-length")
        declared = int(length_text) if length_text and length_text.isdigit() else None
        chunked = "chunked" in headers.get("transfer-encoding", "").lower()
        limit = body_limit_bytes()
        if declared is not None and declared > limit:
            await self._refuse(scope, receive, send, 413, _too_large(limit))
            return
        anonymous = ANONYMOUS_BODY_KB.value * 1024
        multipart = headers.get("content-type", "").startswith("multipart/")
        may_have_body = scope["method"] not in BODYLESS or declared or chunked
        large = (declared or 0) > anonymous or (declared is None and chunked) or multipart
        if may_have_body and large and not await self._authenticated(scope):
            if (declared or 0) > anonymous or multipart:
                message = "sign in or send a bearer token before uploading a file"
                await self._refuse(scope, receive, send, 401, message)
                return
            limit = anonymous
        await self._counted(scope, receive, send, limit)

    async def _authenticated(self, scope: Scope) -> bool:
        try:
            principal = await get_principal(Request(scope))
        except MonotownError:
            return False
        return principal.authenticated

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, status: int, message: str
    ) -> None:
        response = error_response(Request(scope), status, message)
        response.headers["Connection"] = "close"
        await response(scope, receive, send)

    async def _counted(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """Pass the request on, stopping the body at `limit` bytes with a 413."""
        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLargeError(_too_large(limit))
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                return  # whatever the app made of the cut body, the answer is the 413 below
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except BodyTooLargeError:
            exceeded = True
        if exceeded and not started:
            await self._refuse(scope, receive, send, 413, _too_large(limit))


def _too_large(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"the request body is larger than {BODY_MB.describe()}"
    return f"the request body is larger than {ANONYMOUS_BODY_KB.describe()}; sign in to send more"
