"""Creating a fresh database's schema (`monotown db upgrade`, the first step of `make run`): the
baseline revision against the full history it squashed (baseline), in the same run.

The full history is the code of commit 5f3df1a, taken with `git archive` into a temporary folder;
each side runs in a process of its own with its code first on the path. Each side creates the
schema `--repeat` times on an empty SQLite file and, with MONOTOWN_BENCH_POSTGRES_URL or
MONOTOWN_TEST_POSTGRES_URL, in an empty PostgreSQL schema; the first upgrade of a process also
loads the revision scripts (cold), the others find them loaded.

    .venv/bin/python bench/migrations_bench.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from children import arguments_or_child, run_child  # noqa: E402
from postgres_server import bench_postgres_url  # noqa: E402

FULL_HISTORY_COMMIT = "5f3df1a"


def _time_upgrades(url_for_run: list[str]) -> dict[str, list[float]]:
    """Upgrade each empty database in turn: the wall and CPU seconds of each."""
    from monotown import migrations
    from monotown.db import make_engine

    wall, cpu = [], []
    for url in url_for_run:
        engine = make_engine(url)
        started, started_cpu = time.perf_counter(), time.process_time()
        migrations.upgrade(engine)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        engine.dispose()
    return {"wall": wall, "cpu": cpu}


def child(backend: str, repeat: int) -> dict[str, list[float]]:
    """In the process of one side: the timings on `backend`."""
    from contextlib import ExitStack

    from monotown.db import scratch_schema

    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        if backend == "sqlite":
            urls = [f"sqlite:///{folder}/run{n}.sqlite" for n in range(repeat)]
        else:
            urls = [stack.enter_context(scratch_schema(backend, "mt_migr")) for _ in range(repeat)]
        return _time_upgrades(urls)


def _full_history_src(folder: Path) -> Path:
    """The source tree of the commit with the full history, exported without touching the
    repository's worktrees or branches."""
    archive = subprocess.run(
        ["git", "-C", str(BENCH.parent), "archive", FULL_HISTORY_COMMIT, "src"],
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def _warm_cpu(figures: dict[str, list[float]]) -> float:
    return statistics.median(figures["cpu"][1:] or figures["cpu"])


def _summary(figures: dict[str, list[float]]) -> str:
    warm = statistics.median(figures["wall"][1:] or figures["wall"])
    return (
        f"cold {figures['wall'][0]:.3f} s (CPU {figures['cpu'][0]:.3f} s), "
        f"then median {warm:.3f} s (CPU {_warm_cpu(figures):.3f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = arguments_or_child(parser, lambda backend, args: child(backend, args.repeat))
    if args is None:
        return
    backends = ["sqlite"]
    postgres = bench_postgres_url()
    if postgres:
        backends.append(postgres)
    else:
        print("PostgreSQL skipped: MONOTOWN_BENCH_POSTGRES_URL is not set")
    script = str(Path(__file__).resolve())
    with tempfile.TemporaryDirectory() as folder:
        old_src = str(_full_history_src(Path(folder)))
        for backend in backends:
            name = "sqlite" if backend == "sqlite" else "postgresql"
            arguments = ["--child", backend, "--repeat", str(args.repeat)]
            old = run_child(script, arguments, old_src, f"full history on {name}")
            new = run_child(script, arguments, str(BENCH.parent), f"baseline on {name}")
            ratio = _warm_cpu(old) / _warm_cpu(new)
            print(f"{name}: baseline revision  {_summary(new)}")
            print(f"{name}: full history (17)  {_summary(old)}")
            print(f"{name}: CPU ratio full history / baseline (warm median): {ratio:.1f}x")


if __name__ == "__main__":
    main()
