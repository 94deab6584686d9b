"""Reading the registry: town lists and profiles shaped for the CLI, the web and reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import NamedTuple

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from monotown.models.names import localised
from monotown.registry.models import MonotownStatus, Region, Settlement
from monotown.registry.names import pick_all_by_name, pick_by_name
from monotown.registry.population import (
    PopulationView,
    headline_population,
    partial_date_text,
    population_views,
)
from monotown.registry.settlement_graph import settlement_graph, settlement_graphs
from monotown.registry.views import cited_view

LIST_LABELS = {"2012": "2012-2020 program", "current": "current list"}
# How a list membership is shown: 'unknown' is its own answer, never "not on the list".
MEMBERSHIP_ANSWERS = {"member": "yes", "not_member": "no", "unknown": "unknown"}


@dataclass(frozen=True)
class StatusView:
    list_code: str
    list_label: str
    date_from: str | None
    date_to: str | None
    reason: str | None
    note: str | None
    source: str | None
    membership: str = "member"
    confidence: str | None = None
    quote: str | None = None

    @property
    def active(self) -> bool:
        """On the list now: a member whose membership has not ended."""
        return self.membership == "member" and self.date_to is None

    @property
    def left(self) -> bool:
        """Known to be off the list: left it, or a source says it is not on it."""
        return self.membership == "not_member" or (
            self.membership == "member" and self.date_to is not None
        )


@dataclass(frozen=True)
class FigureView:
    """A town-level figure as its press source reports it."""

    metric: str
    period: str
    year: int | None
    value_text: str
    value: float | None
    bound: str
    unit: str | None
    indicator_code: str | None
    quote: str | None
    note: str | None
    source: str | None


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
    # The headline population's details: scope (city proper first), reference date, source.
    population_scope: str | None = None
    population_as_of: str | None = None
    population_source: str | None = None
    administration_population: int | None = None
    administration_scope: str | None = None
    administration_as_of: str | None = None
    populations: list[PopulationView] = field(default_factory=list)
    unknown_lists: list[str] = field(default_factory=list)
    figures: list[FigureView] = field(default_factory=list)

    def membership(self, list_code: str) -> str:
        """'yes', 'no' or 'unknown': what the registry knows about this town and list."""
        if list_code in self.lists:
            return "yes"
        if list_code in self.exited:
            return "no"
        return "unknown"

    def name(self, lang: str = "en") -> str:
        return localised(self, lang)

    def region_name(self, lang: str = "en") -> str:
        return localised(self, lang, "region")


def _town_view(settlement: SimpleNamespace) -> TownView:
    """The view of a settlement's graph as `settlement_graph` reads it."""
    populations = population_views(settlement.populations)
    latest = headline_population(populations)
    administration = headline_population(populations, scopes=("administration", "district"))
    statuses = [
        StatusView(
            list_code=status.list_code,
            list_label=LIST_LABELS.get(status.list_code, status.list_code),
            date_from=partial_date_text(status.date_from, status.from_precision),
            date_to=partial_date_text(status.date_to, status.to_precision),
            reason=status.reason,
            note=status.note,
            source=status.source.title if status.source else None,
            membership=status.membership,
            confidence=status.confidence,
            quote=status.quote,
        )
        for status in settlement.statuses
    ]
    enterprises: list[EnterpriseShareView] = []
    for link in settlement.town_forming:
        company = link.enterprise
        shares: list[SimpleNamespace | None] = list(link.shares) or [None]
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
        population_scope=latest.scope if latest else None,
        population_as_of=latest.as_of if latest else None,
        population_source=latest.source if latest else None,
        administration_population=administration.population if administration else None,
        administration_scope=administration.scope if administration else None,
        administration_as_of=administration.as_of if administration else None,
        populations=populations,
        figures=[
            cited_view(FigureView, figure)
            for figure in sorted(settlement.figures, key=lambda f: (f.year or 0, f.metric))
        ],
        synthetic=settlement.synthetic,
        note=settlement.note,
        source=settlement.source.title if settlement.source else None,
        lists=sorted({s.list_code for s in statuses if s.active}),
        exited=sorted(
            {s.list_code for s in statuses if s.left} - {s.list_code for s in statuses if s.active}
        ),
        unknown_lists=sorted(
            {s.list_code for s in statuses if s.membership == "unknown"}
            - {s.list_code for s in statuses if s.active or s.left}
        ),
        sectors=sectors,
        enterprises=enterprises,
        statuses=statuses,
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


class SettlementName(NamedTuple):
    """A settlement as a look-up by name sees it: its id, code, names and its region's name."""

    id: int
    code: str
    name_en: str
    name_ru: str
    name_kk: str | None
    region_en: str

    @property
    def described(self) -> str:
        """How an error names it: 'Name (Region, code X)'."""
        return f"{self.name_en} ({self.region_en}, code {self.code})"


