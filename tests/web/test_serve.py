"""`monotown serve` on a real socket: prepares an empty database, creates the first admin and
prints how to sign in, then serves pages and the API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.web.live_server import ADMIN_PASSWORD, LiveServer


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path, env={"MONOTOWN_PUBLIC_READ": "1"}).start()
    yield live
    live.stop()


def test_serve_prepares_the_database_and_prints_how_to_sign_in(server: LiveServer) -> None:
    output = server.output()
    assert "first administrator created" in output
    assert f"{server.url}/login" in output and "user name: admin" in output
    home = httpx.get(f"{server.url}/")
    assert home.status_code == 200 and "Temirtau" in home.text  # public reading is on
    with httpx.Client(base_url=server.url) as client:
        login_page = client.get("/login").text
        token = login_page.split('name="csrf_token" value="')[1].split('"')[0]
        signed_in = client.post(
            "/login",
            data={
                "username": "admin",
                "password": ADMIN_PASSWORD,
                "csrf_token": token,
                "next": "/admin/users",
            },
        )
        assert signed_in.status_code == 303
        assert client.get("/admin/users").status_code == 200
    towns = httpx.get(f"{server.url}/api/v1/settlements", params={"list": "current"}).json()
    assert towns["total"] == 17
