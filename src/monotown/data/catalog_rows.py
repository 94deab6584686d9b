"""The indicator catalog as plain rows (JSON-ready dicts) for the records layer, API and pages."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from monotown.data.models import Indicator, IndicatorValue


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
