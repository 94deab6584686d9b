"""From the names a file uses to settlement and indicator ids, a whole column at a time.

A settlement may be written as its code, its DHIS2 org unit code, or its name in English, Russian
or Kazakh (any case, ё = е); an indicator as its catalog code or DHIS2 code. Each distinct text is
looked up once per chunk, so a million rows naming 7,000 towns cost 7,000 dictionary look-ups.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.data.cells import CodedTexts, map_distinct
from monotown.data.models import Indicator, SettlementDhis2
from monotown.registry.names import closest_name, normalise_name
from monotown.registry.store import settlement_names

UNKNOWN = -1
AMBIGUOUS = -2
SUGGESTION_LIMIT = 50


class Resolver:
    """Look-up tables for one import, read once from the database."""

    def __init__(self, session: Session) -> None:
        self.settlement_ids: dict[str, int] = {}
        self.ambiguous: dict[str, list[str]] = {}
        self.settlement_names: list[str] = []
        by_name: dict[str, set[int]] = {}
        described: dict[int, str] = {}
        codes: dict[str, int] = {}
        for row in settlement_names(session):
            described[row.id] = row.described
            codes[normalise_name(row.code)] = row.id
            for name in (row.name_en, row.name_ru, row.name_kk):
                if name:
                    by_name.setdefault(normalise_name(name), set()).add(row.id)
                    self.settlement_names.append(name)
        for key, ids in by_name.items():
            if len(ids) == 1:
                self.settlement_ids[key] = next(iter(ids))
            else:
                self.settlement_ids[key] = AMBIGUOUS
                self.ambiguous[key] = [described[i] for i in sorted(ids)[:5]]
        for settlement_id, org_unit in session.execute(
            select(SettlementDhis2.settlement_id, SettlementDhis2.org_unit)
        ):
            self.settlement_ids[normalise_name(org_unit)] = settlement_id
        # A code always wins over a name that happens to look the same.
        self.settlement_ids.update(codes)
        self.indicator_ids: dict[str, int] = {}
        self.indicator_codes: dict[int, str] = {}
        self.indicator_names: list[str] = []
        for indicator_id, code, dhis2_code in session.execute(
            select(Indicator.id, Indicator.code, Indicator.dhis2_code)
        ):
            self.indicator_codes[indicator_id] = code
            self.indicator_names.extend(name for name in (code, dhis2_code) if name)
            if dhis2_code:
                self.indicator_ids[dhis2_code.casefold()] = indicator_id
        for indicator_id, code in self.indicator_codes.items():
            self.indicator_ids[code.casefold()] = indicator_id
        self._suggested: dict[tuple[str, str], str | None] = {}

    def settlements(self, column: pd.Series | CodedTexts) -> np.ndarray:
        """Settlement id per text; UNKNOWN or AMBIGUOUS where it names none or several."""
        ids = self.settlement_ids
        return map_distinct(column, lambda text: ids.get(normalise_name(text), UNKNOWN), "int64")

    def indicators(self, column: pd.Series | CodedTexts) -> np.ndarray:
        ids = self.indicator_ids
        return map_distinct(column, lambda text: ids.get(text.casefold(), UNKNOWN), "int64")

    def suggest(self, what: str, text: str) -> str | None:
        """The closest known name or code (cached; after many distinct misses, no more guesses)."""
        key = (what, text)
        if key not in self._suggested:
            if len(self._suggested) >= SUGGESTION_LIMIT:
                return None
            candidates = self.settlement_names if what == "settlement" else self.indicator_names
            self._suggested[key] = closest_name(text, candidates)
        return self._suggested[key]

    def ambiguity(self, text: str) -> str:
        return "; ".join(self.ambiguous.get(normalise_name(text), []))
