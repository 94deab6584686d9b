"""Baseline tables of program monitoring (1/2): the responsible bodies, directives, facts,
targets, contracts and industrial zones, and which bodies and towns a record names."""

from __future__ import annotations

from monotown.migrations import ddl


def tables() -> list[ddl.Table]:
    return [
        ddl.coded(
            "program_body",
            ddl.string(20, "kind"),
            ddl.localised("name", 300),
            ddl.text("former_names", "aliases", null=True),
            ddl.string(16, "region_code", null=True),
            ddl.key("settlement_id", "settlement", null=True, indexed=True),
            ddl.string(500, "source", null=True),
            checks={
                "kind_known": "kind IN ('ministry', 'regional_akimat', 'town_akimat',"
                " 'government', 'holding', 'company', 'agency')",
            },
        ),
        ddl.table(
            "program_record_body",
            ddl.string(32, "record_kind"),
            ddl.integer("record_id", "position"),
            ddl.string(300, "spelled"),
            ddl.key("body_id", "program_body", null=True, ondelete="SET NULL", indexed=True),
            unique_together=[("record_kind", "record_id", "spelled")],
        ),
        ddl.table(
            "program_record_town",
            ddl.string(32, "record_kind"),
            ddl.integer("record_id", "position"),
            ddl.key("settlement_id", "settlement", indexed=True),
            unique_together=[("record_kind", "record_id", "settlement_id")],
        ),
        ddl.coded(
            "program_directive",
            ddl.string(300, "issued_at", null=True),
            ddl.date("issued_on", null=True),
            ddl.text("text"),
            ddl.date("deadline", null=True),
            ddl.string(16, "status"),
            ddl.date("extended_to", "done_on", null=True),
            ddl.text("control_notes", "evidence", null=True),
            ddl.program_record(),
            ddl.string(200, "deadline_stated", null=True),
            ddl.string(8, "deadline_precision", null=True),
            checks={
                "done_has_date": "status <> 'done' OR done_on IS NOT NULL",
                "extension_has_date": "status <> 'extended' OR extended_to IS NOT NULL",
                "status_known": "status IN ('open', 'done', 'extended')",
                "extension_later": "extended_to IS NULL OR extended_to > deadline",
            },
        ),
        ddl.table(
            "program_directive_body",
            ddl.key("directive_id", "program_directive", ondelete="CASCADE", indexed=True),
            ddl.integer("position"),
            ddl.string(300, "body"),
            ddl.key("body_id", "program_body", null=True, ondelete="SET NULL", indexed=True),
            unique_together=[("directive_id", "body")],
        ),
        ddl.table(
            "program_directive_town",
            ddl.key("directive_id", "program_directive", ondelete="CASCADE", indexed=True),
            ddl.integer("position"),
            ddl.key("settlement_id", "settlement", indexed=True),
            unique_together=[("directive_id", "settlement_id")],
        ),
        ddl.table(
            "program_fact",
            ddl.string(32, "as_of"),
            ddl.string(300, "event"),
            ddl.string(64, "topic"),
            ddl.string(120, "metric"),
            ddl.real("value"),
            ddl.string(64, "unit"),
            ddl.string(300, "scope", null=True),
            ddl.program_record(),
            unique_together=[("as_of", "event", "metric")],
        ),
        ddl.coded(
            "program_target",
            ddl.string(300, "name"),
            ddl.string(64, "unit"),
            ddl.string(300, "scope", null=True),
            ddl.integer("baseline_year", null=True),
            ddl.real("baseline_value", null=True),
            ddl.integer("target_year"),
            ddl.real("target_value"),
            ddl.program_record(),
            checks={
                "baseline": "(baseline_year IS NULL) = (baseline_value IS NULL)",
                "years_ordered": "baseline_year IS NULL OR baseline_year < target_year",
            },
        ),
        ddl.table(
            "program_target_actual",
            ddl.key("target_id", "program_target", indexed=True),
            ddl.integer("year"),
            ddl.real("value"),
            ddl.program_record(),
            unique_together=[("target_id", "year")],
        ),
        ddl.coded(
            "program_contract",
            ddl.string(16, "kind"),
            ddl.string(300, "buyer", "producer"),
            ddl.key("settlement_id", "settlement", indexed=True),
            ddl.string(300, "subject", null=True),
            ddl.real("value_kzt", null=True),
            ddl.date("signed_on"),
            ddl.integer("term_months", null=True),
            ddl.program_record(),
            checks={
                "kind_known": "kind IN ('offtake', 'long_term')",
                "term_positive": "term_months IS NULL OR term_months > 0",
                "value_not_negative": "value_kzt IS NULL OR value_kzt >= 0",
            },
        ),
        ddl.coded(
            "program_industrial_zone",
            ddl.string(300, "name"),
            ddl.key("settlement_id", "settlement", indexed=True),
            ddl.string(24, "status"),
            ddl.real("area_ha", null=True),
            ddl.integer("tenants", null=True),
            ddl.text("tenant_names", null=True),
            ddl.date("established_on", null=True),
            ddl.program_record(),
            checks={
                "status_known": "status IN"
                " ('planned', 'under_construction', 'operating', 'closed')",
                "area_positive": "area_ha IS NULL OR area_ha > 0",
                "tenants_not_negative": "tenants IS NULL OR tenants >= 0",
            },
        ),
    ]
