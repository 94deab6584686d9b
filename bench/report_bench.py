"""Benchmark: the national briefing (PDF) for a country of 7,000 settlements.

Uses the shared national benchmark database (bench/national_db.py: what `make run` loads plus
7,000 synthetic settlements with 980,000 values and a national assessment run), then times the
whole briefing (gathering from the database, charts, map, WeasyPrint layout and PDF), its
gathering alone (the database and pandas part), and, in the same run, two baselines: the
27-town demo briefing, and the same national briefing made by an older checkout of the code
(`--baseline-src`, default: the main worktree next to this one, i.e. the code before this
branch), each in a child process so that both start cold and equal. Wall and CPU seconds are
printed, for the PDF and for its parts timed one by one (gathering; HTML and WeasyPrint's layout;
writing the PDF): on a shared machine the CPU seconds are the steadier figure.
Target (issue 16): < 3 s for the 7,000-settlement briefing.

    .venv/bin/python bench/report_bench.py [--runs 2] [--baseline-src PATH]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from children import arguments_or_child, run_child
from national_db import load_make_run_data, sqlite_url

TARGET_SECONDS = 3.0
ROOT = Path(__file__).resolve().parents[1]


def time_briefing(url: str, runs: int) -> dict[str, float]:
    """Best of `runs` (after a warm-up), wall and CPU seconds: the whole PDF, and its parts one
    by one: gathering, HTML and WeasyPrint's layout, writing the PDF."""
    import importlib

    from monotown.db import make_engine, session_scope
    from monotown.reports import render_briefing
    from monotown.reports.briefing import gather_briefing
    from monotown.reports.collector import collection_paused

    render = importlib.import_module("monotown.reports.render")  # the module, not the function
    engine = make_engine(url)
    with session_scope(engine) as session:
        render_briefing(session, lang="en", fmt="pdf")  # warm-up: fonts, Pango, matplotlib
        report = gather_briefing(session, lang="en")
    parts: dict[str, Any] = {}

    def layout(_session: Any) -> None:
        marks = None if report.synthetic else ()
        parts["document"] = render._layout(
            render.render_html(report, for_pdf=True, synthetic_pages=marks)
        )

    best: dict[str, float] = {}
    for _ in range(runs):
        for name, work in (
            ("pdf", lambda s: render_briefing(s, lang="en", fmt="pdf")),
            ("gather", lambda s: gather_briefing(s, lang="en")),
            ("layout", layout),
            ("write", lambda _s: parts["document"].write_pdf()),
        ):
            wall, cpu = time.perf_counter(), time.process_time()
            # paused as in render_briefing, so that the parts add up to the PDF
            with session_scope(engine) as session, collection_paused():
                work(session)
            figures = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
            for kind, seconds in figures.items():
                key = f"{name}_{kind}"
                best[key] = min(best.get(key, float("inf")), seconds)
    engine.dispose()
    return best


def child(src: str, url: str, runs: int) -> dict[str, float]:
    figures = run_child(
        __file__, ["--child", url, "--runs", str(runs)], src, f"the briefing with the code of {src}"
    )
    return {name: float(value) for name, value in figures.items()}


def line(label: str, figures: dict[str, float]) -> str:
    parts = "; ".join(
        f"{name} {figures[f'{key}_wall']:5.2f} s (CPU {figures[f'{key}_cpu']:5.2f} s)"
        for key, name in (("gather", "gathering"), ("layout", "layout"), ("write", "writing"))
    )
    return (
        f"{label:40} PDF {figures['pdf_wall']:6.2f} s (CPU {figures['pdf_cpu']:6.2f} s)\n"
        f"{'':44}{parts}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--baseline-src", default=str(ROOT.parents[1] / "main"))
    args = arguments_or_child(parser, lambda url, args: time_briefing(url, args.runs))
    if args is None:
        return
    here = str(ROOT)
    url = sqlite_url()
    with tempfile.TemporaryDirectory() as folder:
        demo_url = f"sqlite:///{Path(folder) / 'demo.sqlite'}"
        from monotown.db import make_engine

        engine = make_engine(demo_url)
        load_make_run_data(engine)
        engine.dispose()
        demo = child(here, demo_url, args.runs)
    national = child(here, url, args.runs)
    older = child(args.baseline_src, url, args.runs) if Path(args.baseline_src).is_dir() else None
    print("database: the shared national benchmark database (bench/national_db.py)")
    print(line("baseline: 27-town demo briefing", demo))
    if older is not None:
        print(line(f"baseline: national, code of {args.baseline_src}", older))
    print(line("national briefing, 7,000 settlements", national))
    print(f"ratio to the demo briefing: {national['pdf_wall'] / demo['pdf_wall']:.2f}x wall")
    if older is not None:
        print(
            f"speed-up over the older code: {older['pdf_wall'] / national['pdf_wall']:.2f}x wall, "
            f"{older['pdf_cpu'] / national['pdf_cpu']:.2f}x CPU (PDF); gathering "
            f"{older['gather_cpu'] / national['gather_cpu']:.2f}x CPU"
        )
    verdict = "met" if national["pdf_wall"] < TARGET_SECONDS else "NOT met"
    by_cpu = "met" if national["pdf_cpu"] < TARGET_SECONDS else "NOT met"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"target < {TARGET_SECONDS:.0f} s: {verdict} by wall time, {by_cpu} by CPU time "
        f"(2 CPUs shared, load average {load}: on a busy machine the CPU time is the fairer one)"
    )


if __name__ == "__main__":
    main()
