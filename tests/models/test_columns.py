"""The shared column groups give every table the columns, order and constraints it declared
before they were shared (and that its migrations created)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Table

from monotown.data.models import Indicator, IndicatorValue, ReplacedValue
from monotown.models import load_all_models
from monotown.program.models import Plan
from monotown.standards.models import RegionalStandard

load_all_models()


def _table(model: type) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def _checks(table: Table) -> dict[str, str]:
    found = [*table.constraints, *(c for column in table.columns for c in column.constraints)]
    return {str(c.name): str(c.sqltext) for c in found if isinstance(c, CheckConstraint)}


def test_a_coded_table_starts_with_id_and_code_and_refuses_an_empty_code() -> None:
    for model in (Plan, Indicator, RegionalStandard):
        table = _table(model)
        assert [column.name for column in table.columns][:2] == ["id", "code"]
        assert table.c.code.unique and not table.c.code.nullable
        assert _checks(table)[f"ck_{table.name}_code_not_empty"] == "length(code) > 0"


def test_program_records_end_with_their_provenance() -> None:
    names = [column.name for column in _table(Plan).columns]
    assert names[-4:] == ["synthetic", "source", "note", "batch_id"]
    (foreign_key,) = _table(Plan).c.batch_id.foreign_keys
    assert foreign_key.target_fullname == "import_batch.id"
    assert foreign_key.ondelete == "SET NULL"


def test_a_replaced_value_has_the_stored_value_columns_after_its_replacement() -> None:
    stored = [column.name for column in _table(IndicatorValue).columns]
    replaced = [column.name for column in _table(ReplacedValue).columns]
    assert replaced[:3] == ["id", "replaced_by", "replaced_at"]
    assert replaced[3:] == stored[1:]
    assert stored[-4:] == ["flag", "source", "note", "batch_id"]


def test_a_name_falls_back_by_the_one_order() -> None:
    indicator = Indicator(name_en="Unemployment", name_ru="Безработица", name_kk=None)
    assert indicator.name("ru") == "Безработица"
    assert indicator.name("kk") == "Безработица"  # Russian before English
    assert indicator.name() == "Unemployment"
