"""The indicator catalog: a CSV file the analyst can read, edit and load, and its table.

The bundled file is `resources/catalog/indicators.csv`. Loading matches entries on `code`, so
loading twice changes nothing, and an edited copy updates names, ranges or DHIS2 codes without
touching stored values. Entries missing from a loaded file are kept (values may refer to them).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.data.models import DIRECTIONS, ROLES, Indicator
from monotown.data.provenance import current_user, record_audit
from monotown.errors import InputError, NotFoundError
from monotown.records.encodings import read_text
from monotown.registry.names import closest_name, normalise_name

CATALOG_PACKAGE = "monotown.resources.catalog"
CATALOG_FILE = "indicators.csv"
REQUIRED_COLUMNS = ("code", "pillar", "role", "name_en", "unit", "direction", "min", "max")
OPTIONAL_COLUMNS = ("target", "name_ru", "name_kk", "description", "source", "dhis2_code")
FRAME_COLUMNS = (
    "code",
    "pillar",
    "role",
    "name_en",
    "name_ru",
    "name_kk",
    "unit",
    "direction",
    "target",
    "min",
    "max",
    "description",
    "source",
    "dhis2_code",
)
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
# Model attribute for each file column whose name differs.
_ATTRIBUTE = {"min": "min_value", "max": "max_value"}


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


def bundled_catalog_text() -> str:
    return resources.files(CATALOG_PACKAGE).joinpath(CATALOG_FILE).read_text(encoding="utf-8")


def _number(text: str, *, file: str, row: int, column: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise InputError("is not a number", file=file, row=row, field=column, value=text) from None
    if not math.isfinite(number):
        raise InputError("must be a finite number", file=file, row=row, field=column, value=text)
    return number


def _entry(raw: dict[str, str], *, file: str, row: int) -> dict[str, Any]:
    def text(column: str) -> str:
        return (raw.get(column) or "").strip()

    code = text("code")
    if not CODE_PATTERN.match(code):
        raise InputError(
            "must be lower-case letters, digits and '_', starting with a letter",
            file=file,
            row=row,
            field="code",
            value=code,
        )
    for column in ("pillar", "name_en", "unit"):
        if not text(column):
            raise InputError("is empty", file=file, row=row, field=column, value="")
    if text("role") not in ROLES:
        raise InputError(
            f"must be one of {', '.join(ROLES)}",
            file=file,
            row=row,
            field="role",
            value=text("role"),
        )
    if text("direction") not in DIRECTIONS:
        raise InputError(
            f"must be one of {', '.join(DIRECTIONS)}",
            file=file,
            row=row,
            field="direction",
            value=text("direction"),
        )
    entry: dict[str, Any] = {
        "code": code,
        "pillar": text("pillar"),
        "role": text("role"),
        "name_en": text("name_en"),
        "unit": text("unit"),
        "direction": text("direction"),
    }
    for column in ("target", "min", "max"):
        entry[_ATTRIBUTE.get(column, column)] = _number(
            text(column), file=file, row=row, column=column
        )
    if entry["direction"] == "target" and entry["target"] is None:
        raise InputError(
            "is required when direction is 'target'", file=file, row=row, field="target", value=""
        )
    low, high = entry["min_value"], entry["max_value"]
    if low is not None and high is not None and low > high:
        raise InputError(
            f"min {low:g} is above max {high:g}", file=file, row=row, field="min", value=text("min")
        )
    for column in ("name_ru", "name_kk", "description", "source", "dhis2_code"):
        entry[column] = text(column) or None
    return entry


def read_catalog(text: str, *, file: str) -> list[dict[str, Any]]:
    """Parse and check a catalog file; the first problem raises InputError naming row and field."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", file=file, row=1)
    entries: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    seen_dhis2: dict[str, int] = {}
    for row, raw in enumerate(reader, start=2):
        if not any((value or "").strip() for value in raw.values() if isinstance(value, str)):
            continue
        entry = _entry(raw, file=file, row=row)
        if entry["code"] in seen:
            raise InputError(
                f"code already used on row {seen[entry['code']]}",
                file=file,
                row=row,
                field="code",
                value=entry["code"],
            )
        seen[entry["code"]] = row
        dhis2 = entry["dhis2_code"]
        if dhis2 is not None:
            if dhis2 in seen_dhis2:
                raise InputError(
                    f"DHIS2 code already used on row {seen_dhis2[dhis2]}",
                    file=file,
                    row=row,
                    field="dhis2_code",
                    value=dhis2,
                )
            seen_dhis2[dhis2] = row
        entries.append(entry)
    if not entries:
        raise InputError("holds no catalog entry", file=file)
    return entries


