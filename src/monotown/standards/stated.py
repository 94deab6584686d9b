"""Figures stated in public sources (64% now, 70% by 2028, regional ranks), for comparison with
the computed level. Read from `resources/standards/stated_levels.csv`."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache

from monotown.standards.catalog import bundled_text, read_sources


@dataclass(frozen=True)
class StatedLevel:
    scope: str
    region_code: str | None
    year: int
    kind: str
    value_pct: float
    source_key: str
    source_title: str
    source_publisher: str
    source_date: str
    note: str

    def citation(self) -> str:
        return f"{self.source_publisher}, {self.source_date}: {self.source_title}"


@lru_cache(maxsize=1)
def stated_levels() -> tuple[StatedLevel, ...]:
    sources = read_sources()
    rows = csv.DictReader(io.StringIO(bundled_text("stated_levels.csv")))
    stated = []
    for row in rows:
        source = sources.get(row["source"], {})
        stated.append(
            StatedLevel(
                scope=row["scope"],
                region_code=row["region_code"] or None,
                year=int(row["year"]),
                kind=row["kind"],
                value_pct=float(row["value_pct"]),
                source_key=row["source"],
                source_title=source.get("title", row["source"]),
                source_publisher=source.get("publisher", ""),
                source_date=source.get("date", ""),
                note=row["note"],
            )
        )
    return tuple(stated)


def national_stated() -> StatedLevel:
    return next(s for s in stated_levels() if s.scope == "nation" and s.kind == "stated")


def national_target() -> StatedLevel:
    return next(s for s in stated_levels() if s.scope == "nation" and s.kind == "target")


def regional_stated() -> dict[str, StatedLevel]:
    return {
        s.region_code: s
        for s in stated_levels()
        if s.scope == "region" and s.kind == "stated" and s.region_code
    }
