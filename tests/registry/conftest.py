"""The web fixtures, for the tests that check every surface (CLI and web) at once."""

from tests.web.conftest import password_hash, web

__all__ = ["password_hash", "web"]
