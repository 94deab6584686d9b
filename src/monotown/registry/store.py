"""Reading the registry: town lists and profiles shaped for the CLI, the web and reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from monotown.registry.models import (
    MonotownStatus,
    Region,
    Settlement,
    TownFormingLink,
    TownFormingShare,
)
from monotown.registry.names import pick_by_name

LIST_LABELS = {"2012": "2012-2020 program", "current": "current list"}


@dataclass(frozen=True)
class StatusView:
    list_code: str
    list_label: str
    date_from: str | None
    date_to: str | None
    reason: str | None
    note: str | None
    source: str | None

    @property
    def active(self) -> bool:
        return self.date_to is None


@dataclass(frozen=True)
class EnterpriseShareView:
    enterprise: str
    sector_code: str | None
    sector: str | None
    owner_group: str | None
    year: int | None
    employment_share_pct: float | None
    output_share_pct: float | None
    approximate: bool
    note: str | None


@dataclass(frozen=True)
class TownView:
    """A settlement with what the registry knows about it."""

    code: str
    kind: str
    name_en: str
    name_ru: str
    name_kk: str | None
    region_code: str
    region_en: str
    region_ru: str
    region_kk: str | None
    latitude: float | None
    longitude: float | None
    population: int | None
    population_year: int | None
    population_approximate: bool
    synthetic: bool
    note: str | None
    source: str | None
    lists: list[str] = field(default_factory=list)
    exited: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    enterprises: list[EnterpriseShareView] = field(default_factory=list)
    statuses: list[StatusView] = field(default_factory=list)

    def name(self, lang: str = "en") -> str:
        return {"ru": self.name_ru, "kk": self.name_kk or self.name_ru}.get(lang, self.name_en)

    def region_name(self, lang: str = "en") -> str:
        return {"ru": self.region_ru, "kk": self.region_kk or self.region_ru}.get(
            lang, self.region_en
        )


def _format_partial_date(value: object, precision: str) -> str | None:
    if value is None:
        return None
    text = str(value)
    return {"year": text[:4], "month": text[:7]}.get(precision, text)


def _town_view(settlement: Settlement) -> TownView:
    populations = sorted(settlement.populations, key=lambda record: record.year or 0)
    latest = populations[-1] if populations else None
    statuses = [
        StatusView(
            list_code=status.list_code,
            list_label=LIST_LABELS.get(status.list_code, status.list_code),
            date_from=_format_partial_date(status.date_from, status.from_precision),
            date_to=_format_partial_date(status.date_to, status.to_precision),
            reason=status.reason,
            note=status.note,
            source=status.source.title if status.source else None,
        )
        for status in settlement.statuses
    ]
    enterprises: list[EnterpriseShareView] = []
    for link in settlement.town_forming:
        company = link.enterprise
        shares: list[TownFormingShare | None] = list(link.shares) or [None]
        for share in shares:
            enterprises.append(
                EnterpriseShareView(
                    enterprise=company.name,
                    sector_code=company.sector_code,
                    sector=company.sector_label,
                    owner_group=company.owner_group,
                    year=share.year if share else None,
                    employment_share_pct=share.employment_share_pct if share else None,
                    output_share_pct=share.output_share_pct if share else None,
                    approximate=share.approximate if share else False,
                    note=(share.note if share else None) or company.note,
                )
            )
    sectors = list(dict.fromkeys(e.sector for e in enterprises if e.sector))
    return TownView(
        code=settlement.code,
        kind=settlement.kind,
        name_en=settlement.name_en,
        name_ru=settlement.name_ru,
        name_kk=settlement.name_kk,
        region_code=settlement.region.code,
        region_en=settlement.region.name_en,
        region_ru=settlement.region.name_ru,
        region_kk=settlement.region.name_kk,
        latitude=settlement.latitude,
        longitude=settlement.longitude,
        population=latest.population if latest else None,
        population_year=latest.year if latest else None,
        population_approximate=latest.approximate if latest else False,
        synthetic=settlement.synthetic,
        note=settlement.note,
        source=settlement.source.title if settlement.source else None,
        lists=sorted({s.list_code for s in statuses if s.active}),
        exited=sorted({s.list_code for s in statuses if not s.active}),
        sectors=sectors,
        enterprises=enterprises,
        statuses=statuses,
    )


def _settlement_query() -> Select[Settlement]:
    return select(Settlement).options(
        selectinload(Settlement.region),
        selectinload(Settlement.source),
        selectinload(Settlement.populations),
        selectinload(Settlement.statuses).selectinload(MonotownStatus.source),
        selectinload(Settlement.town_forming).selectinload(TownFormingLink.enterprise),
        selectinload(Settlement.town_forming).selectinload(TownFormingLink.shares),
    )


def find_region(session: Session, name: str) -> Region:
    """A region by code or by its name in any language (case-insensitive)."""
    regions = list(session.scalars(select(Region).order_by(Region.code)))
    names = {
        index: (region.name_en, region.name_ru, region.name_kk, region.code)
        for index, region in enumerate(regions)
    }
    describe = {index: region.name_en for index, region in enumerate(regions)}
    return pick_by_name(name, regions, names, what="region", describe=describe)


def find_settlement(session: Session, name: str, *, monotowns_only: bool = False) -> Settlement:
    """A settlement by code or by any of its names; errors suggest the closest name."""
    query = select(
        Settlement.id,
        Settlement.code,
        Settlement.name_en,
        Settlement.name_ru,
        Settlement.name_kk,
        Region.name_en,
    ).join(Region)
    if monotowns_only:
        query = query.where(Settlement.id.in_(select(MonotownStatus.settlement_id)))
    rows = list(session.execute(query.order_by(Settlement.id)))
    names = {index: (row[2], row[3], row[4], row[1]) for index, row in enumerate(rows)}
    describe = {index: f"{row[2]} ({row[5]}, code {row[1]})" for index, row in enumerate(rows)}
    picked = pick_by_name(name, rows, names, what="town", describe=describe)
    return session.get_one(Settlement, picked[0])


def list_towns(
    session: Session,
    *,
    region: str | None = None,
    list_code: str | None = None,
    include_all_settlements: bool = False,
) -> list[TownView]:
    """Monotowns (settlements on any list, past or present), filtered by region and list.

    `list_code='current'` keeps towns whose membership is still open; `'2012'` keeps every town
    ever on the 2012-2020 program list, including those that left it.
    """
    query = _settlement_query()
    if not include_all_settlements:
        query = query.where(Settlement.id.in_(select(MonotownStatus.settlement_id)))
    if region:
        query = query.where(Settlement.region_id == find_region(session, region).id)
    if list_code:
        members = select(MonotownStatus.settlement_id).where(MonotownStatus.list_code == list_code)
        if list_code == "current":
            members = members.where(MonotownStatus.date_to.is_(None))
        query = query.where(Settlement.id.in_(members))
    settlements = session.scalars(query.order_by(Settlement.name_en))
    return [_town_view(settlement) for settlement in settlements]


def town_profile(session: Session, name: str) -> TownView:
    """Everything the registry knows about one town, found by any of its names."""
    settlement = find_settlement(session, name)
    query = _settlement_query().where(Settlement.id == settlement.id)
    return _town_view(session.scalars(query).one())
