"""`cited_view`: a registry view copies the record's fields of the same names and names the
record's source by its title."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from monotown.registry.population import population_views
from monotown.registry.views import cited_view


@dataclass(frozen=True)
class _Figure:
    metric: str
    value: float | None
    source: str | None


def test_fields_are_copied_the_source_is_its_title_and_given_fields_win() -> None:
    record = SimpleNamespace(metric="jobs", value=12.0, source=SimpleNamespace(title="Kazinform"))
    assert cited_view(_Figure, record) == _Figure("jobs", 12.0, "Kazinform")
    assert cited_view(_Figure, record, value=None) == _Figure("jobs", None, "Kazinform")
    unsourced = SimpleNamespace(metric="jobs", value=1.0, source=None)
    assert cited_view(_Figure, unsourced).source is None


def test_a_population_view_shows_its_date_at_its_precision() -> None:
    record = SimpleNamespace(
        population=171890, year=2023, as_of=dt.date(2023, 1, 1),
        as_of_precision="month", scope="city", kind="estimate", approximate=False,
        lower_bound=False, figure=None, quote=None, note=None, source=None,
    )  # fmt: skip
    (view,) = population_views([record])  # type: ignore[list-item]
    assert (view.population, view.as_of, view.source) == (171890, "2023-01", None)
