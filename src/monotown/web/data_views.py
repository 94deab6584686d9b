"""Indicator data shaped for the API and the pages: catalog rows, value rows with filters, sorting
and pages done in SQL (values can run to millions), and a town's series for trend charts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from monotown.data.models import Indicator, IndicatorValue
from monotown.errors import InputError
from monotown.registry.models import Region, Settlement

VALUE_SORTS = {
    "town": Settlement.code,
    "indicator": Indicator.code,
    "period": IndicatorValue.period,
    "value": IndicatorValue.value,
    "flag": IndicatorValue.flag,
}


def indicator_rows(session: Session) -> list[dict[str, Any]]:
    """Every catalog entry with how many values are stored and the years they span."""
    stats = {
        indicator_id: (count, first, last, synthetic)
        for indicator_id, count, first, last, synthetic in session.execute(
            select(
                IndicatorValue.indicator_id,
                func.count(),
                func.min(IndicatorValue.year),
                func.max(IndicatorValue.year),
                func.sum(case((IndicatorValue.flag == "synthetic", 1), else_=0)),
            ).group_by(IndicatorValue.indicator_id)
        )
    }
    rows = []
    for indicator in session.scalars(select(Indicator).order_by(Indicator.id)):
        count, first, last, synthetic = stats.get(indicator.id, (0, None, None, 0))
        rows.append(
            {
                "code": indicator.code,
                "pillar": indicator.pillar,
                "role": indicator.role,
                "name_en": indicator.name_en,
                "name_ru": indicator.name_ru,
                "name_kk": indicator.name_kk,
                "unit": indicator.unit,
                "direction": indicator.direction,
                "target": indicator.target,
                "min": indicator.min_value,
                "max": indicator.max_value,
                "description": indicator.description,
                "source": indicator.source,
                "dhis2_code": indicator.dhis2_code,
                "values": int(count),
                "synthetic_values": int(synthetic or 0),
                "year_from": first,
                "year_to": last,
            }
        )
    return rows


@dataclass(frozen=True)
class ValueQuery:
    """Which values to list; empty fields mean 'all'."""

    town: str | None = None
    region: str | None = None
    indicator: str | None = None
    pillar: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    period_type: str | None = None
    flag: str | None = None
    synthetic: bool | None = None
    sort: str = "town"

    def select(self, *columns: Any) -> Select[Any]:
        query = (
            select(*columns)
            .select_from(IndicatorValue)
            .join(Settlement, Settlement.id == IndicatorValue.settlement_id)
            .join(Region, Region.id == Settlement.region_id)
            .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        )
        if (
            self.year_from is not None
            and self.year_to is not None
            and self.year_from > self.year_to
        ):
            raise InputError("the first year is after the last year", field="year_from")
        conditions = [
            (Settlement.code, self.town),
            (Region.code, self.region),
            (Indicator.code, self.indicator),
            (Indicator.pillar, self.pillar),
            (IndicatorValue.period_type, self.period_type),
            (IndicatorValue.flag, self.flag),
        ]
        for column, value in conditions:
            if value:
                query = query.where(column == value)
        if self.year_from is not None:
            query = query.where(IndicatorValue.year >= self.year_from)
        if self.year_to is not None:
            query = query.where(IndicatorValue.year <= self.year_to)
        if self.synthetic is True:
            query = query.where(IndicatorValue.flag == "synthetic")
        elif self.synthetic is False:
            query = query.where(IndicatorValue.flag != "synthetic")
        return query


VALUE_COLUMNS = (
    Settlement.code.label("town"),
    Settlement.name_en.label("town_en"),
    Settlement.name_ru.label("town_ru"),
    Settlement.name_kk.label("town_kk"),
    Region.code.label("region"),
    Indicator.code.label("indicator"),
    Indicator.pillar.label("pillar"),
    Indicator.unit.label("unit"),
    IndicatorValue.period,
    IndicatorValue.period_type,
    IndicatorValue.year,
    IndicatorValue.value,
    IndicatorValue.flag,
    IndicatorValue.source,
    IndicatorValue.note,
    IndicatorValue.batch_id,
)


def _row(row: Any) -> dict[str, Any]:
    item = dict(row._mapping)
    item["synthetic"] = item["flag"] == "synthetic"
    return item


def value_page(session: Session, query: ValueQuery, page: int, per_page: int) -> dict[str, Any]:
    """One page of values and how many match."""
    total = session.scalar(query.select(func.count())) or 0
    column = VALUE_SORTS[query.sort.lstrip("-")]
    order = column.desc() if query.sort.startswith("-") else column
    rows = session.execute(
        query.select(*VALUE_COLUMNS)
        .order_by(order, Settlement.code, Indicator.code, IndicatorValue.period)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return {
        "items": [_row(row) for row in rows],
        "total": total,
        "page": page,
        "per_page": per_page,
    }


def value_rows(session: Session, query: ValueQuery, limit: int = 1_000_000) -> list[dict[str, Any]]:
    rows = session.execute(
        query.select(*VALUE_COLUMNS)
        .order_by(Settlement.code, Indicator.code, IndicatorValue.period)
        .limit(limit)
    )
    return [_row(row) for row in rows]
