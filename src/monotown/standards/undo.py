"""Undoing a provision batch: remove its records, put back the ones it replaced, exactly.

Refused while a later committed batch has replaced records of this one (undo that first); the
work is the same as for indicator values (`data/replaced_undo.py`).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from monotown.data.replaced_undo import undo_replacing_batch
from monotown.records.provenance import ImportBatch
from monotown.standards.models import ReplacedProvision, StandardProvision

COLUMNS = ("unit_id", "standard_id", "year", "met", "value", "flag", "source", "note", "batch_id")


def undo_provision(session: Session, batch: ImportBatch) -> None:
    undo_replacing_batch(
        session,
        batch,
        live=StandardProvision,
        replaced=ReplacedProvision,
        columns=COLUMNS,
        rows="provision records",
        counted="records",
    )
