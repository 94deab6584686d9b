"""The registry's kinds of record: settlements, regions and town-forming enterprises.

Deleting any of them is one undoable batch of the records layer (`records.deletion`): the record
goes with what the database removes with it (a settlement's population, statuses and links), and
undoing the batch puts every row back. A settlement with indicator values is refused unless asked
(`force`); then its values go in a values batch of their own, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from monotown.records.deletion import delete_record
from monotown.records.import_rows import Editor, as_boolean, as_list, as_text, editor_import
from monotown.records.imports import ImportReport, ImportRequest
from monotown.records.kinds import Actor, Deleter, Kind, columns
from monotown.registry.editing import (
    ENTERPRISE_FIELDS,
    ENTERPRISES,
    REGIONS,
    SETTLEMENT_FIELDS,
    SETTLEMENTS,
    EditedKind,
    create_enterprise,
    create_settlement,
    update_enterprise,
    update_settlement,
)
from monotown.registry.models import Enterprise, Settlement, TownFormingLink
from monotown.registry.rows import enterprise_rows, region_rows, settlement_rows


def _deleter(edited: EditedKind[Any], kind: str) -> Deleter:
    """Delete a record of `edited`'s kind as one batch, refused (409) while others need it."""

    def delete(session: Session, key: str, actor: Actor, force: bool) -> int:
        row = edited.get(session, key)
        edited.check_deletable(session, row)
        return delete_record(
            session, row, kind=kind, key=key, audit_entity=edited.entity,
            old=edited.record(row), actor=actor,
        )  # fmt: skip

    return delete


def _current(edited: EditedKind[Any]) -> Callable[[Session, str], Mapping[str, Any] | None]:
    """The stored record with a key as its export writes it, or None."""

    def current(session: Session, key: str) -> Mapping[str, Any] | None:
        found = edited.find(session, key)
        return None if found is None else edited.record(found)

    return current


_delete_region = _deleter(REGIONS, "regions")
_delete_enterprise = _deleter(ENTERPRISES, "enterprises")
# A settlement with no indicator values as one deletion batch. The values belong to a higher
# layer: `data.kinds` declares the settlements kind with a handler that deals with them first and
# calls this one when there are none.
delete_settlement_record = _deleter(SETTLEMENTS, "settlements")


# A settlement's and an enterprise's editable fields, as their export writes them.
SETTLEMENT_EDITOR = Editor(
    kind="settlements", key_column="code", current=_current(SETTLEMENTS), create=create_settlement,
    update=update_settlement, tables=(Settlement,),
    fields={**{name: as_text for name in SETTLEMENT_FIELDS}, "synthetic": as_boolean},
)  # fmt: skip
ENTERPRISE_EDITOR = Editor(
    kind="enterprises", key_column="key", current=_current(ENTERPRISES), create=create_enterprise,
    update=update_enterprise, tables=(Enterprise, TownFormingLink),
    fields={**{name: as_text for name in ENTERPRISE_FIELDS}, "settlements": as_list},
)  # fmt: skip


def import_settlements(session: Session, request: ImportRequest) -> ImportReport:
    """Settlements from a CSV file (their export's columns), created or updated by code."""
    return editor_import(session, request, SETTLEMENT_EDITOR)


def import_enterprises(session: Session, request: ImportRequest) -> ImportReport:
    """Enterprises from a CSV file, created or updated by key, with their settlements."""
    return editor_import(session, request, ENTERPRISE_EDITOR)


SETTLEMENT_COLUMNS = columns(
    """
    code                   text     The settlement's code (KATO-based), e.g. KZ-35-TEM.
    kind                   text     city, town, settlement or village.
    name_en                text     Name in English.
    name_ru                text     Name in Russian.
    name_kk                text     Name in Kazakh (empty where no source gives one).
    region                 text     ISO 3166-2 code of its region.
    region_en              text     Its region's name in English.
    region_ru              text     Its region's name in Russian.
    region_kk              text     Its region's name in Kazakh.
    latitude               number   Degrees north (WGS 84).
    longitude              number   Degrees east (WGS 84).
    parent                 text     Code of the settlement it belongs to, if any.
    synthetic              boolean  A demo record made up for illustration.
    note                   text
    population             integer  Latest population figure.
    population_year        integer  Year of that figure.
    population_source      text     Where that figure comes from.
    monotown               boolean  On any list of single-industry towns.
    lists                  list     The lists of monotowns it is on.
    current_list           text     On the current list: yes, no or unknown.
    sectors                list     Sectors of its town-forming enterprises.
    """
)


SETTLEMENTS_KIND = Kind(
    key="settlements", title="Settlements", capability="registry", key_column="code",
    columns=SETTLEMENT_COLUMNS, rows=settlement_rows, table="settlement",
    description="Towns, cities and villages with their region, population and lists.",
    sort_keys=(
        "code", "name_en", "name_ru", "name_kk", "region", "population", "population_year", "kind"
    ),
    default_sort="code", group_bys=("region", "kind", "current_list"),
    search_columns=("code", "name_en", "name_ru", "name_kk"), region_column="region",
    synthetic_column="synthetic", name_fields=("name", "region"), delete=delete_settlement_record,
    importer=import_settlements, aliases={"towns": "settlements", "settlement": "settlements"},
)  # fmt: skip

REGIONS_KIND = Kind(
    key="regions", title="Regions", capability="registry", key_column="code",
    columns=columns(
                """
    code                   text     ISO 3166-2 code, e.g. KZ-35.
    name_en                text     Name in English.
    name_ru                text     Name in Russian.
    name_kk                text     Name in Kazakh (empty where no source gives one).
    settlements            integer  Settlements the registry holds in it.
    monotowns              integer  Of those, on a list of monotowns.
    """
            ),
    rows=region_rows, table="region",
    description="Kazakhstan's regions (oblasts and cities of republican significance).",
    search_columns=("code", "name_en", "name_ru", "name_kk"), region_column="code",
    name_fields=("name",), delete=_delete_region, aliases={"region": "regions"},
    not_importable="regions are Kazakhstan's fixed administrative units, loaded with the "
    "bundled reference data (monotown data load-reference); edit one with the registry editor",
)  # fmt: skip

ENTERPRISES_KIND = Kind(
    key="enterprises", title="Enterprises", capability="registry", key_column="key",
    columns=columns(
                """
    key                    text     Short stable key, e.g. arcelormittal-temirtau.
    name                   text
    sector_code            text     OKED division, e.g. B05 coal, C24 metals.
    sector_label           text
    owner_group            text
    settlements            list     Codes of the settlements it is town-forming for.
    regions                list     Region codes of those settlements.
    employment_share_pct   number   Share of the town's employment.
    output_share_pct       number   Share of the town's output.
    share_year             integer  Year of those shares.
    note                   text
    """
            ),
    rows=enterprise_rows, table="enterprise",
    description="Town-forming enterprises and the settlements they support.",
    sort_keys=("key", "name", "sector_code", "sector_label", "owner_group"), default_sort="name",
    group_bys=("sector_code", "owner_group"),
    search_columns=("key", "name", "owner_group", "sector_label"), region_column="regions",
    delete=_delete_enterprise, importer=import_enterprises,
    aliases={"enterprise": "enterprises"},
)  # fmt: skip


def kinds() -> list[Kind]:
    """The registry's kinds, for `monotown.catalog` (settlements come from `data.kinds`, which
    adds what deleting one does to its indicator values)."""
    return [REGIONS_KIND, ENTERPRISES_KIND]
