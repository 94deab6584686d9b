"""Program monitoring: plans and measures, projects, budgets, directives, contracts, industrial
zones, infrastructure works, targets and the program-level facts, with the support calculators.

The Python API: every function below takes a SQLAlchemy session (except the calculators) and
returns pandas objects; records carry `synthetic`, summaries `synthetic_records` and `basis`.
Importing this package registers the undo handler for program imports (batch kind 'program').
"""

from monotown.errors import ImportProblems
from monotown.program import undo as _undo  # noqa: F401  (registers the 'program' undo handler)
from monotown.program.api import (
    directives,
    directives_by_body,
    headline_facts,
    program_overview,
    stated_town_count,
    target_actuals,
    targets_progress,
)
from monotown.program.api_records import (
    budget_execution,
    budget_lines,
    contracts,
    contracts_summary,
    measures,
    measures_summary,
    plans,
    project_history,
    projects,
    projects_summary,
    works,
    works_summary,
    zones,
    zones_summary,
)
from monotown.program.api_stated import (
    agreements,
    bodies,
    initiatives,
    stated_facts,
    town_statements,
)
from monotown.program.bundled import facts_loaded, load_facts
from monotown.program.exporter import export_file, export_rows
from monotown.program.importer import ImportResult, import_file
from monotown.program.loan_subsidy import LoanSubsidy, loan_subsidy
from monotown.program.mci import load_mci_table, mci_benefits
from monotown.program.rows import json_rows
from monotown.program.shared_reads import shared_reads

__all__ = [
    "ImportProblems",
    "ImportResult",
    "LoanSubsidy",
    "agreements",
    "bodies",
    "budget_execution",
    "budget_lines",
    "contracts",
    "contracts_summary",
    "directives",
    "directives_by_body",
    "export_file",
    "export_rows",
    "facts_loaded",
    "headline_facts",
    "import_file",
    "initiatives",
    "json_rows",
    "load_facts",
    "load_mci_table",
    "loan_subsidy",
    "mci_benefits",
    "measures",
    "measures_summary",
    "plans",
    "program_overview",
    "project_history",
    "projects",
    "projects_summary",
    "shared_reads",
    "stated_facts",
    "stated_town_count",
    "target_actuals",
    "targets_progress",
    "town_statements",
    "works",
    "works_summary",
    "zones",
    "zones_summary",
]
