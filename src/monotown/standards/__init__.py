"""Regional standards: the catalog, provision records and the sufficiency level of settlements.

Public surface: the catalog (`load_catalog`, `list_standards`, `export_catalog`), provision imports
(`import_provision`, undone through `monotown.records.provenance.undo_batch`), the report of a year
(`sufficiency_report`, `trend`) under a `SufficiencyRule`, and the synthetic demo (`load_demo`).
"""

from monotown.standards import undo as _undo  # noqa: F401  (registers the batch undo handler)
from monotown.standards.catalog import export_catalog, list_standards, load_catalog
from monotown.standards.demo import load_demo
from monotown.standards.provision_import import import_provision
from monotown.standards.report import SufficiencyReport, sufficiency_report, trend
from monotown.standards.sufficiency import SufficiencyRule

__all__ = [
    "SufficiencyReport",
    "SufficiencyRule",
    "export_catalog",
    "import_provision",
    "list_standards",
    "load_catalog",
    "load_demo",
    "sufficiency_report",
    "trend",
]
