"""`--records all|real|synthetic`: the one spelling of the synthetic filter on every command.

Real records come from sources; synthetic ones are the demo data a fixed-seed generator made up.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import typer


class Records(StrEnum):
    all = "all"
    real = "real"
    synthetic = "synthetic"


def records_option(what: str = "records", real: str = "from sources") -> Any:
    """The `--records` option, its help naming what is filtered (`what`) and what real means."""
    return typer.Option(
        Records.all, "--records", help=f"all, real ({real}) or synthetic (demo) {what}."
    )


RECORDS_OPTION = records_option()


def synthetic_filter(records: Records) -> bool | None:
    """None for all records, False for real ones only, True for synthetic ones only."""
    return {Records.all: None, Records.real: False, Records.synthetic: True}[Records(records)]
