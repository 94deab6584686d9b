"""Baseline tables of the indicator data: the catalog, the values (and the values an import
replaced), the DHIS2 codes of the towns."""

from __future__ import annotations

from monotown.migrations import ddl


def _value(settlement_ondelete: str | None) -> ddl.Columns:
    """What a value says: a stored value and a replaced one have these columns alike."""
    return [
        *ddl.key("settlement_id", "settlement", ondelete=settlement_ondelete),
        *ddl.key("indicator_id", "indicator"),
        *ddl.string(7, "period"),
        *ddl.string(8, "period_type"),
        *ddl.integer("year"),
        *ddl.real("value"),
    ]


def tables() -> list[ddl.Table]:
    return [
        ddl.coded(
            "indicator",
            ddl.string(32, "pillar"),
            ddl.string(16, "role"),
            ddl.localised("name", 200, 300),
            ddl.string(40, "unit"),
            ddl.string(8, "direction"),
            ddl.real("target", "min_value", "max_value", null=True),
            ddl.text("description", null=True),
            ddl.string(500, "source", null=True),
            ddl.string(64, "dhis2_code", null=True),
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
        ddl.table(
            "indicator_value",
            _value(settlement_ondelete=None),
            ddl.measured_value(),
            checks={
                "flag_known": "flag IN ('official', 'estimate', 'synthetic')",
                "period_type_known": "period_type IN ('year', 'quarter', 'month')",
                "year_plausible": "year >= 1900 AND year <= 2100",
            },
            unique_together=[("settlement_id", "indicator_id", "period")],
            # The API's filters; `(period_type, year, flag)` serves a filter by period type, the
            # latest annual year, a range of years and a flag, with one index to write.
            indexes=[
                ddl.Index(
                    "ix_indicator_value_indicator_period",
                    ("indicator_id", "period", "settlement_id"),
                ),
                ddl.Index("ix_indicator_value_indicator_value", ("indicator_id", "value")),
                ddl.Index("ix_indicator_value_period_year_flag", ("period_type", "year", "flag")),
            ],
        ),
        ddl.table(
            "indicator_value_replaced",
            ddl.key("replaced_by", "import_batch", ondelete="CASCADE", indexed=True),
            ddl.timestamp("replaced_at"),
            _value(settlement_ondelete="CASCADE"),
            ddl.measured_value(),
            indexes=[
                ddl.Index(
                    "ix_indicator_value_replaced_key", ("settlement_id", "indicator_id", "period")
                )
            ],
        ),
        ddl.table(
            "settlement_dhis2",
            ddl.key("settlement_id", "settlement", ondelete="CASCADE"),
            ddl.string(64, "org_unit"),
            checks={"org_unit_not_empty": "length(org_unit) > 0"},
            unique_together=[("org_unit",)],
            primary_key=("settlement_id",),
        ),
    ]
