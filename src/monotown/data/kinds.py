"""The data capability's kinds of record: catalog indicators and stored indicator values.

Deleting an indicator is one undoable batch (`records.deletion`); one with stored values is
refused unless asked (`force`), then its values (and the values imports replaced) go in the same
batch, so undoing it brings all of them back. A value is deleted as a values batch of its own.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.data.catalog import get_indicator, load_catalog
from monotown.data.catalog_rows import indicator_rows
from monotown.data.importer import import_file
from monotown.data.models import Indicator, IndicatorValue, ReplacedValue
from monotown.data.settlement_values import delete_settlement, settlement_value_count
from monotown.data.single_value import delete_value
from monotown.errors import ConflictError, InputError
from monotown.records.deletion import Removal, delete_record
from monotown.records.import_rows import whole_file_import
from monotown.records.imports import ImportReport, ImportRequest
from monotown.records.kinds import Actor, Kind, columns
from monotown.registry.dependents import count_dependents
from monotown.registry.editing import get_settlement
from monotown.registry.kinds import SETTLEMENTS_KIND as REGISTRY_SETTLEMENTS
from monotown.registry.kinds import delete_settlement_record
from monotown.registry.models import Region, Settlement


def _delete_settlement(session: Session, code: str, actor: Actor, force: bool) -> int:
    """Without values or records of its own: one deletion batch. With them (only when `force`):
    they go first as a values batch, which re-creates the settlement with them when undone."""
    settlement = get_settlement(session, code)
    if settlement_value_count(session, settlement.id) or count_dependents(session, settlement.id):
        batch = delete_settlement(
            session, code, user=actor.user, origin=actor.origin, with_values=force
        )
        return int(batch or 0)
    return delete_settlement_record(session, code, actor, force)


SETTLEMENTS_KIND = replace(REGISTRY_SETTLEMENTS, delete=_delete_settlement)


def _delete_indicator(session: Session, code: str, actor: Actor, force: bool) -> int:
    indicator = get_indicator(session, code)
    used = session.scalar(select(func.count()).where(IndicatorValue.indicator_id == indicator.id))
    if used and not force:
        raise ConflictError(
            f"indicator '{indicator.code}' has {used} stored values; delete it with its values "
            "explicitly (API: ?force=true, CLI: --force), which can be undone"
        )
    old = {"code": indicator.code, "name_en": indicator.name_en, "pillar": indicator.pillar}
    values = [
        Removal.of(ReplacedValue, ReplacedValue.indicator_id == indicator.id),
        Removal.of(IndicatorValue, IndicatorValue.indicator_id == indicator.id),
    ]
    return delete_record(
        session, indicator, kind="indicators", key=indicator.code, audit_entity="indicator",
        old=old, actor=actor, before=values,
    )  # fmt: skip


def _import_indicators(session: Session, request: ImportRequest) -> ImportReport:
    """Catalog entries (the catalog file's columns, or the kind's export), created or updated
    by code, as an undoable batch."""
    actor = request.actor
    return whole_file_import(
        session, request, kind="indicators", tables=(Indicator,),
        load=lambda path: load_catalog(session, path, user=actor.user, origin=actor.origin),
        report=lambda loaded: loaded.as_records_report("indicators", request.file_name),
    )  # fmt: skip


def _import_values(session: Session, request: ImportRequest) -> ImportReport:
    """Values in any layout `monotown import` reads (long, wide, DHIS2; CSV or XLSX); a stored
    value the file changes is replaced, and kept so that undoing the batch restores it."""
    actor = request.actor
    report = import_file(
        session, request.path, file_name=request.file_name, skip_invalid=request.skip_invalid,
        update=True, user=actor.user, origin=actor.origin, scope=actor.scope,
    )  # fmt: skip
    return report.as_records_report("values")


def value_key(town: str, indicator: str, period: str) -> str:
    return f"{town}|{indicator}|{period}"


def _delete_value(session: Session, key: str, actor: Actor, force: bool) -> int:
    parts = [part.strip() for part in key.split("|")]
    if len(parts) != 3 or not all(parts):
        raise InputError("is not 'town|indicator|period'", field="key", value=key)
    town, indicator, period = parts
    return delete_value(
        session, town=town, indicator=indicator, period=period, user=actor.user,
        origin=actor.origin,
    )  # fmt: skip


def value_rows(session: Session) -> list[dict[str, Any]]:
    """Every stored value with its town, region, indicator, flag and batch (the records layer's
    view; the values API pages them in SQL for databases of millions)."""
    query = (
        select(
            Settlement.code, Region.code, Indicator.code, IndicatorValue.period,
            IndicatorValue.period_type, IndicatorValue.year, IndicatorValue.value,
            IndicatorValue.flag, IndicatorValue.source, IndicatorValue.note,
            IndicatorValue.batch_id,
        )
        .join(Settlement, Settlement.id == IndicatorValue.settlement_id)
        .join(Region, Region.id == Settlement.region_id)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .order_by(Settlement.code, Indicator.code, IndicatorValue.period)
    )  # fmt: skip
    rows = []
    for (
        town,
        region,
        code,
        period,
        ptype,
        year,
        value,
        flag,
        source,
        note,
        batch,
    ) in session.execute(query):
        rows.append(
            {
                "key": value_key(town, code, period), "town": town, "region": region,
                "indicator": code, "period": period, "period_type": ptype, "year": year,
                "value": value, "flag": flag, "synthetic": flag == "synthetic",
                "source": source, "note": note, "batch_id": batch,
            }
        )  # fmt: skip
    return rows


INDICATOR_COLUMNS = columns(
    """
    code                   text     The indicator's code, e.g. pop_total.
    pillar                 text     Pillar of the index it belongs to.
    role                   text     indicator, denominator or context.
    name_en                text
    name_ru                text
    name_kk                text
    unit                   text
    direction              text     Whether more is better (+) or worse (-).
    target                 number
    min                    number   Smallest plausible value.
    max                    number   Largest plausible value.
    description            text
    source                 text     Where its definition comes from.
    dhis2_code             text     Its DHIS2 data element code.
    values                 integer  Values stored.
    synthetic_values       integer  Of those, demo values.
    year_from              integer  First year with a value.
    year_to                integer  Last year with a value.
    """
)
VALUE_COLUMNS = columns(
    """
    key                    text     town|indicator|period.
    town                   text     Settlement code.
    region                 text     Region code of the settlement.
    indicator              text     Indicator code.
    period                 text     Period, e.g. 2023 or 2023-Q2.
    period_type            text
    year                   integer
    value                  number
    flag                   text     official, estimate, imputed or synthetic.
    synthetic              boolean  A demo value (flag 'synthetic').
    source                 text
    note                   text
    batch_id               integer  The import batch that stored it.
    """
)


INDICATORS_KIND = Kind(
    key="indicators", title="Indicators", capability="data", key_column="code",
    columns=INDICATOR_COLUMNS, rows=indicator_rows, table="indicator",
    description="The indicator catalog, with how many values each has.",
    sort_keys=("code", "pillar", "role", "name_en", "name_ru", "unit", "values"),
    default_sort="code", group_bys=("pillar", "role"),
    search_columns=("code", "name_en", "name_ru", "name_kk"), name_fields=("name",),
    delete=_delete_indicator, importer=_import_indicators, aliases={"indicator": "indicators"},
)  # fmt: skip

VALUES_KIND = Kind(
    key="values", title="Indicator values", capability="data", key_column="key",
    columns=VALUE_COLUMNS, rows=value_rows, table="indicator_value",
    description="Stored values: one per town, indicator and period.",
    sort_keys=("key", "town", "indicator", "period", "year", "value", "flag"), default_sort="key",
    group_bys=("indicator", "town", "region", "year", "flag"),
    search_columns=("town", "indicator", "source", "note"), region_column="region",
    synthetic_column="synthetic", delete=_delete_value, importer=_import_values,
    aliases={"indicator_values": "values", "value": "values"}, served_at="/api/v1/values",
)  # fmt: skip


def kinds() -> list[Kind]:
    """The data capability's kinds, for `monotown.catalog`."""
    return [SETTLEMENTS_KIND, INDICATORS_KIND, VALUES_KIND]
