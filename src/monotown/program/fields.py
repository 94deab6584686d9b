"""Reading one cell of an import file into a typed value, and writing it back as text.

Every parser takes the cell text (already stripped; '' means empty) and the `Lookups` of the running
import, returns the value to store, and raises `ValueError(reason)` with a reason a user can act on.
The importer adds the file, row, field and value to the reason. `to_text` is the inverse used by the
exports, so that export -> import changes nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.errors import MonotownError
from monotown.program.shared_reads import shared_read
from monotown.registry import find_settlement
from monotown.registry.models import Settlement

LIST_SEPARATOR = ";"
TRUE_WORDS = frozenset({"yes", "y", "true", "1", "да"})
FALSE_WORDS = frozenset({"no", "n", "false", "0", "нет"})
_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")

Parser = Callable[[str, "Lookups"], Any]


class Lookups:
    """Resolves names and codes met in a file to database ids, caching what it found."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._towns: dict[str, int] = {}
        self._town_labels: dict[int, str] | None = None
        self._codes: dict[tuple[type[Any], str], int] = {}
        self._labels: dict[tuple[type[Any], int], str] = {}
        self._pending: dict[tuple[type[Any], str], Any] = {}

    def town(self, name: str) -> int:
        """A settlement id from a name in any language or a code; the error suggests a name."""
        if name not in self._towns:
            try:
                self._towns[name] = find_settlement(self.session, name).id
            except MonotownError as error:
                raise ValueError(error.message) from None
        return self._towns[name]

    def town_by_code(self, code: str) -> int:
        """A settlement id from its exact code (what audit snapshots keep)."""
        found = self.session.scalar(select(Settlement.id).where(Settlement.code == code))
        if found is None:
            raise MonotownError(f"the town with code '{code}' no longer exists")
        return int(found)

    def town_code(self, settlement_id: int) -> str:
        code = self.session.scalar(select(Settlement.code).where(Settlement.id == settlement_id))
        return str(code)

    def town_label(self, settlement_id: int) -> str:
        """How a town is written in exports: its English name, or its code if that is ambiguous."""
        if self._town_labels is None:
            self._town_labels = shared_read(self.session, "town_labels", self._read_town_labels)
        return self._town_labels[settlement_id]

    def _read_town_labels(self) -> dict[int, str]:
        query = select(Settlement.id, Settlement.name_en, Settlement.code)
        rows = list(self.session.execute(query))
        seen: dict[str, int] = {}
        for _id, name, _code in rows:
            seen[name.casefold()] = seen.get(name.casefold(), 0) + 1
        return {row_id: name if seen[name.casefold()] == 1 else code for row_id, name, code in rows}

    def code(self, model: type[Any], code: str, what: str) -> int:
        """The id of a record of `model` with this `code`; ValueError naming `what` if none."""
        key = (model, code)
        if key in self._pending:
            record = self._pending.pop(key)
            if record.id is None:
                self.session.flush()
            self._codes[key] = record.id
            self._labels[(model, record.id)] = code
        if key not in self._codes:
            found = self.session.scalar(select(model.id).where(model.code == code))
            if found is None:
                raise ValueError(f"no {what} with code '{code}' is stored; import it first")
            self._codes[key] = found
        return self._codes[key]

    def label(self, model: type[Any], record_id: int) -> str:
        key = (model, record_id)
        if key not in self._labels:
            code = self.session.scalar(select(model.code).where(model.id == record_id))
            self._labels[key] = str(code)
        return self._labels[key]

    def remember(self, model: type[Any], code: str, record: Any) -> None:
        """Make a record written during this import findable by later rows (its id may not be
        assigned yet: it is read, flushing if need be, when a row refers to it)."""
        self._pending[(model, code)] = record


def text(max_length: int = 300) -> Parser:
    def parse(value: str, _lookups: Lookups) -> str | None:
        if not value:
            return None
        if len(value) > max_length:
            raise ValueError(f"is {len(value)} characters long; at most {max_length} are allowed")
        return value

    return parse


