"""The closed vocabularies of program monitoring: statuses, kinds and sources.

Kept apart from the models so that validation, summaries and the CLI share one spelling, and the
database CHECK constraints are generated from the same tuples.
"""

from __future__ import annotations

# The CHECK of a vocabulary is spelled once for every table; the program models import it here.
from monotown.models.columns import sql_in as sql_in

PLAN_KINDS = ("program", "plan")
MEASURE_STATUSES = ("planned", "in_progress", "done", "cancelled")
PROJECT_KINDS = ("anchor", "investment")
PROJECT_STATUSES = ("planned", "under_implementation", "operating", "idle", "cancelled")
BUDGET_SOURCES = ("national", "local", "other")
# 'overdue' is deliberately absent: it is derived from the deadline and today's date, for a record
# not in one of the closed statuses.
CLOSED_STATUSES = frozenset({"done", "cancelled"})
DIRECTIVE_STATUSES = ("open", "done", "extended")
DIRECTIVE_DERIVED_STATUSES = ("open", "done", "extended", "overdue")
CONTRACT_KINDS = ("offtake", "long_term")
ZONE_STATUSES = ("planned", "under_construction", "operating", "closed")
WORK_KINDS = ("chp_repair", "boiler", "turbine", "network", "gasification")
WORK_STATUSES = ("planned", "under_way", "completed", "cancelled")
BODY_KINDS = (
    "ministry",
    "regional_akimat",
    "town_akimat",
    "government",
    "holding",
    "company",
    "agency",
)
AGREEMENT_KINDS = ("memorandum", "offtake", "long_term_contract")
INITIATIVE_KINDS = (
    "direction",
    "classification",
    "group",
    "priority_measure",
    "regional_program",
    "works_programme",
    "exploration",
    "support_centres",
)
TOWN_STATEMENT_KINDS = ("weakest_performance", "output_decline", "exited_status", "growth_example")
