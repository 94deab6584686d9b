"""The minimal web app: the towns page and the JSON API, in-process and through a real server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from monotown.web.app import create_app


@pytest.fixture
def client(reference_db_url: str) -> TestClient:
    return TestClient(create_app(reference_db_url))


def test_home_page_lists_every_town(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    for name in ("Temirtau", "Темиртау", "Теміртау", "Saran", "Rudny"):
        assert name in response.text


def test_api_lists_and_shows_towns(client: TestClient) -> None:
    towns = client.get("/api/v1/towns", params={"list": "current"}).json()
    assert len(towns) == 13
    profile = client.get("/api/v1/towns/temirtau").json()
    assert profile["region_en"] == "Karaganda Region"


def test_api_unknown_town_is_a_json_404(client: TestClient) -> None:
    response = client.get("/api/v1/towns/Temirtua")
    assert response.status_code == 404
    assert response.json() == {"detail": "no town named 'Temirtua' (did you mean 'Temirtau'?)"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_monotown_serve_answers_on_a_real_socket(tmp_path: Path) -> None:
    """`monotown serve` prepares an empty SQLite database and serves the towns page."""
    port = _free_port()
    env = {**os.environ, "MONOTOWN_DATABASE_URL": f"sqlite:///{tmp_path / 'served.sqlite'}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "monotown", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)
        assert response.status_code == 200
        assert "Temirtau" in response.text
    finally:
        process.terminate()
        process.wait(timeout=10)
