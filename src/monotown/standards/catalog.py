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
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.data.catalog_files import (
    CatalogReport,
    apply_catalog,
    catalog_file_text,
    read_catalog_rows,
)
from monotown.data.provenance import current_user
from monotown.errors import InputError, NotFoundError
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
    return read_catalog_rows(
        text,
        file=file,
        required=REQUIRED,
        entry=lambda raw, file, row: _entry(raw, file=file, row=row),
    )


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
        file, text = catalog_file_text(path)
    entries = read_catalog(text, file=file)
    stored = {standard.code: standard for standard in session.scalars(select(RegionalStandard))}
    return apply_catalog(
        session,
        entries,
        stored=stored,
        before={code: as_dict(standard) for code, standard in stored.items()},
        model=RegionalStandard,
        snapshot=as_dict,
        entity="regional_standard",
        user=user or current_user(),
        origin=origin,
    )


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
