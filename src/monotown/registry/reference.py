"""Loads the bundled reference data (resources/reference) into the registry, idempotently.

Records are matched on their natural keys (codes, names), so loading twice changes nothing and a
newer package version updates what changed without touching data that refers to the records.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from monotown.planner_statistics import keep_statistics
from monotown.records import imports as records_imports
from monotown.records.tables import table_is_empty
from monotown.registry.models import (
    DataSource,
    Enterprise,
    MonotownStatus,
    PopulationRecord,
    Region,
    Settlement,
    TownFigure,
    TownFormingLink,
    TownFormingShare,
)

REFERENCE_PACKAGE = "monotown.resources.reference"
REFERENCE_FILES = (
    "sources.csv",
    "regions.csv",
    "settlements.csv",
    "population.csv",
    "monotown_status.csv",
    "enterprises.csv",
    "town_forming.csv",
    "town_figures.csv",
)


@dataclass(frozen=True)
class LoadReport:
    """How many reference records exist after loading, per table."""

    counts: dict[str, int]

    def as_records_report(self) -> records_imports.ImportReport:
        """The records layer's one report shape: the records stored after loading as its rows,
        per table in `details` (loading is idempotent: it counts what exists, not what changed)."""
        return records_imports.ImportReport(
            kind="reference", file=REFERENCE_PACKAGE, rows=sum(self.counts.values()),
            details={"counts": dict(self.counts)},
        )  # fmt: skip


def read_reference_csv(name: str) -> list[dict[str, str]]:
    """Rows of one bundled reference file as dicts of strings ('' = unknown)."""
    text = resources.files(REFERENCE_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _blank_to_none(value: str) -> str | None:
    value = value.strip()
    return value or None


def _optional(row: dict[str, str], *names: str) -> dict[str, str | None]:
    """The named text cells of `row`, a blank one as None."""
    return {name: _blank_to_none(row[name]) for name in names}


def _number(text: str) -> float | None:
    return float(text) if text else None


def _integer(text: str) -> int | None:
    return int(text) if text else None


def _parse_partial_date(text: str) -> tuple[dt.date | None, str]:
    """'2012' -> (2012-01-01, 'year'); '2025-06' -> (2025-06-01, 'month'); '' -> (None, 'day')."""
    text = text.strip()
    if not text:
        return None, "day"
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), "year"
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 1), "month"
    return dt.date(parts[0], parts[1], parts[2]), "day"


def _upsert(
    session: Session, model: type[Any], match: dict[str, Any], values: dict[str, Any]
) -> Any:
    record = session.scalars(select(model).filter_by(**match)).one_or_none()
    if record is None:
        record = model(**match, **values)
        session.add(record)
    else:
        for field, value in values.items():
            if getattr(record, field) != value:
                setattr(record, field, value)
    session.flush()
    return record


def _rows(name: str) -> Iterator[dict[str, str]]:
    yield from read_reference_csv(name)


def _load_keyed(
    session: Session,
    model: type[Any],
    name: str,
    key: str,
    values: Callable[[dict[str, str]], dict[str, Any]],
) -> dict[str, Any]:
    """Upsert every row of bundled file `name` by its unique `key` column; records by key."""
    return {row[key]: _upsert(session, model, {key: row[key]}, values(row)) for row in _rows(name)}


def load_reference(session: Session) -> LoadReport:
    """Insert or update every bundled reference record; returns the resulting table counts."""
    sources = _load_keyed(
        session,
        DataSource,
        "sources.csv",
        "key",
        lambda row: {
            "title": row["title"],
            **_optional(row, "publisher", "url", "licence", "note"),
            "retrieved": dt.date.fromisoformat(row["retrieved"]) if row["retrieved"] else None,
        },
    )
    regions = _load_keyed(
        session,
        Region,
        "regions.csv",
        "code",
        lambda row: {
            "name_en": row["name_en"],
            "name_ru": row["name_ru"],
            **_optional(row, "name_kk"),
            "source_id": sources[row["source"]].id,
        },
    )
    settlements: dict[str, Settlement] = {}
    for row in _rows("settlements.csv"):
        parent = settlements.get(row["parent_code"]) if row["parent_code"] else None
        settlements[row["code"]] = _upsert(
            session,
            Settlement,
            {"code": row["code"]},
            {
                "kind": row["kind"],
                "name_en": row["name_en"],
                "name_ru": row["name_ru"],
                **_optional(row, "name_kk", "note"),
                "region_id": regions[row["region_code"]].id,
                "latitude": _number(row["latitude"]),
                "longitude": _number(row["longitude"]),
                "parent_id": parent.id if parent else None,
                "synthetic": False,
                "source_id": sources[row["source"]].id,
            },
        )
    for row in _rows("population.csv"):
        as_of = dt.date.fromisoformat(row["as_of"]) if row["as_of"] else None
        _upsert(
            session,
            PopulationRecord,
            {
                "settlement_id": settlements[row["settlement_code"]].id,
                "year": _integer(row["year"]),
                "scope": row["scope"] or "unclear",
                "source_id": sources[row["source"]].id,
            },
            {
                "population": int(row["population"]),
                "approximate": row["approximate"] == "yes",
                "lower_bound": row["lower_bound"] == "yes",
                "kind": row["kind"] or "estimate",
                "as_of": as_of,
                "as_of_precision": row["as_of_precision"] or "year",
                **_optional(row, "figure", "quote", "note"),
            },
        )
    for row in _rows("monotown_status.csv"):
        date_from, from_precision = _parse_partial_date(row["date_from"])
        date_to, to_precision = _parse_partial_date(row["date_to"])
        _upsert(
            session,
            MonotownStatus,
            {
                "settlement_id": settlements[row["settlement_code"]].id,
                "list_code": row["list_code"],
                "date_from": date_from,
            },
            {
                "from_precision": from_precision,
                "date_to": date_to,
                "to_precision": to_precision,
                **_optional(row, "reason", "potential", "confidence", "quote", "note"),
                "membership": row["membership"] or "member",
                "source_id": sources[row["source"]].id,
            },
        )
    enterprises = _load_keyed(
        session,
        Enterprise,
        "enterprises.csv",
        "key",
        lambda row: {
            "name": row["name"],
            **_optional(row, "sector_code", "sector_label", "owner_group", "note"),
            "source_id": sources[row["source"]].id,
        },
    )
    for row in _rows("town_forming.csv"):
        link = _upsert(
            session,
            TownFormingLink,
            {
                "enterprise_id": enterprises[row["enterprise_key"]].id,
                "settlement_id": settlements[row["settlement_code"]].id,
            },
            {"source_id": sources[row["source"]].id},
        )
        if row["year"]:
            _upsert(
                session,
                TownFormingShare,
                {"link_id": link.id, "year": int(row["year"])},
                {
                    "employment_share_pct": _number(row["employment_share_pct"]),
                    "output_share_pct": _number(row["output_share_pct"]),
                    "approximate": row["approximate"] == "yes",
                    **_optional(row, "note"),
                    "source_id": sources[row["source"]].id,
                },
            )
    _load_town_figures(session, settlements, sources)
    _prune_superseded(session, {source.id for source in sources.values()})
    session.flush()
    keep_statistics(session)  # in the load's transaction: they commit with its rows
    return LoadReport(counts=registry_counts(session))


def _prune_superseded(session: Session, bundled_sources: set[int]) -> None:
    """Remove records an earlier bundle brought that this one no longer has (an enterprise list
    or population figures replaced by cited ones). Only records citing a bundled source are
    touched: whatever a user entered (no bundled source) stays."""
    settlement_codes = {
        code: id_ for code, id_ in session.execute(select(Settlement.code, Settlement.id))
    }
    source_keys = {key: id_ for key, id_ in session.execute(select(DataSource.key, DataSource.id))}
    wanted_populations = {
        (
            settlement_codes[row["settlement_code"]],
            _integer(row["year"]),
            row["scope"] or "unclear",
            source_keys[row["source"]],
        )
        for row in _rows("population.csv")
    }
    for record in session.scalars(
        select(PopulationRecord).where(PopulationRecord.source_id.in_(bundled_sources))
    ):
        key = (record.settlement_id, record.year, record.scope, record.source_id)
        if key not in wanted_populations:
            session.delete(record)
    enterprise_keys = {row["key"] for row in _rows("enterprises.csv")}
    stale = list(
        session.scalars(
            select(Enterprise.id).where(
                Enterprise.source_id.in_(bundled_sources), Enterprise.key.not_in(enterprise_keys)
            )
        )
    )
    if stale:
        links = select(TownFormingLink.id).where(TownFormingLink.enterprise_id.in_(stale))
        session.execute(delete(TownFormingShare).where(TownFormingShare.link_id.in_(links)))
        session.execute(delete(TownFormingLink).where(TownFormingLink.enterprise_id.in_(stale)))
        session.execute(delete(Enterprise).where(Enterprise.id.in_(stale)))
    session.flush()
    session.expire_all()


def _load_town_figures(
    session: Session, settlements: dict[str, Settlement], sources: dict[str, DataSource]
) -> None:
    for row in _rows("town_figures.csv"):
        _upsert(
            session,
            TownFigure,
            {
                "settlement_id": settlements[row["settlement_code"]].id,
                "metric": row["metric"],
                "period": row["period"],
                "source_id": sources[row["source"]].id,
            },
            {
                "year": _integer(row["year"]),
                "value_text": row["value_text"],
                "value": _number(row["value"]),
                "bound": row["bound"],
                "indicator_code": _blank_to_none(row["indicator"]),
                **_optional(row, "unit", "quote", "note"),
            },
        )


def registry_counts(session: Session) -> dict[str, int]:
    """Row counts of the registry tables, for reports and tests."""
    models: dict[str, type[Any]] = {
        "sources": DataSource,
        "regions": Region,
        "settlements": Settlement,
        "population": PopulationRecord,
        "statuses": MonotownStatus,
        "enterprises": Enterprise,
        "town_forming": TownFormingLink,
        "town_forming_shares": TownFormingShare,
        "town_figures": TownFigure,
    }
    return {
        name: session.scalar(select(func.count()).select_from(model)) or 0
        for name, model in models.items()
    }


def registry_is_empty(session: Session) -> bool:
    return table_is_empty(session, Settlement)
