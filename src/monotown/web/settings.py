"""How the web app behaves, from environment variables (read once when the app is built).

- MONOTOWN_PUBLIC_READ=1: anyone may read pages and GET the API without signing in;
- MONOTOWN_SECURE_COOKIES=1: session cookies only travel over HTTPS (set it behind TLS);
- MONOTOWN_SECRET_KEY: the key that signs session cookies (else one is kept in the database);
- MONOTOWN_CACHE_SECONDS: how long a server process trusts its read cache before checking the
  database for changes made by other processes (default 1 s; 0 checks on every request).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

TRUE_WORDS = {"1", "true", "yes", "on"}


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in TRUE_WORDS


def _float(name: str, default: float) -> float:
    try:
        return max(0.0, float(os.environ.get(name, "") or default))
    except ValueError:
        return default


@dataclass(frozen=True)
class WebSettings:
    public_read: bool = False
    secure_cookies: bool = False
    secret_key: str | None = None
    cache_seconds: float = 1.0
    session_hours: int = 12

    @classmethod
    def from_env(cls) -> WebSettings:
        return cls(
            public_read=_flag("MONOTOWN_PUBLIC_READ"),
            secure_cookies=_flag("MONOTOWN_SECURE_COOKIES"),
            secret_key=os.environ.get("MONOTOWN_SECRET_KEY", "").strip() or None,
            cache_seconds=_float("MONOTOWN_CACHE_SECONDS", 1.0),
        )
