"""The reference lists intake matches against, read from the bundled CSV files.

The matchers take plain lists of entries, so any registry in these columns works; these loaders
only turn the bundled files (or a file the caller names) into those lists.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from monotown.intake.model import BodyEntry, MetricEntry, PlaceEntry

if TYPE_CHECKING:
    from monotown.intake.objects import KnownObject

BODY_COLUMNS = (
    "code", "kind", "name_en", "name_ru", "name_kk", "former_names", "aliases", "region_code",
    "settlement", "source",
)  # fmt: skip


@dataclass(frozen=True)
class Registry:
    """Everything the extractors match against; build one with `bundled_registry()` or by hand."""

    bodies: tuple[BodyEntry, ...]
    towns: tuple[PlaceEntry, ...]
    regions: tuple[PlaceEntry, ...]
    metrics: tuple[MetricEntry, ...] = ()


def _resource(relative: str) -> Path:
    return Path(str(resources.files("monotown").joinpath("resources", relative)))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split("|") if part.strip())


def read_bodies(path: Path) -> tuple[BodyEntry, ...]:
    """Body entries from a CSV in the columns of `program/bodies.csv`."""
    rows = _rows(path)
    missing = [column for column in BODY_COLUMNS[:3] if rows and column not in rows[0]]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    return tuple(
        BodyEntry(
            code=row["code"],
            kind=row["kind"],
            name_en=row.get("name_en", ""),
            name_ru=row.get("name_ru", "") or "",
            name_kk=row.get("name_kk", "") or "",
            former_names=_split(row.get("former_names")),
            aliases=_split(row.get("aliases")),
            region_code=row.get("region_code", "") or "",
            settlement=row.get("settlement", "") or "",
        )
        for row in rows
        if row.get("code")
    )


def read_places(path: Path) -> tuple[PlaceEntry, ...]:
    """Towns (`reference/settlements.csv`) or regions (`reference/regions.csv`)."""
    return tuple(
        PlaceEntry(
            code=row["code"],
            name_en=row["name_en"],
            name_ru=row.get("name_ru", "") or "",
            name_kk=row.get("name_kk", "") or "",
            region_code=row.get("region_code", "") or "",
            aliases=_split(row.get("aliases")),
        )
        for row in _rows(path)
    )


def read_metrics(catalog: Path, facts: Path) -> tuple[MetricEntry, ...]:
    """Catalog indicators (matched by words and unit) and program facts (by value and unit)."""
    metrics = [
        MetricEntry(
            code=row["code"],
            source="catalog",
            names=tuple(n for n in (row["name_en"], row["name_ru"], row["name_kk"]) if n),
            unit=row["unit"],
        )
        for row in _rows(catalog)
    ]
    for row in _rows(facts):
        metrics.append(
            MetricEntry(
                code=f"{row['topic']}.{row['metric']}@{row['as_of']}",
                source="program_facts",
                names=(row["metric"].replace("_", " "), row["event"]),
                unit=row["unit"],
                value=float(row["value"]),
                period=row["as_of"],
            )
        )
    return tuple(metrics)


@lru_cache(maxsize=1)
def bundled_registry() -> Registry:
    """The registry shipped in `monotown/resources` (bodies, monotowns, regions, metrics)."""
    return Registry(
        bodies=read_bodies(_resource("program/bodies.csv")),
        towns=read_places(_resource("reference/settlements.csv")),
        regions=read_places(_resource("reference/regions.csv")),
        metrics=read_metrics(
            _resource("catalog/indicators.csv"), _resource("program/program_facts.csv")
        ),
    )


# (file, kind or the column that holds it, the column that names the record)
_OBJECT_FILES = (
    ("program/zones.csv", "zone", "name"),
    ("program/plans.csv", "@kind", "name"),
    ("program/projects.csv", "project", "name"),
    ("program/works.csv", "works", "object"),
    ("program/initiatives.csv", "@kind", "name"),
)


@lru_cache(maxsize=1)
def bundled_objects() -> tuple[KnownObject, ...]:
    """Stored zones, plans, projects and works a named object may be (the files that exist)."""
    from monotown.intake.objects import KnownObject

    objects: list[KnownObject] = []
    for relative, kind, name_column in _OBJECT_FILES:
        path = _resource(relative)
        if not path.exists():
            continue
        for row in _rows(path):
            row_kind = row.get(kind[1:], "") if kind.startswith("@") else kind
            town = row.get("town", "") or row.get("towns", "") or ""
            objects.append(KnownObject(row["code"], row_kind or "plan", row[name_column], town))
    return tuple(objects)
