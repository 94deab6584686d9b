"""Finding units of the national tree, recording support-village designations, and what a town's
profile shows of them (its place in the tree, the support villages around it and their
satellites)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from monotown.errors import ConflictError, InputError, NotFoundError
from monotown.records.kinds import Actor
from monotown.records.provenance import audit, current_user
from monotown.registry.models import Region, Settlement
from monotown.registry.names import closest_name
from monotown.registry.territory import SettlementDesignation, TerritorialUnit


def find_unit(session: Session, name: str, *, level: str | None = "settlement") -> TerritorialUnit:
    """A unit by key, KATO code, registry town code or exact name (en/ru/kk, if unambiguous)."""
    text = name.strip()
    lowered = text.lower()
    query = (
        select(TerritorialUnit)
        .outerjoin(Settlement, Settlement.id == TerritorialUnit.settlement_id)
        .where(
            or_(
                func.lower(TerritorialUnit.key) == lowered,
                TerritorialUnit.kato == text,
                func.lower(Settlement.code) == lowered,
            )
        )
    )
    if level:
        query = query.where(TerritorialUnit.level == level)
    found = session.scalars(query).first()
    if found is not None:
        return found
    by_name = select(TerritorialUnit).where(
        or_(
            TerritorialUnit.name_en == text,
            TerritorialUnit.name_ru == text,
            TerritorialUnit.name_kk == text,
        )
    )
    if level:
        by_name = by_name.where(TerritorialUnit.level == level)
    matches = list(session.scalars(by_name.limit(6)))
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        keys = ", ".join(unit.key for unit in matches[:5])
        raise InputError(f"'{name}' names several settlements; give a key: {keys}")
    known = list(session.scalars(select(TerritorialUnit.key).limit(20000)))
    suggestion = closest_name(name, known)
    hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
    what = level.replace("_", " ") if level else "unit"
    raise NotFoundError(f"no {what} of the national tree named '{name}'{hint}")


def designate(
    session: Session,
    unit: TerritorialUnit,
    *,
    kind: str,
    support: TerritorialUnit | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    source: str | None = None,
    note: str | None = None,
    user: str | None = None,
    origin: str = "cli",
) -> SettlementDesignation:
    """Record that `unit` is a support village (or a satellite of `support`) from `date_from`."""
    if unit.level != "settlement":
        raise InputError("only settlements can be designated", field="settlement", value=unit.key)
    if kind == "satellite_village":
        if support is None:
            raise InputError("a satellite village needs its support village", field="support")
        if support.id == unit.id:
            raise InputError(
                "a village cannot be its own satellite", field="support", value=support.key
            )
    elif kind != "support_village":
        raise InputError("must be support_village or satellite_village", field="kind", value=kind)
    if date_from and date_to and date_to < date_from:
        raise InputError("ends before it starts", field="date_to", value=date_to.isoformat())
    overlapping = session.scalars(
        select(SettlementDesignation).where(
            SettlementDesignation.unit_id == unit.id,
            SettlementDesignation.kind == kind,
            or_(
                SettlementDesignation.date_to.is_(None),
                SettlementDesignation.date_to >= (date_from or dt.date.min),
            ),
        )
    ).first()
    if overlapping is not None and (
        date_to is None or overlapping.date_from is None or overlapping.date_from <= date_to
    ):
        raise ConflictError(
            f"{unit.key} already has a {kind.replace('_', ' ')} designation from "
            f"{overlapping.date_from or 'an unknown date'}; end it first"
        )
    designation = SettlementDesignation(
        unit_id=unit.id,
        kind=kind,
        support_unit_id=support.id if support else None,
        date_from=date_from,
        date_to=date_to,
        source=source,
        note=note,
        synthetic=False,
    )
    session.add(designation)
    session.flush()
    audit(
        session, Actor(user or current_user(), origin), "create", "settlement_designation",
        f"{unit.key}:{kind}",
        new={
            "kind": kind,
            "support": support.key if support else None,
            "date_from": date_from.isoformat() if date_from else None,
            "date_to": date_to.isoformat() if date_to else None,
            "source": source,
        },
    )
    return designation


def unit_path(session: Session, unit: TerritorialUnit) -> list[dict[str, Any]]:
    """The unit's ancestors from the region down to itself."""
    chain: list[TerritorialUnit] = [unit]
    while chain[-1].parent_id is not None:
        parent = session.get(TerritorialUnit, chain[-1].parent_id)
        if parent is None:
            break
        chain.append(parent)
    region = session.get(Region, unit.region_id)
    path: list[dict[str, Any]] = [
        {
            "level": "region",
            "key": region.code if region else None,
            "name_en": region.name_en if region else "",
            "name_ru": region.name_ru if region else "",
            "name_kk": region.name_kk if region else None,
        }
    ]
    path += [
        {
            "level": node.level,
            "key": node.key,
            "id": node.id,
            "name_en": node.name_en,
            "name_ru": node.name_ru,
            "name_kk": node.name_kk,
        }
        for node in reversed(chain)
    ]
    return path


