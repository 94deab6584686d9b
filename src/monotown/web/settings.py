"""How the web app behaves, from environment variables (read once when the app is built).

- MONOTOWN_PUBLIC_READ=1: anyone may read pages and GET the API without signing in;
- MONOTOWN_SECURE_COOKIES=1: session cookies only travel over HTTPS (set it behind TLS);
- MONOTOWN_SECRET_KEY: the key that signs session cookies (else one is kept in the database);
- MONOTOWN_CACHE_SECONDS: how long a server process trusts its read cache before checking the
  database for changes made by other processes (default 1 s; 0 checks on every request);
- MONOTOWN_SESSION_HOURS: how long a sign-in lasts at most (default 12);
- MONOTOWN_SESSION_IDLE_MINUTES: a session unused this long ends (default 120);
- MONOTOWN_TRUSTED_PROXIES: comma-separated addresses or networks (e.g. `127.0.0.1,10.0.0.0/8`)
  of reverse proxies whose `X-Forwarded-For` names the client; default none (the header is ignored);
- MONOTOWN_CACHE_IMPORT_SECONDS: after values are imported or written through the API, cached
  reads may show the previous data for up to this long (default 15 s; see `cache.py`);
- MONOTOWN_CACHE_MEGABYTES: the most a server process keeps in its read cache (default 64);
- MONOTOWN_WARM_START=0: a server process does not compile the common listings' statements when
  it starts (default: it does, in about a second, so its first readers do not; see `warm.py`).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass

from monotown.errors import MonotownError

TRUE_WORDS = {"1", "true", "yes", "on"}
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _flag(name: str, default: bool = False) -> bool:
    """Whether the variable says yes; `default` when it is unset or empty."""
    text = os.environ.get(name, "").strip().lower()
    return text in TRUE_WORDS if text else default


def _float(name: str, default: float) -> float:
    try:
        return max(0.0, float(os.environ.get(name, "") or default))
    except ValueError:
        return default


def parse_networks(text: str, *, name: str = "MONOTOWN_TRUSTED_PROXIES") -> tuple[Network, ...]:
    """Addresses and networks separated by commas or spaces; a bad one is a clear error."""
    networks = []
    for part in text.replace(",", " ").split():
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise MonotownError(f"{name}: '{part}' is not an IP address or network") from None
    return tuple(networks)


@dataclass(frozen=True)
class WebSettings:
    public_read: bool = False
    secure_cookies: bool = False
    secret_key: str | None = None
    cache_seconds: float = 1.0
    session_hours: float = 12
    session_idle_minutes: float = 120
    trusted_proxies: tuple[Network, ...] = ()
    cache_megabytes: float = 64
    cache_import_seconds: float = 15
    warm_start: bool = False

    @classmethod
    def from_env(cls) -> WebSettings:
        return cls(
            public_read=_flag("MONOTOWN_PUBLIC_READ"),
            secure_cookies=_flag("MONOTOWN_SECURE_COOKIES"),
            secret_key=os.environ.get("MONOTOWN_SECRET_KEY", "").strip() or None,
            cache_seconds=_float("MONOTOWN_CACHE_SECONDS", 1.0),
            session_hours=_float("MONOTOWN_SESSION_HOURS", 12) or 12,
            session_idle_minutes=_float("MONOTOWN_SESSION_IDLE_MINUTES", 120) or 120,
            trusted_proxies=parse_networks(os.environ.get("MONOTOWN_TRUSTED_PROXIES", "")),
            cache_megabytes=_float("MONOTOWN_CACHE_MEGABYTES", 64),
            cache_import_seconds=_float("MONOTOWN_CACHE_IMPORT_SECONDS", 15),
            warm_start=_flag("MONOTOWN_WARM_START", default=True),
        )
