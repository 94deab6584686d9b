"""Stored annual values read once per report and shared by its sections.

A national database holds about a million values. The briefing's early warnings and its "towns in
figures" each need a few indicators for a year or two; read separately (and once more only to find
the latest year) that was three passes over the values table. A report now says up front what it
will need (`prefetch`), the values are read in one query, and each section takes its slice from
memory. A section asking for anything the prefetch did not cover reads it itself, so a section
stays correct when used on its own.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.data import Indicator, IndicatorValue, values_frame


class ReportValues:
    """Annual values for one report: the latest year with values, and frames of values."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._frame: pd.DataFrame | None = None
        self._indicators: frozenset[str] = frozenset()
        self._years: tuple[int, int] = (0, -1)

    def latest_year(
        self, indicators: Sequence[str] | None = None, up_to: int | None = None
    ) -> int | None:
        """The latest year with an annual value (of `indicators`, if given), at most `up_to`."""
        query = select(func.max(IndicatorValue.year)).where(IndicatorValue.period_type == "year")
        if indicators is not None:
            if not indicators:
                return None
            query = query.join(Indicator, Indicator.id == IndicatorValue.indicator_id).where(
                Indicator.code.in_(list(indicators))
            )
        if up_to is not None:
            query = query.where(IndicatorValue.year <= up_to)
        year = self.session.scalar(query)
        return int(year) if year is not None else None

    def prefetch(self, indicators: Collection[str], years: Collection[int]) -> None:
        """Read the annual values of `indicators` from the first to the last of `years`."""
        if not indicators or not years:
            return
        first, last = min(years), max(years)
        self._frame = values_frame(
            self.session, indicators=sorted(indicators), year_from=first, year_to=last
        )
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
            return values_frame(
                self.session, indicators=list(indicators), year_from=year_from, year_to=year_to
            )
        frame = self._frame
        chosen = frame["indicator_code"].isin(list(indicators)) & frame["year"].between(
            year_from, year_to
        )
        return frame[chosen].reset_index(drop=True)
