"""The workbook's sensitivity sheet: the latest run's Sobol indices with their intervals and
their convergence, one row per input and sample size."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from monotown.assess import store
from monotown.reports.citations import plain
from monotown.reports.workbook import Column, SheetData


def sensitivity_sheet(session: Session) -> SheetData | None:
    """The latest run's Sobol indices (first order and total, bootstrap intervals) and their
    convergence (the same indices from the first N/4 and N/2 base replications)."""
    run = store.latest_run(session)
    if run is None or not run.sensitivity:
        return None
    full = {str(row["input"]): row for row in run.sensitivity}
    convergence = store.stored_convergence(session, run.id)
    base = int(next(iter(full.values())).get("replications") or run.replications)
    names = ["input", "alternatives", "n", "first_order", "first_order_low", "first_order_high"]
    names += ["total", "total_low", "total_high", "estimator"]
    rows: list[tuple[Any, ...]] = []
    for name, row in full.items():
        steps = (
            convergence[(convergence["input"] == name) & (convergence["n"] < base)]
            if convergence is not None
            else None
        )
        for step in [] if steps is None else steps.to_dict("records"):
            values = {
                **row,
                "n": step["n"],
                "first_order": step["first_order"],
                "total": step["total"],
                "first_order_low": None,
                "first_order_high": None,
                "total_low": None,
                "total_high": None,
            }
            rows.append((run.id, *(plain(values.get(n)) for n in names), run.methodology_hash[:12]))
        rows.append(
            (run.id, *(plain({**row, "n": base}.get(n)) for n in names), run.methodology_hash[:12])
        )
    formats = {n: "0.000" for n in names if n.startswith(("first", "total"))}
    columns = (
        [Column("run", 6)]
        + [Column(n, 30 if n == "alternatives" else 12, formats.get(n)) for n in names]
        + [Column("methodology_hash", 14)]
    )
    return SheetData("Assessment sensitivity", columns, rows)