def designations_of(session: Session, unit_id: int) -> list[dict[str, Any]]:
    support = aliased(TerritorialUnit)
    rows = session.execute(
        select(SettlementDesignation, support.key, support.name_en)
        .outerjoin(support, support.id == SettlementDesignation.support_unit_id)
        .where(SettlementDesignation.unit_id == unit_id)
        .order_by(SettlementDesignation.date_from)
    ).all()
    return [
        {
            "kind": d.kind,
            "support_key": key,
            "support_en": name,
            "date_from": d.date_from,
            "date_to": d.date_to,
            "synthetic": d.synthetic,
            "source": d.source,
        }
        for d, key, name in rows
    ]


def support_villages_near(
    session: Session, settlement_id: int, *, on: dt.date | None = None
) -> dict[str, Any] | None:
    """For a registry town: its tree unit and the support villages in its district or city,
    each with its satellites (in force on `on`, default today). None if the town is not in the
    tree."""
    unit = session.scalars(
        select(TerritorialUnit).where(TerritorialUnit.settlement_id == settlement_id)
    ).first()
    if unit is None:
        return None
    on = on or dt.date.today()
    in_force = (
        or_(SettlementDesignation.date_from.is_(None), SettlementDesignation.date_from <= on),
        or_(SettlementDesignation.date_to.is_(None), SettlementDesignation.date_to >= on),
    )
    area = unit.district_id
    supports = session.execute(
        select(TerritorialUnit, SettlementDesignation)
        .join(SettlementDesignation, SettlementDesignation.unit_id == TerritorialUnit.id)
        .where(
            SettlementDesignation.kind == "support_village",
            TerritorialUnit.district_id == area,
            *in_force,
        )
        .order_by(TerritorialUnit.population.desc().nulls_last())
    ).all()
    satellites: dict[int, list[dict[str, Any]]] = {}
    if supports:
        for village, designation in session.execute(
            select(TerritorialUnit, SettlementDesignation)
            .join(SettlementDesignation, SettlementDesignation.unit_id == TerritorialUnit.id)
            .where(
                SettlementDesignation.kind == "satellite_village",
                SettlementDesignation.support_unit_id.in_([s.id for s, _d in supports]),
                *in_force,
            )
            .order_by(TerritorialUnit.name_en)
        ):
            satellites.setdefault(int(designation.support_unit_id or 0), []).append(
                {
                    "key": village.key,
                    "name_en": village.name_en,
                    "name_ru": village.name_ru,
                    "name_kk": village.name_kk,
                    "population": village.population,
                    "synthetic": village.synthetic or designation.synthetic,
                }
            )
    return {
        "unit": {
            "key": unit.key,
            "kato": unit.kato,
            "settlement_type": unit.settlement_type,
            "population": unit.population,
            "synthetic": unit.synthetic,
        },
        "path": unit_path(session, unit),
        "support_villages": [
            {
                "key": village.key,
                "name_en": village.name_en,
                "name_ru": village.name_ru,
                "name_kk": village.name_kk,
                "population": village.population,
                "date_from": designation.date_from,
                "synthetic": village.synthetic or designation.synthetic,
                "satellites": satellites.get(village.id, []),
            }
            for village, designation in supports
        ],
    }