def settlement_names(session: Session, *, monotowns_only: bool = False) -> list[SettlementName]:
    """Every settlement (or every monotown) with its names and region's name, in id order."""
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
    return [SettlementName(*row) for row in session.execute(query.order_by(Settlement.id))]


def find_settlement(session: Session, name: str, *, monotowns_only: bool = False) -> Settlement:
    """A settlement by code or by any of its names; errors suggest the closest name."""
    picked = find_settlement_ids(session, [name], monotowns_only=monotowns_only)[0]
    return session.get_one(Settlement, picked)


def find_settlement_ids(
    session: Session, names: Sequence[str], *, monotowns_only: bool = False
) -> list[int]:
    """The ids of settlements given by code or any of their names, in order, reading the
    settlements once for all of them; the first unknown or ambiguous name raises as in
    `find_settlement`."""
    rows = settlement_names(session, monotowns_only=monotowns_only)
    by_index = {
        index: (row.name_en, row.name_ru, row.name_kk, row.code) for index, row in enumerate(rows)
    }
    describe = {index: row.described for index, row in enumerate(rows)}
    picked = pick_all_by_name(names, rows, by_index, what="town", describe=describe)
    return [row.id for row in picked]


def list_towns(
    session: Session,
    *,
    region: str | None = None,
    list_code: str | None = None,
    include_all_settlements: bool = False,
) -> list[TownView]:
    """Monotowns (settlements on any list, past or present), filtered by region and list.

    `list_code='current'` keeps towns a source says are on it now (not those whose membership
    is unknown); `'2012'` keeps every town ever on the 2012-2020 program list, including those
    that left it.
    """
    where: list[ColumnElement[bool]] = []
    if not include_all_settlements:
        where.append(Settlement.id.in_(select(MonotownStatus.settlement_id)))
    if region:
        where.append(Settlement.region_id == find_region(session, region).id)
    if list_code:
        members = select(MonotownStatus.settlement_id).where(MonotownStatus.list_code == list_code)
        if list_code == "current":
            members = members.where(
                MonotownStatus.date_to.is_(None), MonotownStatus.membership == "member"
            )
        else:
            members = members.where(MonotownStatus.membership == "member")
        where.append(Settlement.id.in_(members))
    settlements = settlement_graphs(session, where, order_by=[Settlement.name_en.expression])
    return [_town_view(settlement) for settlement in settlements]


def town_profile(session: Session, name: str) -> TownView:
    """Everything the registry knows about one town, found by its exact code (one indexed read,
    even when another settlement has the code as a name) or by any of its names."""
    settlement = settlement_graph(session, name)
    if settlement is None:
        [found] = find_settlement_ids(session, [name])
        code = session.scalars(select(Settlement.code).where(Settlement.id == found)).one()
        settlement = settlement_graph(session, code)
    assert settlement is not None  # just found by name, in the same transaction
    return _town_view(settlement)


def town_by_code(session: Session, code: str) -> TownView | None:
    """One settlement by its exact code (an indexed lookup, whatever the registry's size; the
    settlement and its records read with Core selects, one per kind of record it has)."""
    settlement = settlement_graph(session, code)
    return None if settlement is None else _town_view(settlement)


@dataclass(frozen=True)
class ListCoverage:
    """How many towns the registry knows to be on a list, off it, or does not know about."""

    list_code: str
    members: int
    not_members: int
    unknown: int


def list_coverage(towns: list[TownView], list_code: str = "current") -> ListCoverage:
    """Counts of 'yes', 'no' and 'unknown' answers for one list over the given towns."""
    answers = [town.membership(list_code) for town in towns]
    return ListCoverage(
        list_code, answers.count("yes"), answers.count("no"), answers.count("unknown")
    )


def count_explanation(
    coverage: ListCoverage, stated: float | None = None, stated_at: str | None = None
) -> str:
    """Why the stated count of the list and the registry's count differ, in one sentence.

    `stated_at` names where and when the count was stated ("Government session, 2024")."""
    known = (
        f"the registry knows {coverage.members} towns on the list, {coverage.not_members} off "
        f"it and {coverage.unknown} unknown"
    )
    if stated is None:
        return known[0].upper() + known[1:] + " (no stated count is stored)."
    when = f" ({stated_at})" if stated_at else ""
    gap = int(stated) - coverage.members
    reason = (
        f"; the official list of names is not published, so {gap} of the stated towns are among "
        "the unknown ones"
        if gap > 0
        else ""
    )
    return f"{stated:g} as stated by the Government{when}; {known}{reason}."
