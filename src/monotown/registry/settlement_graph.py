"""Settlements and what hangs off them (region, sources, populations, statuses, town-forming
enterprises with their shares, press figures) read with Core selects of exactly the columns a
profile shows: the one read path for a settlement, whether one is asked for (a profile) or many
(the town lists, the registry's rows).

The ORM's eager loading of the same graph cost a round trip per relationship and built an object
per row. Here one select reads the settlements, their regions, their sources' titles and whether
each kind of record exists, and only the kinds some of them have are read after it, for all of
them at once (most of a national registry's villages have none). The answer is a plain record
graph with the ORM's attribute names, so the one view builder (`store._town_view`) shapes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy import ColumnElement, Result, Select, bindparam, exists, select
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
# Every kind of record a settlement owns, by the attribute its graph holds them in.
_KINDS: dict[str, Any] = {
    **{name: model for name, (model, _columns, _order) in _OWNED.items()},
    "town_forming": models.TownFormingLink,
}


def _titled(title: str | None) -> SimpleNamespace | None:
    """A record's `source` as the views read it: something with a `title`, or None."""
    return None if title is None else SimpleNamespace(title=title)


def _head_query() -> Select[Any]:
    """Settlements, their regions, their sources' titles and whether each kind has rows."""
    places, regions = models.Settlement.__table__, models.Region.__table__
    settlement, region, source = places.c, regions.c, _SOURCE.c
    flags = [
        exists().where(model.__table__.c.settlement_id == settlement.id).label(f"has_{name}")
        for name, model in _KINDS.items()
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
    )


def _owned_query(name: str) -> Select[Any]:
    """The rows of one owned kind of the given settlements, each with its settlement's id and its
    source's title last."""
    model, columns, order = _OWNED[name]
    table = model.__table__.c
    return (
        select(
            table.settlement_id,
            *(table[column] for column in columns),
            _SOURCE.c.title.label("source_title"),
        )
        .outerjoin(_SOURCE, _SOURCE.c.id == table.source_id)
        .where(table.settlement_id.in_(bindparam("settlements", expanding=True)))
        .order_by(*(table[column] for column in order))
    )


def _town_forming_query() -> Select[Any]:
    """The given settlements' town-forming links with their enterprise and yearly shares."""
    links, companies = models.TownFormingLink.__table__, models.Enterprise.__table__
    shares = models.TownFormingShare.__table__
    link, company, share = links.c, companies.c, shares.c
    return (
        select(
            link.settlement_id, link.id, company.name, company.sector_code, company.sector_label,
            company.owner_group, company.note, share.id, share.year, share.employment_share_pct,
            share.output_share_pct, share.approximate, share.note,
        )
        .select_from(links)
        .join(companies, company.id == link.enterprise_id)
        .outerjoin(shares, share.link_id == link.id)
        .where(link.settlement_id.in_(bindparam("settlements", expanding=True)))
        .order_by(link.id, share.year, share.id)
    )  # fmt: skip


# Built once: a statement made per request costs more CPU than running it.
_SOURCE = aliased(models.DataSource.__table__, name="record_source")
_HEAD = _head_query()
_HEAD_BY_CODE = _HEAD.where(models.Settlement.__table__.c.code == bindparam("code"))
_OWNED_QUERIES = {name: _owned_query(name) for name in _OWNED}
_TOWN_FORMING = _town_forming_query()
# Settlements whose records one select reads (well under every backend's limit of parameters).
_CHUNK = 1000


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[start : start + _CHUNK] for start in range(0, len(ids), _CHUNK)]


def _read_owned(session: Session, name: str, graphs: dict[int, SimpleNamespace]) -> None:
    """Append each settlement's rows of one owned kind to its graph."""
    for ids in _chunks(list(graphs)):
        for row in session.execute(_OWNED_QUERIES[name], {"settlements": ids}):
            fields = row._asdict()
            owner = graphs[fields.pop("settlement_id")]
            title = fields.pop("source_title")
            getattr(owner, name).append(SimpleNamespace(**fields, source=_titled(title)))


def _read_town_forming(session: Session, graphs: dict[int, SimpleNamespace]) -> None:
    """Append each settlement's town-forming links, with enterprise and shares, to its graph."""
    links: dict[int, SimpleNamespace] = {}
    for ids in _chunks(list(graphs)):
        for row in session.execute(_TOWN_FORMING, {"settlements": ids}):
            link = links.get(row[1])
            if link is None:
                company = SimpleNamespace(
                    name=row[2], sector_code=row[3], sector_label=row[4], owner_group=row[5],
                    note=row[6],
                )  # fmt: skip
                link = links[row[1]] = SimpleNamespace(enterprise=company, shares=[])
                graphs[row[0]].town_forming.append(link)
            if row[7] is not None:
                link.shares.append(
                    SimpleNamespace(
                        year=row[8], employment_share_pct=row[9], output_share_pct=row[10],
                        approximate=row[11], note=row[12],
                    )
                )  # fmt: skip


def _graphs(session: Session, heads: Result[Any]) -> list[SimpleNamespace]:
    """The graphs of the settlements `heads` found, in their order: each kind of record read
    once for every settlement that has some."""
    graphs: list[SimpleNamespace] = []
    having: dict[str, dict[int, SimpleNamespace]] = {name: {} for name in _KINDS}
    for head in heads:
        fields = head._asdict()
        region = SimpleNamespace(**{name: fields.pop(f"region_{name}") for name in _REGION_COLUMNS})
        graph = SimpleNamespace(
            **{name: fields[name] for name in _SETTLEMENT_COLUMNS},
            region=region,
            source=_titled(fields["source_title"]),
            **{name: [] for name in _KINDS},
        )
        graphs.append(graph)
        for name in _KINDS:
            if fields[f"has_{name}"]:
                having[name][graph.id] = graph
    for name in _OWNED:
        if having[name]:
            _read_owned(session, name, having[name])
    if having["town_forming"]:
        _read_town_forming(session, having["town_forming"])
    return graphs


def settlement_graph(session: Session, code: str) -> SimpleNamespace | None:
    """The settlement with this exact code and its records, as `store._town_view` reads it, or
    None: one indexed select, plus one per kind of record it has."""
    graphs = _graphs(session, session.execute(_HEAD_BY_CODE, {"code": code}))
    return graphs[0] if graphs else None


def settlement_graphs(
    session: Session, where: Sequence[ColumnElement[bool]], order_by: Sequence[ColumnElement[Any]]
) -> list[SimpleNamespace]:
    """The settlements matching every condition of `where` (on `models.Settlement`'s columns) in
    the given order, with their records: one select, plus one per kind of record they have."""
    return _graphs(session, session.execute(_HEAD.where(*where).order_by(*order_by)))
