"""The catalog of regional standards: a CSV file the analyst can read, edit, load and export.

The bundled file is `resources/standards/catalog.csv`; every entry names its source (a key of
`resources/standards/sources.csv`) and says whether it is an editable default (`is_default=yes`:
the public sources name the area but not the entry or its norm). Loading matches entries on
`code`, so loading twice changes nothing; entries missing from a loaded file are kept, since
provision records may refer to them. Every created or changed entry is audited.
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

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.data.provenance import current_user, record_audit
from monotown.errors import InputError, NotFoundError
from monotown.records.encodings import read_text
from monotown.standards.categories import expand_categories
from monotown.standards.models import COMPARISONS, MEASURES, RegionalStandard

RESOURCES = "monotown.resources.standards"
CATALOG_FILE = "catalog.csv"
COLUMNS = (
    "code",
    "area",
    "name_en",
    "name_ru",
    "name_kk",
    "categories",
    "min_population",
    "max_population",
    "measure",
    "norm",
    "unit",
    "comparison",
    "weight",
    "indicator_code",
    "source",
    "is_default",
    "note",
)
REQUIRED = ("code", "area", "name_en", "categories", "measure", "source")
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
YES, NO = ("yes", "true", "1", "y"), ("no", "false", "0", "n", "")


@dataclass(frozen=True)
class CatalogReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{len(self.created)} new, {len(self.updated)} updated, {self.unchanged} unchanged"
        if self.kept:
            text += f"; {len(self.kept)} stored entries not in the file were kept"
        return text


def bundled_text(name: str = CATALOG_FILE) -> str:
    return resources.files(RESOURCES).joinpath(name).read_text(encoding="utf-8")


def _number(raw: str, *, file: str, row: int, column: str, whole: bool = False) -> float | None:
    text = raw.strip()
    if not text:
        return None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise InputError("is not a number", file=file, row=row, field=column, value=text) from None
    if not math.isfinite(number) or number < 0:
        raise InputError(
            "must be a finite number >= 0", file=file, row=row, field=column, value=text
        )
    if whole and not number.is_integer():
        raise InputError("must be a whole number", file=file, row=row, field=column, value=text)
    return number


def _choice(raw: str, allowed: tuple[str, ...], *, file: str, row: int, column: str) -> str:
    if raw not in allowed:
        raise InputError(
            f"must be one of {', '.join(allowed)}", file=file, row=row, field=column, value=raw
        )
    return raw


def _entry(raw: dict[str, str], *, file: str, row: int) -> dict[str, Any]:
    def text(column: str) -> str:
        return (raw.get(column) or "").strip()

    for column in REQUIRED:
        if not text(column):
            raise InputError("is empty", file=file, row=row, field=column, value="")
    code = text("code")
    if not CODE_PATTERN.match(code):
        raise InputError(
            "must be lower-case letters, digits and '_', starting with a letter",
            file=file,
            row=row,
            field="code",
            value=code,
        )
    try:
        expand_categories(text("categories"))
    except ValueError as error:
        raise InputError(
            str(error), file=file, row=row, field="categories", value=text("categories")
        ) from None
    measure = _choice(text("measure"), MEASURES, file=file, row=row, column="measure")
    comparison = _choice(
        text("comparison") or "at_least", COMPARISONS, file=file, row=row, column="comparison"
    )
    norm = _number(text("norm"), file=file, row=row, column="norm")
    if measure != "presence" and norm is None:
        raise InputError(
            f"is required when measure is '{measure}'", file=file, row=row, field="norm", value=""
        )
    low = _number(text("min_population"), file=file, row=row, column="min_population", whole=True)
    high = _number(text("max_population"), file=file, row=row, column="max_population", whole=True)
    if low is not None and high is not None and low > high:
        raise InputError(
            f"is above max_population {high:g}",
            file=file,
            row=row,
            field="min_population",
            value=text("min_population"),
        )
    weight = _number(text("weight"), file=file, row=row, column="weight")
    if weight == 0:
        raise InputError("must be above 0", file=file, row=row, field="weight", value="0")
    flag = text("is_default").lower()
    if flag not in YES + NO:
        raise InputError(
            "must be yes or no", file=file, row=row, field="is_default", value=text("is_default")
        )
    return {
        "code": code,
        "area": text("area"),
        "name_en": text("name_en"),
        "name_ru": text("name_ru") or None,
        "name_kk": text("name_kk") or None,
        "categories": text("categories"),
        "min_population": None if low is None else int(low),
        "max_population": None if high is None else int(high),
        "measure": measure,
        "norm": norm,
        "unit": text("unit") or None,
        "comparison": comparison,
        "weight": 1.0 if weight is None else weight,
        "indicator_code": text("indicator_code") or None,
        "source": text("source"),
        "is_default": flag in YES,
        "note": text("note") or None,
    }


def read_catalog(text: str, *, file: str) -> list[dict[str, Any]]:
    """Parse and check a catalog file; the first problem raises InputError (file, row, field)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", file=file, row=1)
    entries: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
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
        entries.append(entry)
    if not entries:
        raise InputError("holds no catalog entry", file=file)
    return entries


