"""What every code-keyed catalog file shares: reading it, checking its rows, and loading it.

The indicator catalog (`data/catalog.py`) and the catalog of regional standards
(`standards/catalog.py`) are both CSV files an analyst edits and loads again: entries are matched
on `code`, loading twice changes nothing, entries the file leaves out are kept, and every created
or changed entry is audited. Only what an entry holds differs, so each catalog declares one
`Catalog` (its model, bundled file, row reader and snapshot) and loads through it.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.errors import InputError
from monotown.records import imports as records_imports
from monotown.records.encodings import read_text
from monotown.records.kinds import Actor
from monotown.records.provenance import audit, current_user
from monotown.records.tables import table_is_empty

Entry = dict[str, Any]


class Coded(Protocol):
    """A stored catalog entry: matched on its code."""

    @property
    def code(self) -> str: ...


CodedEntry = TypeVar("CodedEntry", bound=Coded)


@dataclass(frozen=True)
class CatalogReport:
    """What loading a catalog file did."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{len(self.created)} new, {len(self.updated)} updated, {self.unchanged} unchanged"
        if self.kept:
            text += f"; {len(self.kept)} stored entries not in the file were kept"
        return text

    def as_records_report(self, kind: str, file: str) -> records_imports.ImportReport:
        """The records layer's one report shape, the codes in `details`."""
        return records_imports.ImportReport(
            kind=kind, file=file, rows=len(self.created) + len(self.updated) + self.unchanged,
            created=len(self.created), updated=len(self.updated), unchanged=self.unchanged,
            warnings=[f"{len(self.kept)} stored entries not in the file were kept"]
            if self.kept else [],
            details={"created": self.created, "updated": self.updated, "kept": self.kept},
        )  # fmt: skip


CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class CatalogRow:
    """The cells of one catalog row, read with the checks both catalogs apply.

    Every failed check raises InputError naming the file, the row, the column and the value.
    """

    def __init__(self, raw: Mapping[str, str | None], *, file: str, row: int) -> None:
        self.raw, self.file, self.row = raw, file, row

    def fail(self, reason: str, column: str, value: str) -> InputError:
        return InputError(reason, file=self.file, row=self.row, field=column, value=value)

    def text(self, column: str) -> str:
        return (self.raw.get(column) or "").strip()

    def optional(self, column: str) -> str | None:
        return self.text(column) or None

    def require(self, *columns: str) -> None:
        for column in columns:
            if not self.text(column):
                raise self.fail("is empty", column, "")

    def code(self) -> str:
        code = self.text("code")
        if not CODE_PATTERN.match(code):
            raise self.fail(
                "must be lower-case letters, digits and '_', starting with a letter", "code", code
            )
        return code

    def choice(self, column: str, allowed: tuple[str, ...], default: str = "") -> str:
        value = self.text(column) or default
        if value not in allowed:
            raise self.fail(f"must be one of {', '.join(allowed)}", column, value)
        return value

    def number(
        self, column: str, *, minimum: float | None = None, whole: bool = False
    ) -> float | None:
        """A finite number (',' as decimal mark too), at least `minimum`; empty: None."""
        text = self.text(column)
        if not text:
            return None
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise self.fail("is not a number", column, text) from None
        if not math.isfinite(number) or (minimum is not None and number < minimum):
            bound = "" if minimum is None else f" >= {minimum:g}"
            raise self.fail(f"must be a finite number{bound}", column, text)
        if whole and not number.is_integer():
            raise self.fail("must be a whole number", column, text)
        return number


def catalog_file_text(path: str | Path) -> tuple[str, str]:
    """The name to report and the text of a catalog file, decoded as every imported file is
    (`records.encodings`: UTF-8 with or without BOM, UTF-16/32, Windows-1251)."""
    file = str(path)
    try:
        return file, read_text(Path(path), file=file)
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror}", file=file) from None


