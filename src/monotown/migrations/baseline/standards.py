"""Baseline tables of the regional standards: the national settlement tree, designations, the
standards, their provision records (and those an import replaced) and the links of a gap to
the projects or budget lines that close it."""

from __future__ import annotations

from monotown.migrations.ddl import (
    Columns,
    Index,
    Table,
    boolean,
    coded,
    date,
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


def _provision() -> Columns:
    """What a provision record says: a stored record and a replaced one have these alike."""
    return [
        *key("unit_id", "territorial_unit", ondelete="CASCADE"),
        *key("standard_id", "regional_standard"),
        *integer("year"),
        *boolean("met"),
        *real("value", null=True),
    ]


def tables() -> list[Table]:
    return [
        coded(
            "regional_standard",
            string(32, "area"),
            localised("name", 200, 300),
            string(300, "categories"),
            integer("min_population", "max_population", null=True),
            string(16, "measure"),
            real("norm", null=True),
            string(60, "unit", null=True),
            string(10, "comparison"),
            real("weight"),
            string(64, "indicator_code", null=True),
            string(500, "source"),
            boolean("is_default"),
            text("note", null=True),
            checks={
                "comparison_known": "comparison IN ('at_least', 'at_most')",
                "norm_given": "measure = 'presence' OR norm IS NOT NULL",
                "measure_known": "measure IN ('presence', 'ratio', 'distance', 'travel_time')",
                "population_range_ordered": "min_population IS NULL OR max_population IS NULL"
                " OR min_population <= max_population",
                "weight_positive": "weight > 0",
            },
            indexes=["area"],
        ),
        table(
            "territorial_unit",
            string(64, "key"),
            string(12, "kato", null=True),
            string(16, "level"),
            key("parent_id", "territorial_unit", null=True, ondelete="CASCADE", indexed=True),
            key("region_id", "region", indexed=True),
            key("district_id", "territorial_unit", null=True, ondelete="CASCADE", indexed=True),
            key("settlement_id", "settlement", null=True, ondelete="SET NULL"),
            localised("name", 160, russian_required=True),
            string(20, "settlement_type", null=True),
            boolean("district_centre", "rural_centre"),
            integer("population", "population_year", null=True),
            boolean("population_synthetic"),
            real("latitude", "longitude", null=True),
            boolean("synthetic"),
            string(300, "source", null=True),
            text("note", null=True),
            checks={
                "type_for_settlements": "(level = 'settlement') = (settlement_type IS NOT NULL)",
                "level_known": "level IN ('district', 'city', 'rural_district', 'settlement')",
                "settlement_type_known": "settlement_type IS NULL OR settlement_type IN"
                " ('city_republican', 'city_regional', 'city_district', 'town', 'village')",
                "lat": "latitude IS NULL OR (latitude >= -90 AND latitude <= 90)",
                "key_not_empty": "length(key) > 0",
                "names_not_empty": "length(name_en) > 0 AND length(name_ru) > 0",
                "lon": "longitude IS NULL OR (longitude >= -180 AND longitude <= 180)",
                "not_own_parent": "parent_id IS NULL OR parent_id <> id",
                "population_not_negative": "population IS NULL OR population >= 0",
            },
            unique_together=[("kato",), ("key",), ("settlement_id",)],
        ),
        table(
            "settlement_designation",
            key("unit_id", "territorial_unit", ondelete="CASCADE", indexed=True),
            string(20, "kind"),
            key("support_unit_id", "territorial_unit", null=True, ondelete="CASCADE", indexed=True),
            date("date_from", "date_to", null=True),
            boolean("synthetic"),
            string(300, "source", null=True),
            text("note", null=True),
            checks={
                "satellite_names_support": "(kind = 'satellite_village')"
                " = (support_unit_id IS NOT NULL)",
                "kind_known": "kind IN ('support_village', 'satellite_village')",
                "dates_ordered": "date_to IS NULL OR date_from IS NULL OR date_to >= date_from",
                "not_own": "support_unit_id IS NULL OR support_unit_id <> unit_id",
            },
        ),
        table(
            "standard_provision",
            _provision(),
            measured_value(),
            checks={
                "flag_known": "flag IN ('official', 'estimate', 'derived', 'synthetic')",
                "year_plausible": "year >= 1990 AND year <= 2100",
            },
            unique_together=[("unit_id", "standard_id", "year")],
            indexes=[
                Index("ix_standard_provision_year", ("year", "unit_id", "standard_id", "met"))
            ],
        ),
        table(
            "standard_provision_replaced",
            key("replaced_by", "import_batch", ondelete="CASCADE", indexed=True),
            timestamp("replaced_at"),
            _provision(),
            measured_value(),
        ),
        table(
            "standard_gap_link",
            key("unit_id", "territorial_unit", ondelete="CASCADE", indexed=True),
            key("standard_id", "regional_standard"),
            key("project_id", "program_project", null=True, ondelete="CASCADE"),
            key("budget_line_id", "program_budget_line", null=True, ondelete="CASCADE"),
            string(300, "reference", null=True),
            boolean("synthetic"),
            string(500, "source", null=True),
            text("note", null=True),
            checks={
                "links_something": "project_id IS NOT NULL OR budget_line_id IS NOT NULL"
                " OR reference IS NOT NULL"
            },
        ),
    ]
