"""What every code-keyed catalog file shares: reading it, checking its rows, and loading it.

The indicator catalog (`data/catalog.py`) and the catalog of regional standards
(`standards/catalog.py`) are both CSV files an analyst edits and loads again: entries are matched
on `code`, loading twice changes nothing, entries the file leaves out are kept, and every created
or changed entry is audited. Only what an entry holds differs, so each catalog passes its own row
check and snapshot to the functions here.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from monotown.errors import InputError
from monotown.records import imports as records_imports
from monotown.records.encodings import read_text
from monotown.records.kinds import Actor
from monotown.records.provenance import audit

Entry = dict[str, Any]
Stored = TypeVar("Stored")


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


def apply_catalog(
    session: Session,
    entries: list[Entry],
    *,
    stored: Mapping[str, Stored],
    before: Mapping[str, Entry],
    model: Callable[..., Stored],
    snapshot: Callable[[Stored], Entry],
    entity: str,
    user: str,
    origin: str,
) -> CatalogReport:
    """Create the entries not stored yet and update the others, auditing what changed.

    `before` holds each stored entry's snapshot taken before any change (a catalog may have to
    touch stored entries before this runs); a new entry is `model(**entry)`.
    """
    created: list[str] = []
    updated: list[str] = []
    unchanged = 0
    for entry in entries:
        code = entry["code"]
        existing = stored.get(code)
        if existing is None:
            new_entry = model(**entry)
            session.add(new_entry)
            created.append(code)
            audit(session, Actor(user, origin), "create", entity, code, new=snapshot(new_entry))
            continue
        old = before[code]
        for attribute, value in entry.items():
            setattr(existing, attribute, value)
        new = snapshot(existing)
        if new == old:
            unchanged += 1
            continue
        updated.append(code)
        audit(
            session,
            Actor(user, origin),
            "update",
            entity,
            code,
            old={key: value for key, value in old.items() if new[key] != value},
            new={key: value for key, value in new.items() if old[key] != value},
        )
    session.flush()
    kept = sorted(set(stored) - {entry["code"] for entry in entries})
    return CatalogReport(created=created, updated=updated, unchanged=unchanged, kept=kept)
