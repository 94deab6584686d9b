"""Reading stored indicator values: the tidy DataFrame for notebooks and the rows for exports."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from monotown.data.catalog import get_indicator
from monotown.data.models import PERIOD_TYPES, Indicator, IndicatorValue
from monotown.errors import InputError
from monotown.registry import find_settlement_ids
from monotown.registry.models import Region, Settlement

# Each column of the frame and the stored column it is read from, declared once so that the
# query and the frame's column names cannot drift apart.
_FRAME_SOURCES = {
    "settlement_code": Settlement.code,
    "settlement_name_en": Settlement.name_en,
    "region_code": Region.code,
    "indicator_code": Indicator.code,
    "pillar": Indicator.pillar,
    "period": IndicatorValue.period,
    "period_type": IndicatorValue.period_type,
    "year": IndicatorValue.year,
    "value": IndicatorValue.value,
    "flag": IndicatorValue.flag,
    "source": IndicatorValue.source,
    "note": IndicatorValue.note,
    "batch_id": IndicatorValue.batch_id,
}
FRAME_COLUMNS = tuple(_FRAME_SOURCES)


@dataclass(frozen=True)
class ValueFilter:
    """Which stored values to read; every field left empty means 'all'."""

    towns: Sequence[str] | None = None
    indicators: Sequence[str] | None = None
    year_from: int | None = None
    year_to: int | None = None
    period_type: str | None = None
    include_synthetic: bool = True
    synthetic_only: bool = False


def filtered_query(session: Session, query: Select, selection: ValueFilter) -> Select:  # type: ignore[type-arg]
    """Add the filter's conditions to a query over IndicatorValue (names are checked here)."""
    if selection.towns:
        ids = find_settlement_ids(session, selection.towns)
        query = query.where(IndicatorValue.settlement_id.in_(ids))
    if selection.indicators:
        ids = [get_indicator(session, code).id for code in selection.indicators]
        query = query.where(IndicatorValue.indicator_id.in_(ids))
    if (
        selection.year_from is not None
        and selection.year_to is not None
        and selection.year_from > selection.year_to
    ):
        raise InputError(
            f"the first year {selection.year_from} is after the last year {selection.year_to}",
            field="year",
        )
    if selection.year_from is not None:
        query = query.where(IndicatorValue.year >= selection.year_from)
    if selection.year_to is not None:
        query = query.where(IndicatorValue.year <= selection.year_to)
    if selection.period_type is not None:
        if selection.period_type not in PERIOD_TYPES:
            raise InputError(
                f"must be one of {', '.join(PERIOD_TYPES)}",
                field="period_type",
                value=selection.period_type,
            )
        query = query.where(IndicatorValue.period_type == selection.period_type)
    if not selection.include_synthetic:
        query = query.where(IndicatorValue.flag != "synthetic")
    if selection.synthetic_only:
        query = query.where(IndicatorValue.flag == "synthetic")
    return query


def values_frame(
    session: Session,
    *,
    towns: list[str] | None = None,
    indicators: list[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    period_type: str | None = "year",
    include_synthetic: bool = True,
    codes: Collection[str] | None = None,
) -> pd.DataFrame:
    """Stored values as a tidy DataFrame, one row per value.

    Columns: settlement_code, settlement_name_en, region_code, indicator_code, pillar, period
    ('2023', '2023Q1', '2023-05'), period_type, year, value, flag (official / estimate / synthetic),
    source, note, batch_id. `towns` takes codes or names in any language; `indicators` catalog or
    DHIS2 codes; `period_type=None` keeps every period type. Unknown names raise NotFoundError with
    the closest match. `codes` keeps settlements by exact code, unchecked (a report's towns in a
    national database, where a name lookup per town costs more than the query). Sorted by
    settlement, indicator and period.
    """
    query = (
        select(*_FRAME_SOURCES.values())
        .join(Settlement, Settlement.id == IndicatorValue.settlement_id)
        .join(Region, Region.id == Settlement.region_id)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .order_by(Settlement.code, Indicator.code, IndicatorValue.period)
    )
    selection = ValueFilter(towns, indicators, year_from, year_to, period_type, include_synthetic)
    filtered = filtered_query(session, query, selection)
    if codes is not None:
        filtered = filtered.where(Settlement.code.in_(sorted(codes)))
    # Core rows turned into columns: pandas building a frame from a list of Row objects probes
    # each row's attributes, which costs more than the query on a national database.
    rows = session.connection().execute(filtered).all()
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(FRAME_COLUMNS)
    frame = pd.DataFrame(dict(zip(FRAME_COLUMNS, columns, strict=True)))
    frame["year"] = frame["year"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    frame["batch_id"] = frame["batch_id"].astype("Int64")
    return frame


def value_count(session: Session, *, flag: str | None = None) -> int:
    """How many values are stored (of one flag, or all)."""
    query = select(func.count()).select_from(IndicatorValue)
    if flag:
        query = query.where(IndicatorValue.flag == flag)
    return session.scalar(query) or 0