def as_dict(standard: RegionalStandard) -> dict[str, Any]:
    return {column: getattr(standard, column) for column in COLUMNS}


def load_catalog(
    session: Session,
    path: str | Path | None = None,
    *,
    user: str | None = None,
    origin: str = "system",
) -> CatalogReport:
    """Insert or update every entry of a catalog file (the bundled one by default)."""
    if path is None:
        file, text = CATALOG_FILE, bundled_text()
    else:
        file = str(path)
        try:
            text = read_text(Path(path), file=file)
        except OSError as error:
            raise InputError(f"cannot be read: {error.strerror}", file=file) from None
    entries = read_catalog(text, file=file)
    user = user or current_user()
    stored = {standard.code: standard for standard in session.scalars(select(RegionalStandard))}
    created: list[str] = []
    updated: list[str] = []
    unchanged = 0
    for entry in entries:
        existing = stored.get(entry["code"])
        if existing is None:
            session.add(RegionalStandard(**entry))
            created.append(entry["code"])
            record_audit(
                session,
                user=user,
                origin=origin,
                action="create",
                entity="regional_standard",
                entity_key=entry["code"],
                new=entry,
            )
            continue
        before = as_dict(existing)
        for attribute, value in entry.items():
            setattr(existing, attribute, value)
        after = as_dict(existing)
        if after == before:
            unchanged += 1
            continue
        updated.append(entry["code"])
        record_audit(
            session,
            user=user,
            origin=origin,
            action="update",
            entity="regional_standard",
            entity_key=entry["code"],
            old={key: value for key, value in before.items() if after[key] != value},
            new={key: value for key, value in after.items() if before[key] != value},
        )
    session.flush()
    kept = sorted(set(stored) - {entry["code"] for entry in entries})
    return CatalogReport(created=created, updated=updated, unchanged=unchanged, kept=kept)


def catalog_is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(RegionalStandard))


def list_standards(session: Session, *, area: str | None = None) -> list[RegionalStandard]:
    """Catalog entries in file order, optionally of one area (unknown area: NotFoundError)."""
    query = select(RegionalStandard).order_by(RegionalStandard.id)
    if area:
        areas = set(session.scalars(select(RegionalStandard.area).distinct()))
        if area not in areas:
            raise NotFoundError(f"no area named '{area}'; areas: {', '.join(sorted(areas))}")
        query = query.where(RegionalStandard.area == area)
    return list(session.scalars(query))


def export_catalog(session: Session) -> str:
    """The stored catalog as CSV text in the bundled file's columns (loadable as is)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for standard in list_standards(session):
        row = as_dict(standard)
        row["is_default"] = "yes" if standard.is_default else "no"
        row["weight"] = f"{standard.weight:g}"
        row["norm"] = "" if standard.norm is None else f"{standard.norm:g}"
        writer.writerow(["" if row[column] is None else row[column] for column in COLUMNS])
    return buffer.getvalue()


def read_sources() -> dict[str, dict[str, str]]:
    """The bundled sources the catalog and the stated figures cite, by key."""
    rows = csv.DictReader(io.StringIO(bundled_text("sources.csv")))
    return {row["key"]: row for row in rows}
