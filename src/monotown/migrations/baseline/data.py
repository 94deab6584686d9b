"""Baseline tables of the indicator data: the catalog, the values (and the values an import
replaced), the DHIS2 codes of the towns."""

from __future__ import annotations

from monotown.migrations.ddl import (
    Columns,
    Index,
    Table,
    coded,
    integer,
    key,
    localised,
    measured_value,
    real,
    string,
    table,
    text,
    timestamp,
)


def _value(settlement_ondelete: str | None) -> Columns:
    """What a value says: a stored value and a replaced one have these columns alike."""
    return [
        *key("settlement_id", "settlement", ondelete=settlement_ondelete),
        *key("indicator_id", "indicator"),
        *string(7, "period"),
        *string(8, "period_type"),
        *integer("year"),
        *real("value"),
    ]


def tables() -> list[Table]:
    return [
        coded(
            "indicator",
            string(32, "pillar"),
            string(16, "role"),
            localised("name", 200, 300),
            string(40, "unit"),
            string(8, "direction"),
            real("target", "min_value", "max_value", null=True),
            text("description", null=True),
            string(500, "source", null=True),
            string(64, "dhis2_code", null=True),
            checks={
                "target_given_for_target": "direction <> 'target' OR target IS NOT NULL",
                "direction_known": "direction IN ('higher', 'lower', 'target')",
                "role_known": "role IN ('indicator', 'context')",
                "range_ordered": "min_value IS NULL OR max_value IS NULL OR min_value <= max_value",
            },
            unique_together=[("dhis2_code",)],
            indexes=["pillar"],
        ),
        # Deleting a town never deletes its values by cascade: the registry deletes them first,
        # as an undoable batch, only when asked to.
        table(
            "indicator_value",
            _value(settlement_ondelete=None),
            measured_value(),
            checks={
                "flag_known": "flag IN ('official', 'estimate', 'synthetic')",
                "period_type_known": "period_type IN ('year', 'quarter', 'month')",
                "year_plausible": "year >= 1900 AND year <= 2100",
            },
            unique_together=[("settlement_id", "indicator_id", "period")],
            # The API's filters; `(period_type, year, flag)` serves a filter by period type, the
            # latest annual year, a range of years and a flag, with one index to write.
            indexes=[
                Index(
                    "ix_indicator_value_indicator_period",
                    ("indicator_id", "period", "settlement_id"),
                ),
                Index("ix_indicator_value_indicator_value", ("indicator_id", "value")),
                Index("ix_indicator_value_period_year_flag", ("period_type", "year", "flag")),
            ],
        ),
        table(
            "indicator_value_replaced",
            key("replaced_by", "import_batch", ondelete="CASCADE", indexed=True),
            timestamp("replaced_at"),
            _value(settlement_ondelete="CASCADE"),
            measured_value(),
            indexes=[
                Index(
                    "ix_indicator_value_replaced_key", ("settlement_id", "indicator_id", "period")
                )
            ],
        ),
        table(
            "settlement_dhis2",
            key("settlement_id", "settlement", ondelete="CASCADE"),
            string(64, "org_unit"),
            checks={"org_unit_not_empty": "length(org_unit) > 0"},
            unique_together=[("org_unit",)],
            primary_key=("settlement_id",),
        ),
    ]
