"""Which address a request comes from, for the sign-in throttle and the session list.

`X-Forwarded-For` is believed only when the connection comes from a configured trusted proxy
(MONOTOWN_TRUSTED_PROXIES): anyone else could put any address there and so dodge the per-address
limit. Behind a chain of trusted proxies the client is the right-most address that is not one of
them.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from fastapi import Request

from monotown.web.settings import Network

UNKNOWN = "unknown"


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(text: str, proxies: Sequence[Network]) -> bool:
    address = _address(text)
    return address is not None and any(address in network for network in proxies)


def choose_client(peer: str, forwarded_for: str | None, proxies: Sequence[Network]) -> str:
    """The client's address given the connection's peer and its X-Forwarded-For header."""
    if not forwarded_for or not _trusted(peer, proxies):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if _address(hop) is None:
            return peer  # a malformed chain names nobody we can count
        if not _trusted(hop, proxies):
            return str(_address(hop))
    return str(_address(hops[0])) if hops else peer


def client_address(request: Request) -> str:
    peer = request.client.host if request.client else UNKNOWN
    proxies = request.app.state.settings.trusted_proxies
    forwarded = ",".join(request.headers.getlist("x-forwarded-for")) or None
    return choose_client(peer, forwarded, proxies)[:64]
