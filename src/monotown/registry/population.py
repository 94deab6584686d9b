"""Which population figure a town shows, out of every figure its sources give.

A town may have a dozen figures: censuses, estimates, the city proper, the city administration
(the city with its villages), the district, from statistics and from press copies that disagree.
All are kept; one is the headline. The rule, the same for every view (CLI, API, pages, reports,
demo data): the city proper before the administration, the district or an unclear scope; within
that scope the statistics bureau's own current estimate (the one series that covers all 27 towns on
one date, so towns are compared on one basis) before copies in the press and other estimates; then
the latest reference date; an exact figure before an approximate one; a lower bound ("more than
10,000") is never a headline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from monotown.registry.views import cited_view

if TYPE_CHECKING:
    from monotown.registry.models import PopulationRecord

SCOPE_ORDER = ("city", "administration", "district", "unclear")


@dataclass(frozen=True)
class PopulationView:
    """One population figure with its scope, kind, date at its precision and source."""

    population: int
    year: int | None
    as_of: str | None
    scope: str
    kind: str
    approximate: bool
    lower_bound: bool
    figure: str | None
    quote: str | None
    note: str | None
    source: str | None

    def text(self) -> str:
        """'171,890' / 'about 90,000' / 'more than 10,000'."""
        number = f"{self.population:,}"
        if self.lower_bound:
            return f"more than {number}"
        return f"about {number}" if self.approximate else number


def partial_date_text(value: object, precision: str) -> str | None:
    """A date at the precision its source gives: '2021', '2021-10' or '2021-10-01'."""
    if value is None:
        return None
    text = str(value)
    return {"year": text[:4], "month": text[:7]}.get(precision, text)


def population_views(records: Iterable[PopulationRecord]) -> list[PopulationView]:
    """Every figure, oldest first (figures without a year first)."""
    views = [
        cited_view(
            PopulationView, record, as_of=partial_date_text(record.as_of, record.as_of_precision)
        )
        for record in records
    ]
    return sorted(views, key=lambda v: (v.year is not None, v.year or 0, v.as_of or "", v.scope))


BUREAU_SERIES = "population (BNS current estimate)"


def _from_bureau(view: PopulationView) -> bool:
    return view.figure == BUREAU_SERIES


def headline_population(
    views: Sequence[PopulationView], scopes: Sequence[str] = SCOPE_ORDER
) -> PopulationView | None:
    """The figure a town shows: first scope of `scopes` that has one, latest date, exact first."""
    for scope in scopes:
        candidates = [v for v in views if v.scope == scope and not v.lower_bound]
        if candidates:
            return max(
                candidates,
                key=lambda v: (
                    _from_bureau(v),
                    v.year is not None,
                    v.year or 0,
                    v.as_of or "",
                    not v.approximate,
                ),
            )
    return None
