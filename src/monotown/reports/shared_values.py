"""Stored annual values read once per report and shared by its sections.

A national database holds about a million values. The briefing's early warnings and its "towns in
figures" each need a few indicators for a year or two; read separately (and once more only to find
the latest year) that was three passes over the values table. A report now says up front what it
will need (`prefetch`), the values are read in one query, and each section takes its slice from
memory. A section asking for anything the prefetch did not cover reads it itself, so a section
stays correct when used on its own. A report about some towns reads only theirs; what it needs
of every settlement (the national total of an indicator) is summed by the database (`totals`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from monotown.data import Indicator, IndicatorValue, values_frame
from monotown.registry.models import Region, Settlement


@dataclass(frozen=True)
class ValueTotal:
    """One indicator's annual values of one year summed over every settlement, and what the sum
    cites: the import batches summed and whether any value summed is synthetic."""

    count: int
    total: float
    batch_ids: tuple[int, ...]
    synthetic: bool


class ReportValues:
    """Annual values for one report: the latest year with values, frames of values and totals.

    `towns` (settlement codes) narrows the frames to the settlements the report is about; None
    reads every settlement."""

    def __init__(self, session: Session, towns: Collection[str] | None = None) -> None:
        self.session = session
        self.towns = frozenset(towns) if towns is not None else None
        self._frame: pd.DataFrame | None = None
        self._indicators: frozenset[str] = frozenset()
        self._years: tuple[int, int] = (0, -1)

    def latest_year(
        self, indicators: Sequence[str] | None = None, up_to: int | None = None
    ) -> int | None:
        """The latest year with an annual value (of `indicators`, if given), at most `up_to`.

        Years are tried from the latest down: the latest year of all values is one index lookup,
        and so is asking whether some indicators have a value in a given year, while the latest
        year of some indicators, asked directly, reads each of their values."""
        if indicators is not None and not indicators:
            return None
        ceiling = up_to
        annual = IndicatorValue.period_type == "year"
        while True:
            query = select(func.max(IndicatorValue.year)).where(annual)
            if ceiling is not None:
                query = query.where(IndicatorValue.year <= ceiling)
            year = self.session.scalar(query)
            if year is None:
                return None
            if indicators is None or self._has_values(indicators, int(year)):
                return int(year)
            ceiling = int(year) - 1

    def _has_values(self, indicators: Sequence[str], year: int) -> bool:
        wanted = select(Indicator.id).where(Indicator.code.in_(list(indicators)))
        found = exists().where(
            IndicatorValue.indicator_id.in_(wanted),
            IndicatorValue.period == str(year),  # an annual period is stored as its year
            IndicatorValue.period_type == "year",
        )
        return bool(self.session.scalar(select(found)))

    def prefetch(self, indicators: Collection[str], years: Collection[int]) -> None:
        """Read the annual values of `indicators` from the first to the last of `years`."""
        if not indicators or not years:
            return
        first, last = min(years), max(years)
        self._frame = self._read(sorted(indicators), first, last)
        self._indicators = frozenset(indicators)
        self._years = (first, last)

    def frame(self, indicators: Sequence[str], year_from: int, year_to: int) -> pd.DataFrame:
        """The annual values of `indicators` for the years given (as `values_frame` reads them)."""
        covered = (
            self._frame is not None
            and self._indicators.issuperset(indicators)
            and self._years[0] <= year_from
            and year_to <= self._years[1]
        )
        if not covered or self._frame is None:
            return self._read(list(indicators), year_from, year_to)
        frame = self._frame
        chosen = frame["indicator_code"].isin(list(indicators)) & frame["year"].between(
            year_from, year_to
        )
        return frame[chosen].reset_index(drop=True)

    def _read(self, indicators: list[str], year_from: int, year_to: int) -> pd.DataFrame:
        return values_frame(
            self.session,
            indicators=indicators,
            year_from=year_from,
            year_to=year_to,
            codes=self.towns,
        )

    def totals(self, indicators: Collection[str], year: int) -> dict[str, ValueTotal]:
        """The annual values of `indicators` in `year` summed over every settlement (as many
        rows as `values_frame` reads; the database sums them, no value is read)."""
        if not indicators:
            return {}
        synthetic = IndicatorValue.flag == "synthetic"
        query = (
            select(
                Indicator.code,
                IndicatorValue.batch_id,
                synthetic,
                func.count(),
                func.sum(IndicatorValue.value),
            )
            .join(Settlement, Settlement.id == IndicatorValue.settlement_id)
            .join(Region, Region.id == Settlement.region_id)
            .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
            .where(
                IndicatorValue.period_type == "year",
                IndicatorValue.year == year,
                # An annual period is stored as its year ('2024'): naming it lets the database
                # find the values by (indicator, period) instead of reading every year's.
                IndicatorValue.period == str(year),
                Indicator.code.in_(sorted(indicators)),
            )
            .group_by(Indicator.code, IndicatorValue.batch_id, synthetic)
        )
        parts: dict[str, list[tuple[int | None, bool, int, float]]] = {}
        for code, batch, flagged, count, total in self.session.execute(query):
            parts.setdefault(str(code), []).append(
                (batch, bool(flagged), int(count), float(total or 0.0))
            )
        return {
            code: ValueTotal(
                count=sum(part[2] for part in rows),
                total=sum(part[3] for part in rows),
                batch_ids=tuple(sorted({int(part[0]) for part in rows if part[0] is not None})),
                synthetic=any(part[1] for part in rows),
            )
            for code, rows in parts.items()
        }
