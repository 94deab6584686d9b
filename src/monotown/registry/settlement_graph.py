"""One settlement and what hangs off it (region, sources, populations, statuses, town-forming
enterprises with their shares, press figures) read with Core selects of exactly the columns a
profile shows.

The ORM's eager loading of the same graph costs a round trip per relationship and builds an object
per row; a profile is read on every uncached request for it (the API's settlement detail), so here
one indexed select reads the settlement, its region, its source's title and whether each kind of
record exists, and only the kinds that exist are read after it (most of a national registry's
villages have none). The answer is a plain record graph with the ORM's attribute names, so the one
view builder (`store._town_view`) shapes both.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy import Row, Select, bindparam, exists, select
from sqlalchemy.orm import Session, aliased

from monotown.registry import models

# Each owned kind: its model, the columns a profile shows, and the order the ORM reads it in
# (the relationship's order_by, then the primary key).
_OWNED: dict[str, tuple[Any, tuple[str, ...], tuple[str, ...]]] = {
    "populations": (
        models.PopulationRecord,
        ("year", "population", "approximate", "note", "scope", "kind", "as_of",
         "as_of_precision", "lower_bound", "figure", "quote"),
        ("id",),
    ),
    "statuses": (
        models.MonotownStatus,
        ("list_code", "date_from", "from_precision", "date_to", "to_precision", "reason", "note",
         "membership", "confidence", "quote"),
        ("date_from", "id"),
    ),
    "figures": (
        models.TownFigure,
        ("metric", "period", "year", "value_text", "value", "bound", "unit", "indicator_code",
         "quote", "note"),
        ("id",),
    ),
}  # fmt: skip
_SETTLEMENT_COLUMNS = (
    "id", "code", "kind", "name_en", "name_ru", "name_kk", "latitude", "longitude", "synthetic",
    "note",
)  # fmt: skip
_REGION_COLUMNS = ("code", "name_en", "name_ru", "name_kk")


def _titled(title: str | None) -> SimpleNamespace | None:
    """A record's `source` as the views read it: something with a `title`, or None."""
    return None if title is None else SimpleNamespace(title=title)


def _cited(row: Row[Any]) -> SimpleNamespace:
    """A row with its source's title (`source_title`), as a record with `.source.title`."""
    fields = row._asdict()
    title = fields.pop("source_title")
    return SimpleNamespace(**fields, source=_titled(title))


def _head_query() -> Select[Any]:
    """The settlement, its region, its source's title and whether each owned kind has rows."""
    places, regions = models.Settlement.__table__, models.Region.__table__
    settlement, region, source = places.c, regions.c, _SOURCE.c
    owners = {name: model for name, (model, _columns, _order) in _OWNED.items()}
    owners["town_forming"] = models.TownFormingLink
    flags = [
        exists().where(model.__table__.c.settlement_id == settlement.id).label(f"has_{name}")
        for name, model in owners.items()
    ]
    return (
        select(
            *(settlement[name] for name in _SETTLEMENT_COLUMNS),
            *(region[name].label(f"region_{name}") for name in _REGION_COLUMNS),
            source.title.label("source_title"),
            *flags,
        )
        .select_from(places)
        .join(regions, region.id == settlement.region_id)
        .outerjoin(_SOURCE, source.id == settlement.source_id)
        .where(settlement.code == bindparam("code"))
    )


def _owned_query(name: str) -> Select[Any]:
    """The rows of one owned kind of a settlement, each with its source's title last."""
    model, columns, order = _OWNED[name]
    table = model.__table__.c
    return (
        select(*(table[column] for column in columns), _SOURCE.c.title.label("source_title"))
        .outerjoin(_SOURCE, _SOURCE.c.id == table.source_id)
        .where(table.settlement_id == bindparam("settlement"))
        .order_by(*(table[column] for column in order))
    )


def _town_forming_query() -> Select[Any]:
    """A settlement's town-forming links with their enterprise and yearly shares."""
    links, companies = models.TownFormingLink.__table__, models.Enterprise.__table__
    shares = models.TownFormingShare.__table__
    link, company, share = links.c, companies.c, shares.c
    return (
        select(
            link.id, company.name, company.sector_code, company.sector_label,
            company.owner_group, company.note, share.id, share.year, share.employment_share_pct,
            share.output_share_pct, share.approximate, share.note,
        )
        .select_from(links)
        .join(companies, company.id == link.enterprise_id)
        .outerjoin(shares, share.link_id == link.id)
        .where(link.settlement_id == bindparam("settlement"))
        .order_by(link.id, share.year, share.id)
    )  # fmt: skip


# Built once: a statement made per request costs more CPU than running it.
_SOURCE = aliased(models.DataSource.__table__, name="record_source")
_HEAD = _head_query()
_OWNED_QUERIES = {name: _owned_query(name) for name in _OWNED}
_TOWN_FORMING = _town_forming_query()


def _owned(session: Session, name: str, settlement_id: int) -> list[SimpleNamespace]:
    rows = session.execute(_OWNED_QUERIES[name], {"settlement": settlement_id})
    return [_cited(row) for row in rows]


def _town_forming(session: Session, settlement_id: int) -> list[SimpleNamespace]:
    """The town-forming links with their enterprise and yearly shares (one select)."""
    links: dict[int, SimpleNamespace] = {}
    for row in session.execute(_TOWN_FORMING, {"settlement": settlement_id}):
        link = links.get(row[0])
        if link is None:
            company = SimpleNamespace(
                name=row[1], sector_code=row[2], sector_label=row[3], owner_group=row[4],
                note=row[5],
            )  # fmt: skip
            link = links[row[0]] = SimpleNamespace(enterprise=company, shares=[])
        if row[6] is not None:
            link.shares.append(
                SimpleNamespace(
                    year=row[7], employment_share_pct=row[8], output_share_pct=row[9],
                    approximate=row[10], note=row[11],
                )
            )  # fmt: skip
    return list(links.values())


def settlement_graph(session: Session, code: str) -> SimpleNamespace | None:
    """The settlement with this exact code and its records, as `store._town_view` reads a
    `Settlement`, or None: one select, plus one per kind of record it has."""
    head = session.execute(_HEAD, {"code": code}).first()
    if head is None:
        return None
    fields = head._asdict()
    region = SimpleNamespace(**{name: fields.pop(f"region_{name}") for name in _REGION_COLUMNS})
    graph = SimpleNamespace(
        **{name: fields[name] for name in _SETTLEMENT_COLUMNS},
        region=region,
        source=_titled(fields["source_title"]),
    )
    for name in _OWNED:
        setattr(graph, name, _owned(session, name, graph.id) if fields[f"has_{name}"] else [])
    graph.town_forming = _town_forming(session, graph.id) if fields["has_town_forming"] else []
    return graph
