"""The real values the demo starts from: registry figures as indicator values, stated totals.

Read from the registry (population records by scope, town figures that are catalog indicators,
town-forming employment shares) and from the bundled statements about the towns as a whole
(`resources/reference/stated_aggregates.csv`: totals, the weakest and the declining towns, each
citing the government text it was stated in). The demo stores the first as real values and bends
its synthetic series through them and onto the second.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from monotown.registry.models import DataSource, MonotownStatus, Settlement, TownFormingLink

STATEMENTS_FILE = "stated_aggregates.csv"
# Population scope -> the catalog code its figures are values of (unclear scopes are not).
POPULATION_CODES = {
    "city": "pop_total",
    "administration": "pop_administration",
    "district": "pop_district",
}
# Codes that only ever hold real values: the demo never generates them.
REAL_ONLY_CODES = frozenset({"pop_administration", "pop_district"})
REGISTRY_NOTE = "from the registry's reference data"


@dataclass(frozen=True)
class Statement:
    """One bundled statement about the towns together (a total, the weakest, the declining)."""

    kind: str
    indicator: str
    year: int
    value: float | None
    towns: tuple[str, ...]
    scope: str
    source: str
    quote: str
    note: str


def statements() -> list[Statement]:
    """The bundled statements, in file order."""
    text = (
        resources.files("monotown.resources.reference")
        .joinpath(STATEMENTS_FILE)
        .read_text(encoding="utf-8")
    )
    return [
        Statement(
            kind=row["kind"],
            indicator=row["indicator"],
            year=int(row["year"]),
            value=float(row["value"]) if row["value"] else None,
            towns=tuple(code for code in row["towns"].split(";") if code),
            scope=row["scope"],
            source=row["source"],
            quote=row["quote"],
            note=row["note"],
        )
        for row in csv.DictReader(text.splitlines())
    ]


def source_titles(session: Session) -> dict[str, str]:
    """Registry source key -> title (what a value's `source` cites)."""
    return {key: title for key, title in session.execute(select(DataSource.key, DataSource.title))}


def real_values(settlements: list[Settlement]) -> pd.DataFrame:
    """Every registry figure that is a value of a catalog indicator for a year, one row per
    (settlement, indicator, period): the first source in file order wins a conflict (the others
    stay in the registry)."""
    rows: list[dict[str, object]] = []
    for town in settlements:
        for record in sorted(town.populations, key=lambda r: r.id):
            code = POPULATION_CODES.get(record.scope)
            january = record.as_of is None or (record.as_of.month, record.as_of.day) == (1, 1)
            if code is None or record.year is None or record.lower_bound or not january:
                continue
            rows.append(
                _row(
                    town.code, code, record.year, float(record.population), record.approximate,
                    record.source.title if record.source else None,
                    f"{record.scope}, {record.kind}: {record.figure or ''}".strip(": "),
                )
            )  # fmt: skip
        for figure in town.figures:
            bound_ok = figure.bound in ("exact", "approximate")
            if figure.indicator_code and figure.year and figure.value is not None and bound_ok:
                rows.append(
                    _row(
                        town.code, figure.indicator_code, figure.year, figure.value,
                        figure.bound == "approximate",
                        figure.source.title if figure.source else None,
                        f"{figure.metric}: {figure.value_text} ({figure.period})",
                    )
                )  # fmt: skip
        for link in sorted(town.town_forming, key=lambda link: link.enterprise_id):
            for share in link.shares:
                if share.employment_share_pct is not None:
                    rows.append(
                        _row(
                            town.code, "tfe_employment_share_pct", share.year,
                            float(share.employment_share_pct), share.approximate,
                            share.source.title if share.source else None, share.note or "",
                        )
                    )  # fmt: skip
    columns = ["settlement", "indicator", "period", "value", "flag", "source", "note"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.drop_duplicates(["settlement", "indicator", "period"], keep="first")


def _row(
    code: str,
    indicator: str,
    year: int,
    value: float,
    approximate: bool,
    source: str | None,
    note: str,
) -> dict[str, object]:
    return {
        "settlement": code,
        "indicator": indicator,
        "period": str(year),
        "value": value,
        "flag": "estimate" if approximate else "official",
        "source": source or REGISTRY_NOTE,
        "note": note,
    }


def reference_settlements(session: Session) -> list[Settlement]:
    """Every non-synthetic settlement on a monotown list, with what the demo reads."""
    members = select(MonotownStatus.settlement_id)
    return list(
        session.scalars(
            select(Settlement)
            .where(Settlement.id.in_(members), Settlement.synthetic.is_(False))
            .options(
                selectinload(Settlement.region),
                selectinload(Settlement.populations),
                selectinload(Settlement.figures),
                selectinload(Settlement.statuses),
                selectinload(Settlement.town_forming).selectinload(TownFormingLink.enterprise),
                selectinload(Settlement.town_forming).selectinload(TownFormingLink.shares),
            )
            .order_by(Settlement.code)
        )
    )


def covered_by_statements(town: Settlement) -> bool:
    """A stated total over "the single-industry towns" covers every town not known to be off
    the current list (members and towns whose membership is unknown)."""
    current = [status for status in town.statuses if status.list_code == "current"]
    return not any(
        status.membership == "not_member"
        or (status.membership == "member" and status.date_to is not None)
        for status in current
    )
