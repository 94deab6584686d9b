"""Citations of records stored in the database: the import batches that wrote them.

A figure read from stored records cites the batches those records came from (file, date, note),
so a reader can find the exact import; records flagged synthetic give a synthetic citation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.records.provenance import ImportBatch
from monotown.reports.context import ReportContext
from monotown.reports.model import Source


def plain(value: Any) -> Any:
    """A pandas/numpy scalar as a plain Python value (NA and NaN -> None)."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    try:
        if value != value or (isinstance(value, float) and math.isnan(value)):
            return None
    except (TypeError, ValueError):
        return None
    return value


QUOTE_CHARS = 110


class BatchBook:
    """Describes import batches once per report ('batch 2 (demo data, 2026-11-21: ...)')."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._described: dict[int, str] = {}

    def describe(self, batch_ids: Iterable[int]) -> str:
        ids = sorted({int(i) for i in batch_ids})
        missing = [i for i in ids if i not in self._described]
        if missing:
            for batch in self.session.scalars(
                select(ImportBatch).where(ImportBatch.id.in_(missing))
            ):
                when = batch.started_at.date().isoformat() if batch.started_at else ""
                detail = ", ".join(part for part in (batch.file_name, when) if part)
                note = f": {batch.note}" if batch.note else ""
                self._described[batch.id] = f"{batch.id} ({detail}{note})"
        return "; ".join(self._described.get(i, str(i)) for i in ids)

    def source(
        self,
        ctx: ReportContext,
        *,
        key: str,
        what: str,
        batch_ids: Iterable[int],
        synthetic: bool,
        detail: str | None = None,
    ) -> Source:
        """A citation of stored records: what they are and the import batches that wrote them."""
        text = what
        batches = self.describe(batch_ids)
        if batches:
            text += ". " + ctx._("Import batch {batches}").format(batches=batches)
        if detail:
            text += ". " + detail
        return Source(key=key, text=text, synthetic=synthetic)


def value_source(
    ctx: ReportContext, batches: BatchBook, batch_id: Any, flag: str, source: Any
) -> Source:
    """The citation of an indicator value: its stated source, flag and import batch."""
    batch = plain(batch_id)
    detail = plain(source)
    return batches.source(
        ctx,
        key=f"values:{batch}:{flag}:{detail}",
        what=ctx._("Indicator values ({flag})").format(flag=ctx._(flag)),
        batch_ids=[batch] if batch is not None else [],
        synthetic=flag == "synthetic",
        detail=str(detail) if detail else None,
    )


def model_batches(session: Session, model: Any, synthetic: bool | None = None) -> list[int]:
    """Import batches that wrote rows of a table (optionally only synthetic or only real rows)."""
    query = select(model.batch_id).distinct().where(model.batch_id.is_not(None))
    if synthetic is not None:
        query = query.where(model.synthetic.is_(synthetic))
    return [int(batch) for batch in session.scalars(query)]


class RecordCitations:
    """Citations of stored records of any capability's table with `synthetic` and `batch_id`
    columns: what they are, their own stated source and the import batches that wrote them."""

    def __init__(self, ctx: ReportContext, session: Session) -> None:
        self.ctx = ctx
        self.session = session
        self.book = BatchBook(session)
        self._batches: dict[tuple[str, bool | None], list[int]] = {}

    def _batches_of(self, model: Any, synthetic: bool | None) -> list[int]:
        key = (model.__tablename__, synthetic)
        if key not in self._batches:
            self._batches[key] = model_batches(self.session, model, synthetic)
        return self._batches[key]

    def summed(self, model: Any, what: str, basis: str) -> Source | None:
        """The citation of a sum over records, by what the sum rests on (its `basis`)."""
        if basis == "none":
            return None
        synthetic = {"real records": False, "synthetic records": True}.get(basis)
        return self.book.source(
            self.ctx,
            key=f"records:{model.__tablename__}:{basis}",
            what=what,
            batch_ids=self._batches_of(model, synthetic),
            synthetic=basis != "real records",
        )

    def summed_rows(self, summary: Any, model: Any, what: str) -> list[tuple[Any, Source | None]]:
        """The rows of a program summary (its last row the total), each with the citation of the
        records it sums; none when the summary counts no record at all."""
        if summary.empty or int(summary["records"].iloc[-1]) == 0:
            return []
        return [(row, self.summed(model, what, str(row["basis"]))) for _, row in summary.iterrows()]

    def record_rows(self, frame: Any, model: Any, what: str) -> list[tuple[Any, Source]]:
        """The rows of a frame of records, each with its own citation (see `record`)."""
        return [(row, self.record(model, what, row)) for _, row in frame.iterrows()]

    def record(self, model: Any, what: str, row: Any) -> Source:
        """The citation of one record: the event sentence it was taken from, if any, else its
        own stated source and the batches of its kind."""
        synthetic = bool(row["synthetic"])
        cited = row.get("sources") if hasattr(row, "get") else None
        if cited:
            return event_source(self.ctx, cited[0], synthetic=synthetic)
        detail = str(row["source"]) if plain(row["source"]) else None
        return self.book.source(
            self.ctx,
            key=f"records:{model.__tablename__}:{synthetic}:{detail}",
            what=what,
            batch_ids=self._batches_of(model, synthetic),
            synthetic=synthetic,
            detail=detail,
        )


def event_source(ctx: ReportContext, cited: dict[str, Any], *, synthetic: bool = False) -> Source:
    """The citation of a sentence of an event text: the event (in the report's language), its
    date as precisely as known, the speaker, the publisher and the sentence itself."""
    titles = cited.get("event_titles") or {}
    event = titles.get(ctx.lang) or cited["event_title"]
    quote = str(cited["quote"])
    if len(quote) > QUOTE_CHARS:  # the sentence number still points at the whole of it
        quote = quote[:QUOTE_CHARS].rsplit(" ", 1)[0] + " \u2026"
    who = f"; {cited['speaker']}" if cited.get("speaker") else ""
    template = ctx._(
        "{event} ({date}{speaker}); {publisher}, sentence {number}: \u201c{quote}\u201d"
    )
    text = template.format(
        event=event,
        date=cited["event_date"],
        speaker=who,
        publisher=cited["publisher"],
        number=cited["sentence"],
        quote=quote,
    )
    return Source(key=f"event:{cited['text']}:{cited['sentence']}", text=text, synthetic=synthetic)