def _as_dict(indicator: Indicator) -> dict[str, Any]:
    return {column: getattr(indicator, _ATTRIBUTE.get(column, column)) for column in FRAME_COLUMNS}


def load_catalog(
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
        file, text = CATALOG_FILE, bundled_catalog_text()
    else:
        file = str(path)
        try:
            text = read_text(Path(path), file=file)
        except OSError as error:
            raise InputError(f"cannot be read: {error.strerror}", file=file) from None
    entries = read_catalog(text, file=file)
    user = user or current_user()
    stored = {indicator.code: indicator for indicator in session.scalars(select(Indicator))}
    created: list[str] = []
    updated: list[str] = []
    unchanged = 0
    before_all = {code: _as_dict(indicator) for code, indicator in stored.items()}
    incoming = {entry["code"]: entry["dhis2_code"] for entry in entries}
    for code, indicator in stored.items():
        taken = indicator.dhis2_code
        if code not in incoming and taken is not None and taken in incoming.values():
            raise InputError(
                f"DHIS2 code '{taken}' belongs to stored entry '{code}', which the file leaves out",
                file=file,
            )
    # Free DHIS2 codes that move between entries before assigning them (the column is unique).
    for code, indicator in stored.items():
        if code in incoming and indicator.dhis2_code != incoming[code]:
            indicator.dhis2_code = None
    session.flush()
    for entry in entries:
        existing = stored.get(entry["code"])
        if existing is None:
            created_entry = Indicator(**entry)
            session.add(created_entry)
            created.append(entry["code"])
            record_audit(
                session,
                user=user,
                origin=origin,
                action="create",
                entity="indicator",
                entity_key=entry["code"],
                new=_as_dict(created_entry),
            )
            continue
        indicator = existing
        before = before_all[entry["code"]]
        for attribute, value in entry.items():
            setattr(indicator, attribute, value)
        after = _as_dict(indicator)
        if after == before:
            unchanged += 1
            continue
        updated.append(entry["code"])
        record_audit(
            session,
            user=user,
            origin=origin,
            action="update",
            entity="indicator",
            entity_key=entry["code"],
            old={key: value for key, value in before.items() if after[key] != value},
            new={key: value for key, value in after.items() if before[key] != value},
        )
    session.flush()
    kept = sorted(set(stored) - set(incoming))
    return CatalogReport(created=created, updated=updated, unchanged=unchanged, kept=kept)


def catalog_is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(Indicator))


def list_indicators(session: Session, *, pillar: str | None = None) -> list[Indicator]:
    """Catalog entries in file order (by id), optionally of one pillar (unknown pillar: error)."""
    query = select(Indicator).order_by(Indicator.id)
    if pillar:
        pillars = list(session.scalars(select(Indicator.pillar).distinct()))
        matches = [name for name in pillars if normalise_name(name) == normalise_name(pillar)]
        if not matches:
            suggestion = closest_name(pillar, pillars)
            hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
            known = ", ".join(sorted(pillars))
            raise NotFoundError(f"no pillar named '{pillar}'{hint}; pillars: {known}")
        query = query.where(Indicator.pillar == matches[0])
    return list(session.scalars(query))


def get_indicator(session: Session, code: str) -> Indicator:
    """A catalog entry by code or DHIS2 code (case-insensitive); errors suggest the closest code."""
    key = code.strip().lower()
    indicator = session.scalars(
        select(Indicator).where(
            (func.lower(Indicator.code) == key) | (func.lower(Indicator.dhis2_code) == key)
        )
    ).first()
    if indicator is not None:
        return indicator
    codes = list(session.scalars(select(Indicator.code)))
    suggestion = closest_name(code, codes)
    hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
    raise NotFoundError(f"no indicator with code '{code}'{hint}")


def catalog_frame(session: Session) -> pd.DataFrame:
    """One row per catalog entry: code, pillar, role, names en/ru/kk, unit, direction, target,
    min, max, description, source, dhis2_code (in catalog order)."""
    rows = [_as_dict(indicator) for indicator in list_indicators(session)]
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    for column in ("target", "min", "max"):
        frame[column] = frame[column].astype("float64")
    return frame