def read_catalog_rows(
    text: str,
    *,
    file: str,
    required: Iterable[str],
    entry: Callable[[CatalogRow], Entry],
    unique: Mapping[str, str] = MappingProxyType({"code": "code"}),
) -> list[Entry]:
    """Every non-blank row, as `entry` reads it from its CatalogRow.

    `unique` names the fields no two entries may share (with the label an error shows); an
    empty value (None) is not compared. The first problem raises InputError naming file, row
    and field.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [column for column in required if column not in header]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", file=file, row=1)
    entries: list[Entry] = []
    seen: dict[str, dict[Any, int]] = {name: {} for name in unique}
    for row, raw in enumerate(reader, start=2):
        if not any((value or "").strip() for value in raw.values() if isinstance(value, str)):
            continue
        checked = entry(CatalogRow(raw, file=file, row=row))
        for name, label in unique.items():
            value = checked[name]
            if value is None:
                continue
            if value in seen[name]:
                raise InputError(
                    f"{label} already used on row {seen[name][value]}",
                    file=file,
                    row=row,
                    field=name,
                    value=value,
                )
            seen[name][value] = row
        entries.append(checked)
    if not entries:
        raise InputError("holds no catalog entry", file=file)
    return entries


class CatalogPrepare(Protocol):
    def __call__(
        self, session: Session, entries: list[Entry], stored: Mapping[str, Any], *, file: str
    ) -> None: ...


@dataclass(frozen=True)
class Catalog(Generic[CodedEntry]):
    """One code-keyed catalog: what it stores and audits, its bundled file, how a file reads.

    `prepare`, if given, runs after the stored entries are snapshot and before any is changed
    (the indicator catalog frees DHIS2 codes that move between entries there).
    """

    model: type[CodedEntry]
    entity: str
    bundled: Traversable
    required: tuple[str, ...]
    entry: Callable[[CatalogRow], Entry]
    snapshot: Callable[[CodedEntry], Entry]
    unique: Mapping[str, str] = field(default_factory=lambda: {"code": "code"})
    prepare: CatalogPrepare | None = None

    def bundled_text(self) -> str:
        return self.bundled.read_text(encoding="utf-8")

    def read(self, text: str, *, file: str) -> list[Entry]:
        """Parse and check a catalog file; the first problem raises InputError (row, field)."""
        return read_catalog_rows(
            text, file=file, required=self.required, entry=self.entry, unique=self.unique
        )

    def is_empty(self, session: Session) -> bool:
        return table_is_empty(session, self.model)

    def load(
        self,
        session: Session,
        path: str | Path | None = None,
        *,
        user: str | None = None,
        origin: str = "system",
    ) -> CatalogReport:
        """Insert or update every entry of a catalog file (the bundled one by default).

        Each created or changed entry is recorded in the audit log with its old and new fields.
        """
        if path is None:
            file, text = self.bundled.name, self.bundled_text()
        else:
            file, text = catalog_file_text(path)
        entries = self.read(text, file=file)
        stored = {item.code: item for item in session.scalars(select(self.model))}
        before = {code: self.snapshot(item) for code, item in stored.items()}
        if self.prepare is not None:
            self.prepare(session, entries, stored, file=file)
        actor = Actor(user or current_user(), origin)
        created: list[str] = []
        updated: list[str] = []
        unchanged = 0
        for entry in entries:
            code = entry["code"]
            existing = stored.get(code)
            if existing is None:
                new_entry = self.model(**entry)
                session.add(new_entry)
                created.append(code)
                audit(session, actor, "create", self.entity, code, new=self.snapshot(new_entry))
                continue
            old = before[code]
            for attribute, value in entry.items():
                setattr(existing, attribute, value)
            new = self.snapshot(existing)
            if new == old:
                unchanged += 1
                continue
            updated.append(code)
            audit(
                session,
                actor,
                "update",
                self.entity,
                code,
                old={key: value for key, value in old.items() if new[key] != value},
                new={key: value for key, value in new.items() if old[key] != value},
            )
        session.flush()
        kept = sorted(set(stored) - {entry["code"] for entry in entries})
        return CatalogReport(created=created, updated=updated, unchanged=unchanged, kept=kept)
