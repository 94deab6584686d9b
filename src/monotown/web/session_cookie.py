"""The session cookie carries one signed random id and nothing else; who it belongs to is on the
server (`auth/sessions.py`). One-line notices shown on the next page ("Settlement saved.") travel
in a second, short-lived signed cookie.

In the app, `request.session` is a dict whose `sid` and `flash` entries are kept between requests
(a cookie is sent only when one of them changed); anything else put there is dropped.
"""

from __future__ import annotations

import json
from base64 import b64decode, b64encode
from typing import Any

from itsdangerous import BadSignature, TimestampSigner
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "monotown_session"
NOTICE_COOKIE = "monotown_notice"
NOTICE_SECONDS = 300
MAX_NOTICE_BYTES = 2000


class SessionCookie:
    """A pure ASGI middleware in place of Starlette's SessionMiddleware."""

    def __init__(
        self, app: ASGIApp, *, secret_key: str, max_age: int, https_only: bool = False
    ) -> None:
        self.app = app
        self.signer = TimestampSigner(secret_key, salt="monotown.session")
        self.notice_signer = TimestampSigner(secret_key, salt="monotown.notice")
        self.max_age = max_age
        self.https_only = https_only

    def _unsign(self, signer: TimestampSigner, value: str | None, max_age: int) -> str | None:
        if not value:
            return None
        try:
            return signer.unsign(value.encode("utf-8"), max_age=max_age).decode("utf-8")
        except (BadSignature, UnicodeDecodeError):
            return None

    def _read(self, scope: Scope) -> dict[str, Any]:
        cookies = HTTPConnection(scope).cookies
        data: dict[str, Any] = {}
        sid = self._unsign(self.signer, cookies.get(SESSION_COOKIE), self.max_age)
        if sid:
            data["sid"] = sid
        notices = self._unsign(self.notice_signer, cookies.get(NOTICE_COOKIE), NOTICE_SECONDS)
        if notices:
            try:
                loaded = json.loads(b64decode(notices))
            except ValueError:
                loaded = None
            if isinstance(loaded, list):
                data["flash"] = loaded
        return data

    def _cookie(self, name: str, value: str | None, max_age: int) -> str:
        parts = [f"{name}={value or 'null'}", "path=/", "httponly", "samesite=lax"]
        parts.append(f"Max-Age={max_age}" if value else "Max-Age=0")
        if not value:
            parts.append("expires=Thu, 01 Jan 1970 00:00:00 GMT")
        if self.https_only:
            parts.append("secure")
        return "; ".join(parts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        data = self._read(scope)
        scope["session"] = data
        sid_before, flash_before = data.get("sid"), data.get("flash") or None

        async def send_with_cookies(message: Message) -> None:
            if message["type"] == "http.response.start":
                session = scope["session"]
                headers = MutableHeaders(scope=message)
                sid = session.get("sid")
                if sid != sid_before:
                    signed = self.signer.sign(sid).decode() if isinstance(sid, str) else None
                    headers.append("Set-Cookie", self._cookie(SESSION_COOKIE, signed, self.max_age))
                flash = session.get("flash") or None
                if flash != flash_before:
                    payload = b64encode(json.dumps(flash).encode()) if flash else b""
                    signed = (
                        self.notice_signer.sign(payload).decode()
                        if flash and len(payload) <= MAX_NOTICE_BYTES
                        else None
                    )
                    headers.append(
                        "Set-Cookie", self._cookie(NOTICE_COOKIE, signed, NOTICE_SECONDS)
                    )
            await send(message)

        await self.app(scope, receive, send_with_cookies)
