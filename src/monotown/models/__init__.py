"""Imports every capability's models so the shared metadata is complete (for Alembic and tests).

Each capability declares its own tables; the column groups many of them share (the `id` and
`code` keys, provenance, localised names, foreign keys) are declared once in `columns`.
"""

from __future__ import annotations

import importlib

MODEL_MODULES = (
    "monotown.registry.models",
    "monotown.records.provenance",
    "monotown.data.models",
    "monotown.program.models",
    "monotown.program.body_models",
    "monotown.program.stated_models",
    "monotown.events.models",
    "monotown.assess.models",
    "monotown.accounts.models",
    "monotown.data.uploads",
    "monotown.data.import_board",
    "monotown.registry.territory",
    "monotown.standards.models",
)


def load_all_models() -> None:
    for module in MODEL_MODULES:
        importlib.import_module(module)
