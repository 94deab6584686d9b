"""Headline program facts stated at government sessions: real figures, each cited with its event.

Read from the database through `monotown.program.headline_facts` (what `make run` loads, plus any
facts an analyst imported); a database without program facts falls back to the bundled
program_facts.csv, so a report never lacks the official figures. A briefing for period Y uses
the latest statement made up to Y, so a 2013 briefing repeats what the 2013 session heard.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from sqlalchemy.orm import Session

from monotown.program import stated_facts
from monotown.program.bundled import FACTS_SOURCE
from monotown.reports.citations import event_source, plain
from monotown.reports.context import N_, ReportContext, Style
from monotown.reports.model import Cell, Source

FACTS_FILE = "program_facts.csv"
BUNDLED_SOURCE = FACTS_SOURCE
QUALIFIERS = {
    "more than": N_("more than {value}"),
    "over": N_("over {value}"),
    "about": N_("about {value}"),
    "up to": N_("up to {value}"),
}


@dataclass(frozen=True)
class Fact:
    """One stated figure: `as_of` is a year or a span of years ('2019-2023')."""

    as_of: str
    event: str
    topic: str
    metric: str
    value: float
    unit: str
    scope: str
    note: str
    source: str = BUNDLED_SOURCE
    synthetic: bool = False
    # The sentence of an event text the figure was stated in (program.cited.source_dict).
    citation: dict[str, Any] | None = None

    @property
    def end_year(self) -> int:
        return int(self.as_of.split("-")[-1])

    @property
    def qualifier(self) -> str | None:
        return QUALIFIERS.get(self.note)

    @property
    def style(self) -> Style:
        styles: dict[str, Style] = {"KZT": "tenge", "percent": "pct"}
        return styles.get(self.unit, "int")


@lru_cache(maxsize=1)
def load_facts() -> tuple[Fact, ...]:
    """Every bundled fact, in file order (later rows win ties)."""
    text = resources.files("monotown.resources.reference").joinpath(FACTS_FILE).read_text("utf-8")
    return tuple(
        Fact(
            as_of=row["as_of"].strip(),
            event=row["event"].strip(),
            topic=row["topic"].strip(),
            metric=row["metric"].strip(),
            value=float(row["value"]),
            unit=row["unit"].strip(),
            scope=row["scope"].strip(),
            note=row["note"].strip(),
        )
        for row in csv.DictReader(text.splitlines())
    )


def read_facts(session: Session) -> tuple[Fact, ...]:
    """The stored facts (program API), or the bundled ones if none is stored."""
    frame = stated_facts(session)
    if frame.empty:
        return load_facts()
    return tuple(
        Fact(
            as_of=str(row["as_of"]),
            event=str(row["event"]),
            topic=str(row["topic"]),
            metric=str(row["metric"]),
            value=float(row["value"]),
            unit=str(plain(row["unit"]) or ""),
            scope=str(plain(row["scope"]) or ""),
            note=str(plain(row["note"]) or ""),
            source=str(plain(row["source"]) or BUNDLED_SOURCE),
            synthetic=bool(row["synthetic"]),
            citation=(row["sources"] or [None])[0],
        )
        for row in frame.to_dict("records")
        if plain(row["value"]) is not None
    )


def latest_fact(facts: Sequence[Fact], topic: str, metric: str, period: int | None) -> Fact | None:
    """The most recent statement of one metric made up to `period` (any year if None)."""
    found: Fact | None = None
    for fact in facts:
        if fact.topic != topic or fact.metric != metric:
            continue
        if period is not None and fact.end_year > period:
            continue
        if found is None or fact.end_year >= found.end_year:
            found = fact
    return found


def fact_source(ctx: ReportContext, fact: Fact) -> Source:
    """The citation of a fact: the event it was stated at, its date and speaker, and the
    sentence of the published text (or, for a fact no text is stored for, where it is kept)."""
    if fact.citation is not None:
        return event_source(ctx, fact.citation, synthetic=fact.synthetic)
    text = ctx._("{event}, {as_of} (stated figure; {source})").format(
        event=ctx._(fact.event), as_of=fact.as_of, source=fact.source
    )
    key = f"fact:{fact.event}:{fact.as_of}:{fact.source}"
    return Source(key=key, text=text, synthetic=fact.synthetic)


def fact_cell(ctx: ReportContext, fact: Fact) -> Cell:
    """A fact's value formatted for the language, with 'over'/'about' kept, citing its event."""
    digits = 1 if fact.value % 1 else 0
    text = ctx.format(fact.value, fact.style, digits)
    if fact.qualifier:
        text = ctx._(fact.qualifier).format(value=text)
    return ctx.cell(fact.value, fact_source(ctx, fact), fact.style, text=text)


def fact_detail(ctx: ReportContext, fact: Fact) -> str:
    """Scope and note of a fact in the report's language ('20 towns; 15 percent less than 2022')."""
    parts = [ctx._(fact.scope)] if fact.scope else []
    if fact.note and not fact.qualifier:
        parts.append(ctx._(fact.note))
    return "; ".join(parts)
