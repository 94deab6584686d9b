"""Program monitoring: plans and measures, projects, budgets, directives, contracts, industrial
zones, infrastructure works, targets and the program-level facts, with the support calculators.

Import `monotown.program` for the Python API (functions returning pandas objects); the undo handler
for program imports is registered on import.
"""

from monotown.program import undo as _undo  # noqa: F401  (registers the 'program' undo handler)
from monotown.program.api import (
    directives,
    directives_by_body,
    headline_facts,
    target_actuals,
    targets_progress,
)
from monotown.program.bundled import facts_loaded, load_facts
from monotown.program.exporter import export_file, export_rows
from monotown.program.importer import ImportProblems, ImportResult, import_file
from monotown.program.loan_subsidy import LoanSubsidy, loan_subsidy
from monotown.program.mci import load_mci_table, mci_benefits

__all__ = [
    "ImportProblems",
    "ImportResult",
    "LoanSubsidy",
    "directives",
    "directives_by_body",
    "export_file",
    "export_rows",
    "facts_loaded",
    "headline_facts",
    "import_file",
    "load_facts",
    "load_mci_table",
    "loan_subsidy",
    "mci_benefits",
    "target_actuals",
    "targets_progress",
]