def number(*, minimum: float | None = 0.0, maximum: float | None = None) -> Parser:
    def parse(value: str, _lookups: Lookups) -> float | None:
        if not value:
            return None
        cleaned = value.replace("\u00a0", "").replace(" ", "").replace("_", "")
        if "," in cleaned:
            raise ValueError("is not a number: use a dot for decimals and no thousands commas")
        try:
            result = float(cleaned)
        except ValueError:
            raise ValueError("is not a number") from None
        if not math.isfinite(result):
            raise ValueError("is not a finite number")
        if minimum is not None and result < minimum:
            raise ValueError(f"must be at least {minimum:g}")
        if maximum is not None and result > maximum:
            raise ValueError(f"must be at most {maximum:g}")
        return result

    return parse


def integer(*, minimum: int | None = 0, maximum: int | None = None) -> Parser:
    as_number = number(minimum=minimum, maximum=maximum)

    def parse(value: str, lookups: Lookups) -> int | None:
        result = as_number(value, lookups)
        if result is None:
            return None
        if not float(result).is_integer():
            raise ValueError("must be a whole number")
        return int(result)

    return parse


def year() -> Parser:
    return integer(minimum=1990, maximum=2100)


def date() -> Parser:
    def parse(value: str, _lookups: Lookups) -> dt.date | None:
        if not value:
            return None
        dotted = _DOTTED_DATE.match(value)
        try:
            if dotted:
                day, month, year_ = (int(part) for part in dotted.groups())
                return dt.date(year_, month, day)
            return dt.date.fromisoformat(value[:10] if "T" in value else value)
        except ValueError:
            raise ValueError("is not a date: write YYYY-MM-DD (or DD.MM.YYYY)") from None

    return parse


def overdue_is_derived(alternatives: str) -> dict[str, str]:
    """The refusal for a typed-in 'overdue', naming the statuses to record instead."""
    return {
        "overdue": "'overdue' is derived from the deadline and today's date, never typed in; "
        f"record {alternatives}"
    }


def choice(options: tuple[str, ...], *, refused: dict[str, str] | None = None) -> Parser:
    """One of `options` (case, spaces and hyphens ignored); `refused` explains known bad words."""

    def parse(value: str, _lookups: Lookups) -> str | None:
        if not value:
            return None
        normalised = value.strip().lower().replace(" ", "_").replace("-", "_")
        if refused and normalised in refused:
            raise ValueError(refused[normalised])
        if normalised not in options:
            raise ValueError(f"must be one of {', '.join(options)}")
        return normalised

    return parse


def boolean() -> Parser:
    def parse(value: str, _lookups: Lookups) -> bool | None:
        if not value:
            return None
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError("must be yes or no")

    return parse


def town() -> Parser:
    def parse(value: str, lookups: Lookups) -> int | None:
        return lookups.town(value) if value else None

    return parse


def towns() -> Parser:
    """A ';'-separated list of towns, in the order given, without repeats."""

    def parse(value: str, lookups: Lookups) -> list[int]:
        ids: list[int] = []
        for name in split_list(value):
            town_id = lookups.town(name)
            if town_id in ids:
                raise ValueError(f"names town '{name}' twice")
            ids.append(town_id)
        return ids

    return parse


def names(max_length: int = 300) -> Parser:
    """A ';'-separated list of names (responsible bodies), in the order given, without repeats."""

    def parse(value: str, _lookups: Lookups) -> list[str]:
        items = split_list(value)
        for item in items:
            if len(item) > max_length:
                raise ValueError(f"'{item[:40]}...' is longer than {max_length} characters")
        if len({item.casefold() for item in items}) != len(items):
            raise ValueError("names the same body twice")
        return items

    return parse


def reference(model: type[Any], what: str) -> Parser:
    """The id of a stored record of `model` named by its code (plan, project, target)."""

    def parse(value: str, lookups: Lookups) -> int | None:
        return lookups.code(model, value, what) if value else None

    return parse


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]


def to_text(value: Any) -> str:
    """The cell text for a stored value, such that parsing it gives the value back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e17 else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return f"{LIST_SEPARATOR} ".join(to_text(item) for item in value)
    return str(value)
