"""What the registry gives reports: towns, regions, population, enterprises, list membership.

Read through the registry's public functions (`list_towns`, `town_profile`); sources are read from
the registry's data_source table so each figure cites the publication it came from.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.registry import TownView, list_towns
from monotown.registry.models import DataSource
from monotown.reports.context import N_, ReportContext
from monotown.reports.model import Cell, Source

LIST_NAMES = {"2012": N_("2012–2020 program"), "current": N_("current list")}
KIND_NAMES = {
    "city": N_("city"),
    "town": N_("town"),
    "village": N_("village"),
    "support_village": N_("support village"),
    "agglomeration": N_("agglomeration"),
    "district": N_("district"),
}
SCOPE_NAMES = {
    "city": N_("city proper"),
    "administration": N_("city administration"),
    "district": N_("district"),
    "unclear": N_("scope unclear"),
}
SYNTHETIC_REGISTRY_KEY = "registry:synthetic"


@dataclass(frozen=True)
class RegistryData:
    """Towns with the sources of their records, read once per report."""

    towns: list[TownView]
    sources: dict[str, Source]

    def town_source(self, town: TownView) -> Source | None:
        if town.synthetic:
            return synthetic_registry_source()
        return self.sources.get(town.source or "")

    def population_source(self, town: TownView) -> Source | None:
        """The source of the population figure the town shows (the same one in every view)."""
        if town.synthetic:
            return synthetic_registry_source()
        return self.sources.get(town.population_source or "")

    def status_source(self, title: str | None) -> Source | None:
        return self.sources.get(title or "")

    def main_source(self) -> Source | None:
        for town in self.towns:
            source = self.town_source(town)
            if source is not None:
                return source
        return None


def synthetic_registry_source() -> Source:
    return Source(SYNTHETIC_REGISTRY_KEY, "Synthetic settlements (demo data)", synthetic=True)


def describe_source(source: DataSource) -> Source:
    """A registry data source as a citation: title, publisher, date retrieved, address, licence."""
    parts = [source.title]
    parts += [part for part in (source.publisher, source.url, source.licence) if part]
    if source.retrieved:
        parts.append(f"retrieved {source.retrieved.isoformat()}")
    return Source(key=f"source:{source.key}", text=". ".join(parts))


def read_registry(
    session: Session, *, include_all_settlements: bool = False, towns: list[TownView] | None = None
) -> RegistryData:
    """Monotowns (or every settlement) with the citations of their registry records."""
    by_id = {source.id: describe_source(source) for source in session.scalars(select(DataSource))}
    by_title = {source.title: by_id[source.id] for source in session.scalars(select(DataSource))}
    if towns is None:
        towns = list_towns(session, include_all_settlements=include_all_settlements)
    return RegistryData(towns, by_title)


def list_names(ctx: ReportContext, town: TownView) -> str:
    """'2012–2020 program, current list', 'not on the current list since 2023-11-21' or
    'current list: unknown', per the statuses."""
    parts = [ctx._(LIST_NAMES.get(code, code)) for code in town.lists]
    for status in town.statuses:
        name = ctx._(LIST_NAMES.get(status.list_code, status.list_code))
        if status.membership == "member" and status.date_to:
            parts.append(ctx._("left the {list} {date}").format(list=name, date=status.date_to))
        elif status.membership == "not_member" and status.date_from:
            parts.append(
                ctx._("not on the {list} since {date}").format(list=name, date=status.date_from)
            )
        elif status.membership == "not_member":
            parts.append(ctx._("not on the {list}").format(list=name))
    for code in town.unknown_lists:
        name = ctx._(LIST_NAMES.get(code, code))
        parts.append(ctx._("{list}: unknown").format(list=name))
    return ", ".join(parts) or "–"


def population_cell(ctx: ReportContext, data: RegistryData, town: TownView) -> Cell:
    if town.population is None:
        return Cell(ctx._("not known"), None)
    text = ctx.format(town.population)
    if town.population_approximate:
        text = ctx._("about {value}").format(value=text)
    if town.population_scope and town.population_scope != "city":
        text = f"{text} ({ctx._(SCOPE_NAMES.get(town.population_scope, town.population_scope))})"
    return ctx.cell(town.population, data.population_source(town), text=text)


def sector_text(ctx: ReportContext, town: TownView) -> str:
    return ", ".join(ctx._(sector) for sector in town.sectors) or "–"


def population_date(town: TownView) -> str | None:
    """The reference date of the population the town shows ('2023-01-01', '2019')."""
    return town.population_as_of or (str(town.population_year) if town.population_year else None)


def on_list(town: TownView, list_code: str) -> bool:
    return list_code in town.lists


def ever_on_list(town: TownView, list_code: str) -> bool:
    return any(status.list_code == list_code for status in town.statuses)
