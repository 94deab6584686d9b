"""The schema of the baseline revision `0016_value_indexes`: every table, declared once, by
capability, in an order in which each table is created after the tables it refers to.

FROZEN like `ddl.py`: this is what the history up to `0016_value_indexes` built, squashed; a
change of schema is a new revision, never an edit here.

Each module uses the DSL through its namespace (`from monotown.migrations import ddl`, then
`ddl.table(...)`, `ddl.string(120, "user")`): its words are generic and would shadow names a
reader knows (`json` the module, `text` and `date` as in SQLAlchemy and datetime), and no module
keeps a list of the words it imports.
"""

from __future__ import annotations

from monotown.migrations import ddl
from monotown.migrations.baseline import (
    accounts,
    assess,
    data,
    events,
    program,
    program_projects,
    registry,
    standards,
)


def tables() -> list[ddl.Table]:
    """Every table of the baseline, a table after those it refers to (fresh objects each call:
    a column belongs to the one table it is created in)."""
    return [
        *registry.tables(),
        *data.tables(),
        *events.tables(),
        *program.tables(),
        *program_projects.tables(),
        *standards.tables(),
        *assess.tables(),
        *accounts.tables(),
    ]
