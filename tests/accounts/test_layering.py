"""The command line manages accounts without loading the web app: neither its package nor
FastAPI is imported by `monotown users ...` or `monotown db upgrade`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from monotown.db import DATABASE_URL_ENV

PROBE = """
import sys
from typer.testing import CliRunner
from monotown.cli import app
runner = CliRunner()
commands = (
    ["db", "upgrade"],
    ["users", "add", "ann", "--role", "viewer", "--random-password"],
    ["users", "list"],
)
for args in commands:
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, (args, result.output)
loaded = sorted(m for m in sys.modules if m.split(".")[:2] == ["monotown", "web"] or m == "fastapi")
print(",".join(loaded))
"""


def test_the_cli_never_imports_the_web_package(tmp_path: Path) -> None:
    env = {
        **os.environ,
        DATABASE_URL_ENV: f"sqlite:///{tmp_path / 'cli.sqlite'}",
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
