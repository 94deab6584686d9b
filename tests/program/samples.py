"""Small valid files for every program entity, and the entities each one needs stored first."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sample:
    header: list[str]
    rows: list[list[str]]
    needs: list[str] = field(default_factory=list)
    # (row index, column, new value) for an update that undo must reverse
    change: tuple[int, str, str] = (0, "note", "changed by a later import")
    # a row with a bad cell: (column, value, expected reason fragment)
    bad: tuple[str, str, str] = ("town", "Balkash", "did you mean 'Balkhash'?")


SAMPLES: dict[str, Sample] = {
    "facts": Sample(
        ["as_of", "event", "topic", "metric", "value", "unit", "scope", "note", "source"],
        [
            [
                "2024",
                "Anchor projects",
                "anchor_projects",
                "projects",
                "41",
                "projects",
                "towns",
                "",
                "gov",
            ],
            [
                "2019-2023",
                "Infrastructure",
                "budget",
                "allocated",
                "348400000000",
                "KZT",
                "",
                "",
                "",
            ],
        ],
        bad=("value", "a lot", "is not a number"),
    ),
    "plans": Sample(
        ["code", "kind", "name", "town", "year_from", "year_to", "cost_kzt", "approved_on"],
        [
            ["p-1", "program", "The program", "", "2012", "2020", "", ""],
            ["p-2", "plan", "Balkhash plan", "Балхаш", "2023", "2027", "76100000000", "01.09.2023"],
        ],
        bad=("year_to", "2001", "must be on or after year_from (2012)"),
    ),
    "measures": Sample(
        [
            "code",
            "plan",
            "town",
            "action",
            "cost_kzt",
            "responsible",
            "deadline",
            "status",
            "done_on",
        ],
        [
            [
                "m-1",
                "p-2",
                "Balkhash",
                "Repair the water main",
                "1500000000",
                "Akimat",
                "2025-12-31",
                "in_progress",
                "",
            ],
            [
                "m-2",
                "p-2",
                "Balkhash",
                "Build a school",
                "",
                "",
                "2026-09-01",
                "done",
                "2026-08-15",
            ],
        ],
        needs=["plans"],
        bad=("status", "overdue", "'overdue' is derived from the deadline"),
    ),
    "projects": Sample(
        [
            "code",
            "name",
            "kind",
            "town",
            "sector",
            "investor",
            "value_kzt",
            "planned_jobs",
            "actual_jobs",
            "start_on",
            "status",
            "status_on",
            "status_reason",
            "synthetic",
        ],
        [
            [
                "a-1",
                "Copper wire plant",
                "anchor",
                "Balkhash",
                "metallurgy",
                "KAZ Minerals",
                "50000000000",
                "400",
                "120",
                "2022-03-01",
                "under_implementation",
                "2022-03-01",
                "construction started",
                "yes",
            ],
            [
                "a-2",
                "Greenhouse",
                "investment",
                "Kentau",
                "agro-industrial",
                "",
                "2000000000",
                "50",
                "",
                "2021-01-01",
                "operating",
                "2023-06-01",
                "commissioned",
                "no",
            ],
        ],
        change=(0, "status", "operating"),
    ),
    "project_statuses": Sample(
        ["project", "status_on", "status", "reason"],
        [
            ["a-1", "2021-01-10", "planned", "agreement signed"],
            ["a-2", "2025-02-01", "idle", "no orders"],
        ],
        needs=["projects"],
        change=(0, "reason", "memorandum signed"),
        bad=("status", "paused", "must be one of planned, under_implementation"),
    ),
    "budget": Sample(
        [
            "plan",
            "town",
            "year",
            "budget_source",
            "purpose",
            "planned_kzt",
            "allocated_kzt",
            "disbursed_kzt",
        ],
        [
            ["p-2", "Balkhash", "2023", "national", "water supply", "1000", "900", "850.5"],
            ["", "", "2023", "local", "administration", "", "100", "100"],
        ],
        needs=["plans"],
        change=(0, "disbursed_kzt", "900"),
        bad=("disbursed_kzt", "1000", "exceeds allocated_kzt (900)"),
    ),
    "directives": Sample(
        [
            "code",
            "issued_at",
            "issued_on",
            "text",
            "responsible",
            "towns",
            "deadline",
            "status",
            "extended_to",
            "done_on",
        ],
        [
            [
                "d-1",
                "Government session",
                "2025-06-18",
                "Create industrial zones",
                "Akimat of Karaganda Region; Akimat of Atyrau Region",
                "Balkhash; Kulsary",
                "2025-12-01",
                "open",
                "",
                "",
            ],
            [
                "d-2",
                "Government session",
                "2025-06-18",
                "Double offtake contracts",
                "Ministry of Industry",
                "",
                "2025-12-31",
                "extended",
                "2026-06-30",
                "",
            ],
        ],
        change=(0, "responsible", "Akimat of Karaganda Region"),
        bad=("status", "overdue", "'overdue' is derived from the deadline"),
    ),
    "contracts": Sample(
        [
            "code",
            "kind",
            "buyer",
            "producer",
            "town",
            "subject",
            "value_kzt",
            "signed_on",
            "term_months",
        ],
        [
            [
                "c-1",
                "offtake",
                "Kazakhmys",
                "Balkhash Metal",
                "Balkhash",
                "fasteners",
                "120000000",
                "2024-05-01",
                "36",
            ],
            [
                "c-2",
                "long_term",
                "ERG",
                "Khromtau Foods",
                "Khromtau",
                "catering",
                "",
                "2025-01-15",
                "",
            ],
        ],
        bad=("term_months", "0", "must be at least 1"),
    ),
    "zones": Sample(
        ["code", "name", "town", "status", "area_ha", "tenants", "tenant_names", "established_on"],
        [
            [
                "z-1",
                "Saran industrial zone",
                "Saran",
                "operating",
                "120.5",
                "12",
                "A; B",
                "2019-01-01",
            ],
            ["z-2", "Balkhash industrial zone", "Balkhash", "planned", "", "", "", ""],
        ],
        bad=("status", "open", "must be one of planned, under_construction"),
    ),
    "works": Sample(
        [
            "code",
            "town",
            "object",
            "kind",
            "status",
            "start_on",
            "planned_end_on",
            "completed_on",
            "people_served",
            "cost_kzt",
        ],
        [
            [
                "w-1",
                "Ridder",
                "CHP boiler 3",
                "boiler",
                "completed",
                "2024-04-01",
                "2024-10-01",
                "2024-09-20",
                "50000",
                "900000000",
            ],
            [
                "w-2",
                "Kentau",
                "Gas distribution",
                "gasification",
                "under_way",
                "2024-05-01",
                "",
                "",
                "60000",
                "",
            ],
        ],
        bad=("completed_on", "2024-01-01", "must be on or after start_on (2024-04-01)"),
    ),
    "targets": Sample(
        [
            "code",
            "name",
            "unit",
            "scope",
            "baseline_year",
            "baseline_value",
            "target_year",
            "target_value",
        ],
        [
            ["t-1", "Sufficiency", "percent", "all", "2025", "64", "2028", "70"],
            ["t-2", "SME share", "percent", "national", "", "", "2030", "40"],
        ],
        change=(0, "target_value", "72.5"),
        bad=("target_year", "2020", "must be after baseline_year (2025)"),
    ),
    "target_actuals": Sample(
        ["target", "year", "value"],
        [["t-1", "2026", "65.5"], ["t-1", "2027", "67"]],
        needs=["targets"],
        change=(0, "value", "66"),
        bad=("target", "t-9", "no target with code 't-9' is stored"),
    ),
    "agreements": Sample(
        ["code", "kind", "title", "parties", "towns", "signed_year", "subject"],
        [
            [
                "a-1",
                "memorandum",
                "Memorandum",
                "akimat of Atyrau region; JSC NC KazMunayGas",
                "Kulsary",
                "2012",
                "",
            ],
            [
                "a-2",
                "offtake",
                "Offtake",
                "Kazzinc; Akimat of Ridder",
                "Ridder",
                "2024",
                "supplies",
            ],
        ],
        change=(0, "parties", "akimat of Atyrau region"),
        bad=("kind", "handshake", "must be one of memorandum, offtake, long_term_contract"),
    ),
    "initiatives": Sample(
        [
            "code",
            "kind",
            "name",
            "parent",
            "responsible",
            "towns",
            "year_from",
            "year_to",
            "description",
        ],
        [
            ["i-1", "regional_program", "Auyl", "", "MNE", "", "2019", "2024", "rural"],
            ["i-2", "works_programme", "Boilers", "i-1", "", "Ridder; Kentau", "2024", "", ""],
        ],
        change=(1, "towns", "Ridder"),
        bad=("year_to", "2001", "must be on or after year_from (2019)"),
    ),
    "town_statements": Sample(
        ["code", "town", "kind", "year", "statement"],
        [
            ["s-1", "Temirtau", "weakest_performance", "2023", "weakest"],
            ["s-2", "Karazhal", "output_decline", "2023", "decline"],
        ],
    ),
}


def bad_row(sample: Sample) -> list[str]:
    """The sample's first row with its bad cell."""
    column, value, _reason = sample.bad
    row = list(sample.rows[0])
    if column in sample.header:
        row[sample.header.index(column)] = value
    return row
