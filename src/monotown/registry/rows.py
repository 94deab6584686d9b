"""The registry as plain rows (dicts of JSON-ready values) for the records layer, the API, the
exports and the pages.

Built once per data state and kept in the read cache, so lists, filters and sorting run in memory:
the registry holds hundreds of records, not millions.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from monotown.errors import NotFoundError
from monotown.models.names import localised
from monotown.registry import TownView, list_towns, town_by_code
from monotown.registry.editing.enterprises import enterprise_record
from monotown.registry.models import (
    Enterprise,
    MonotownStatus,
    Region,
    Settlement,
    TownFormingLink,
)


def settlement_rows(session: Session) -> list[dict[str, Any]]:
    """Every settlement with its region, latest population, lists and sectors."""
    parent = aliased(Settlement)
    parents = {
        code: parent_code
        for code, parent_code in session.execute(
            select(Settlement.code, parent.code).join(parent, Settlement.parent_id == parent.id)
        )
    }
    return [
        settlement_row(town, parents.get(town.code))
        for town in list_towns(session, include_all_settlements=True)
    ]


def settlement_row(town: TownView, parent: str | None) -> dict[str, Any]:
    """A settlement as a list row: its region, latest population, lists and sectors."""
    return {
        "code": town.code,
        "kind": town.kind,
        "name_en": town.name_en,
        "name_ru": town.name_ru,
        "name_kk": town.name_kk,
        "region": town.region_code,
        "region_en": town.region_en,
        "region_ru": town.region_ru,
        "region_kk": town.region_kk,
        "latitude": town.latitude,
        "longitude": town.longitude,
        "parent": parent,
        "synthetic": town.synthetic,
        "note": town.note,
        "population": town.population,
        "population_year": town.population_year,
        "population_approximate": town.population_approximate,
        "population_as_of": town.population_as_of,
        "population_scope": town.population_scope,
        "population_source": town.population_source,
        "administration_population": town.administration_population,
        "monotown": bool(town.lists or town.exited or town.unknown_lists),
        "lists": town.lists,
        "exited": town.exited,
        "unknown_lists": town.unknown_lists,
        "current_list": town.membership("current"),
        "sectors": town.sectors,
    }


def find_row(rows: list[dict[str, Any]], key: str, value: str, what: str) -> dict[str, Any]:
    """The row whose `key` equals `value`, or a 404 naming what was looked for."""
    for row in rows:
        if row[key] == value:
            return row
    raise NotFoundError(f"no {what} with {key.replace('_', ' ')} '{value}'")


def settlement_detail_by_code(session: Session, code: str) -> dict[str, Any]:
    """One settlement's detail read by its code alone (indexed lookups, not the whole registry),
    or a 404."""
    town = town_by_code(session, code)
    if town is None:
        raise NotFoundError(f"no settlement with code '{code}'")
    return _detail(settlement_row(town, session.scalar(_PARENT_CODE, {"code": code})), town)


def _parent_code_query() -> Select[str]:
    parent = aliased(Settlement)
    return (
        select(parent.code)
        .join(Settlement, Settlement.parent_id == parent.id)
        .where(Settlement.code == bindparam("code"))
    )


_PARENT_CODE = _parent_code_query()  # built once: building it costs more CPU than running it


def _detail(row: dict[str, Any], view: TownView) -> dict[str, Any]:
    """A settlement's row plus its enterprises (with shares), status history and source."""
    return {
        **row,
        "source": view.source,
        "enterprises": [asdict(item) for item in view.enterprises],
        "statuses": [asdict(item) for item in view.statuses],
        "populations": [asdict(item) for item in view.populations],
        "figures": [asdict(item) for item in view.figures],
    }


def enterprise_rows(session: Session) -> list[dict[str, Any]]:
    """Every enterprise with the settlements (and their regions) it is town-forming for."""
    enterprises = session.scalars(
        select(Enterprise)
        .options(
            selectinload(Enterprise.links)
            .selectinload(TownFormingLink.settlement)
            .selectinload(Settlement.region),
            selectinload(Enterprise.links).selectinload(TownFormingLink.shares),
        )
        .order_by(Enterprise.name)
    )
    rows = []
    for enterprise in enterprises:
        links = sorted(enterprise.links, key=lambda link: link.settlement.code)
        shares = [share for link in links for share in link.shares]
        latest = max(shares, key=lambda share: share.year) if shares else None
        rows.append(
            {
                **enterprise_record(enterprise),  # the editable fields, as the editor audits them
                "settlement_names_en": [link.settlement.name_en for link in links],
                "settlement_names_ru": [link.settlement.name_ru for link in links],
                "settlement_names_kk": [localised(link.settlement, "kk") for link in links],
                "regions": sorted({link.settlement.region.code for link in links}),
                "employment_share_pct": latest.employment_share_pct if latest else None,
                "output_share_pct": latest.output_share_pct if latest else None,
                "share_year": latest.year if latest else None,
            }
        )
    return rows


def region_rows(session: Session) -> list[dict[str, Any]]:
    """Every region with how many settlements and monotowns the registry holds in it."""
    settlements: dict[int, int] = {
        region_id: count
        for region_id, count in session.execute(
            select(Settlement.region_id, func.count()).group_by(Settlement.region_id)
        )
    }
    monotowns: dict[int, int] = {
        region_id: count
        for region_id, count in session.execute(
            select(Settlement.region_id, func.count(func.distinct(Settlement.id)))
            .join(MonotownStatus, MonotownStatus.settlement_id == Settlement.id)
            .group_by(Settlement.region_id)
        )
    }
    return [
        {
            "code": region.code,
            "name_en": region.name_en,
            "name_ru": region.name_ru,
            "name_kk": region.name_kk,
            "settlements": settlements.get(region.id, 0),
            "monotowns": monotowns.get(region.id, 0),
        }
        for region in session.scalars(select(Region).order_by(Region.code))
    ]
