"""The indicator catalog: a CSV file the analyst can read, edit and load, and its table.

The bundled file is `resources/catalog/indicators.csv`. Loading matches entries on `code`, so
loading twice changes nothing, and an edited copy updates names, ranges or DHIS2 codes without
touching stored values. Entries missing from a loaded file are kept (values may refer to them).
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.data.catalog_files import (
    Catalog,
    CatalogRow,
)
from monotown.data.models import DIRECTIONS, ROLES, Indicator
from monotown.errors import InputError, NotFoundError, did_you_mean
from monotown.registry.names import closest_name, normalise_name

CATALOG_PACKAGE = "monotown.resources.catalog"
CATALOG_FILE = "indicators.csv"
REQUIRED_COLUMNS = ("code", "pillar", "role", "name_en", "unit", "direction", "min", "max")
OPTIONAL_COLUMNS = ("target", "name_ru", "name_kk", "description", "source", "dhis2_code")
FRAME_COLUMNS = (
    "code",
    "pillar",
    "role",
    "name_en",
    "name_ru",
    "name_kk",
    "unit",
    "direction",
    "target",
    "min",
    "max",
    "description",
    "source",
    "dhis2_code",
)
# Model attribute for each file column whose name differs.
_ATTRIBUTE = {"min": "min_value", "max": "max_value"}


def bundled_catalog_text() -> str:
    return INDICATOR_CATALOG.bundled_text()


def _entry(cells: CatalogRow) -> dict[str, Any]:
    entry: dict[str, Any] = {"code": cells.code()}
    cells.require("pillar", "name_en", "unit")
    entry.update(
        pillar=cells.text("pillar"),
        role=cells.choice("role", ROLES),
        name_en=cells.text("name_en"),
        unit=cells.text("unit"),
        direction=cells.choice("direction", DIRECTIONS),
    )
    for column in ("target", "min", "max"):
        entry[_ATTRIBUTE.get(column, column)] = cells.number(column)
    if entry["direction"] == "target" and entry["target"] is None:
        raise cells.fail("is required when direction is 'target'", "target", "")
    low, high = entry["min_value"], entry["max_value"]
    if low is not None and high is not None and low > high:
        raise cells.fail(f"min {low:g} is above max {high:g}", "min", cells.text("min"))
    for column in ("name_ru", "name_kk", "description", "source", "dhis2_code"):
        entry[column] = cells.optional(column)
    return entry


def _as_dict(indicator: Indicator) -> dict[str, Any]:
    return {column: getattr(indicator, _ATTRIBUTE.get(column, column)) for column in FRAME_COLUMNS}


def _free_moving_dhis2_codes(
    session: Session, entries: list[dict[str, Any]], stored: Mapping[str, Indicator], *, file: str
) -> None:
    """Refuse a DHIS2 code the file gives away from an entry it leaves out, and free the codes
    that move between entries before they are assigned (the column is unique)."""
    incoming = {entry["code"]: entry["dhis2_code"] for entry in entries}
    for code, indicator in stored.items():
        taken = indicator.dhis2_code
        if code not in incoming and taken is not None and taken in incoming.values():
            raise InputError(
                f"DHIS2 code '{taken}' belongs to stored entry '{code}', which the file leaves out",
                file=file,
            )
    for code, indicator in stored.items():
        if code in incoming and indicator.dhis2_code != incoming[code]:
            indicator.dhis2_code = None
    session.flush()


INDICATOR_CATALOG = Catalog(
    model=Indicator,
    entity="indicator",
    bundled=resources.files(CATALOG_PACKAGE) / CATALOG_FILE,
    required=REQUIRED_COLUMNS,
    unique={"code": "code", "dhis2_code": "DHIS2 code"},
    entry=_entry,
    snapshot=_as_dict,
    prepare=_free_moving_dhis2_codes,
)


load_catalog = INDICATOR_CATALOG.load
catalog_is_empty = INDICATOR_CATALOG.is_empty


def list_indicators(session: Session, *, pillar: str | None = None) -> list[Indicator]:
    """Catalog entries in file order (by id), optionally of one pillar (unknown pillar: error)."""
    query = select(Indicator).order_by(Indicator.id)
    if pillar:
        pillars = list(session.scalars(select(Indicator.pillar).distinct()))
        matches = [name for name in pillars if normalise_name(name) == normalise_name(pillar)]
        if not matches:
            suggestion = closest_name(pillar, pillars)
            hint = did_you_mean(suggestion)
            known = ", ".join(sorted(pillars))
            raise NotFoundError(f"no pillar named '{pillar}'{hint}; pillars: {known}")
        query = query.where(Indicator.pillar == matches[0])
    return list(session.scalars(query))


def get_indicator(session: Session, code: str) -> Indicator:
    """A catalog entry by code or DHIS2 code (case-insensitive); errors suggest the closest code."""
    key = code.strip().lower()
    indicator = session.scalars(
        select(Indicator).where(
            (func.lower(Indicator.code) == key) | (func.lower(Indicator.dhis2_code) == key)
        )
    ).first()
    if indicator is not None:
        return indicator
    codes = list(session.scalars(select(Indicator.code)))
    suggestion = closest_name(code, codes)
    hint = did_you_mean(suggestion)
    raise NotFoundError(f"no indicator with code '{code}'{hint}")


def catalog_frame(session: Session) -> pd.DataFrame:
    """One row per catalog entry: code, pillar, role, names en/ru/kk, unit, direction, target,
    min, max, description, source, dhis2_code (in catalog order)."""
    rows = [_as_dict(indicator) for indicator in list_indicators(session)]
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    for column in ("target", "min", "max"):
        frame[column] = frame[column].astype("float64")
    return frame
