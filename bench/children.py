"""Running a benchmark script again in a fresh process, with another worktree's code first on
the path (the baseline's code measured in the same run), and reading the figures it prints."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def run_child(script: str, arguments: list[str], src: str | None, what: str) -> dict[str, Any]:
    """`python script *arguments` with the code of the worktree `src` (None: this tree's); the
    JSON of its last output line. A `src` without `src/monotown` is refused: the child would
    silently run this tree's code and the baseline would measure the change itself."""
    environment = dict(os.environ)
    if src is not None:
        if not (Path(src) / "src" / "monotown").is_dir():
            raise SystemExit(f"{src}: not a worktree (no src/monotown in it)")
        environment["PYTHONPATH"] = str(Path(src) / "src")
    done = subprocess.run(
        [sys.executable, script, *arguments],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
        cwd=src,
    )
    if done.returncode:
        raise SystemExit(f"{what} failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def arguments_or_child(
    parser: argparse.ArgumentParser, measure: Callable[[str, argparse.Namespace], object]
) -> argparse.Namespace | None:
    """The other side of `run_child`: parse the command line with the hidden `--child TARGET`
    added. Run as a child, print `measure(TARGET, arguments)` as the JSON line `run_child`
    reads and return None; otherwise return the arguments."""
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child is None:
        return arguments
    print(json.dumps(measure(arguments.child, arguments)))
    return None
