"""Baseline tables of the regional standards: the national settlement tree, designations, the
standards, their provision records (and those an import replaced) and the links of a gap to
the projects or budget lines that close it."""

from __future__ import annotations

from monotown.migrations import ddl


def _provision() -> ddl.Columns:
    """What a provision record says: a stored record and a replaced one have these alike."""
    return [
        *ddl.key("unit_id", "territorial_unit", ondelete="CASCADE"),
        *ddl.key("standard_id", "regional_standard"),
        *ddl.integer("year"),
        *ddl.boolean("met"),
        *ddl.real("value", null=True),
    ]


def tables() -> list[ddl.Table]:
    return [
        ddl.coded(
            "regional_standard",
            ddl.string(32, "area"),
            ddl.localised("name", 200, 300),
            ddl.string(300, "categories"),
            ddl.integer("min_population", "max_population", null=True),
            ddl.string(16, "measure"),
            ddl.real("norm", null=True),
            ddl.string(60, "unit", null=True),
            ddl.string(10, "comparison"),
            ddl.real("weight"),
            ddl.string(64, "indicator_code", null=True),
            ddl.string(500, "source"),
            ddl.boolean("is_default"),
            ddl.text("note", null=True),
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
        ddl.table(
            "territorial_unit",
            ddl.string(64, "key"),
            ddl.string(12, "kato", null=True),
            ddl.string(16, "level"),
            ddl.key("parent_id", "territorial_unit", null=True, ondelete="CASCADE", indexed=True),
            ddl.key("region_id", "region", indexed=True),
            ddl.key("district_id", "territorial_unit", null=True, ondelete="CASCADE", indexed=True),
            ddl.key("settlement_id", "settlement", null=True, ondelete="SET NULL"),
            ddl.localised("name", 160, russian_required=True),
            ddl.string(20, "settlement_type", null=True),
            ddl.boolean("district_centre", "rural_centre"),
            ddl.integer("population", "population_year", null=True),
            ddl.boolean("population_synthetic"),
            ddl.real("latitude", "longitude", null=True),
            ddl.boolean("synthetic"),
            ddl.string(300, "source", null=True),
            ddl.text("note", null=True),
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
        ddl.table(
            "settlement_designation",
            ddl.key("unit_id", "territorial_unit", ondelete="CASCADE", indexed=True),
            ddl.string(20, "kind"),
            ddl.key(
                "support_unit_id", "territorial_unit", null=True, ondelete="CASCADE", indexed=True
            ),
            ddl.date("date_from", "date_to", null=True),
            ddl.boolean("synthetic"),
            ddl.string(300, "source", null=True),
            ddl.text("note", null=True),
            checks={
                "satellite_names_support": "(kind = 'satellite_village')"
                " = (support_unit_id IS NOT NULL)",
                "kind_known": "kind IN ('support_village', 'satellite_village')",
                "dates_ordered": "date_to IS NULL OR date_from IS NULL OR date_to >= date_from",
                "not_own": "support_unit_id IS NULL OR support_unit_id <> unit_id",
            },
        ),
        ddl.table(
            "standard_provision",
            _provision(),
            ddl.measured_value(),
            checks={
                "flag_known": "flag IN ('official', 'estimate', 'derived', 'synthetic')",
                "year_plausible": "year >= 1990 AND year <= 2100",
            },
            unique_together=[("unit_id", "standard_id", "year")],
            indexes=[
                ddl.Index("ix_standard_provision_year", ("year", "unit_id", "standard_id", "met"))
            ],
        ),
        ddl.table(
            "standard_provision_replaced",
            ddl.key("replaced_by", "import_batch", ondelete="CASCADE", indexed=True),
            ddl.timestamp("replaced_at"),
            _provision(),
            ddl.measured_value(),
        ),
        ddl.table(
            "standard_gap_link",
            ddl.key("unit_id", "territorial_unit", ondelete="CASCADE", indexed=True),
            ddl.key("standard_id", "regional_standard"),
            ddl.key("project_id", "program_project", null=True, ondelete="CASCADE"),
            ddl.key("budget_line_id", "program_budget_line", null=True, ondelete="CASCADE"),
            ddl.string(300, "reference", null=True),
            ddl.boolean("synthetic"),
            ddl.string(500, "source", null=True),
            ddl.text("note", null=True),
            checks={
                "links_something": "project_id IS NOT NULL OR budget_line_id IS NOT NULL"
                " OR reference IS NOT NULL"
            },
        ),
    ]
