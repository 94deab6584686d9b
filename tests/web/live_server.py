"""A real `monotown serve` process on a free loopback port and a temporary SQLite database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ADMIN_PASSWORD = "first-admin-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """Starts the server like `make run` would and stops it (and only it) afterwards."""

    def __init__(self, folder: Path, *extra_args: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = f"sqlite:///{folder / 'served.sqlite'}"
        self.log_path = folder / "server.log"
        self.env = {
            **os.environ,
            "MONOTOWN_DATABASE_URL": self.database_url,
            "MONOTOWN_ADMIN_PASSWORD": ADMIN_PASSWORD,
            **(env or {}),
        }
        self.args = [
            sys.executable,
            "-m",
            "monotown",
            "serve",
            "--port",
            str(self.port),
            *extra_args,
        ]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> LiveServer:
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            self.args, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                httpx.get(f"{self.url}/healthz", timeout=2)
                return self
            except httpx.TransportError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError(f"server did not start:\n{self.output()}") from None
                time.sleep(0.2)

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
