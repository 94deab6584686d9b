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
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.data.catalog_files import (
    Catalog,
    CatalogRow,
)
from monotown.errors import NotFoundError
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
YES, NO = ("yes", "true", "1", "y"), ("no", "false", "0", "n", "")


def bundled_text(name: str = CATALOG_FILE) -> str:
    return resources.files(RESOURCES).joinpath(name).read_text(encoding="utf-8")


def _entry(cells: CatalogRow) -> dict[str, Any]:
    cells.require(*REQUIRED)
    code = cells.code()
    categories = cells.text("categories")
    try:
        expand_categories(categories)
    except ValueError as error:
        raise cells.fail(str(error), "categories", categories) from None
    measure = cells.choice("measure", MEASURES)
    comparison = cells.choice("comparison", COMPARISONS, default="at_least")
    norm = cells.number("norm", minimum=0)
    if measure != "presence" and norm is None:
        raise cells.fail(f"is required when measure is '{measure}'", "norm", "")
    low = cells.number("min_population", minimum=0, whole=True)
    high = cells.number("max_population", minimum=0, whole=True)
    if low is not None and high is not None and low > high:
        raise cells.fail(
            f"is above max_population {high:g}", "min_population", cells.text("min_population")
        )
    weight = cells.number("weight", minimum=0)
    if weight == 0:
        raise cells.fail("must be above 0", "weight", "0")
    flag = cells.text("is_default").lower()
    if flag not in YES + NO:
        raise cells.fail("must be yes or no", "is_default", cells.text("is_default"))
    return {
        "code": code,
        "area": cells.text("area"),
        "name_en": cells.text("name_en"),
        "name_ru": cells.optional("name_ru"),
        "name_kk": cells.optional("name_kk"),
        "categories": categories,
        "min_population": None if low is None else int(low),
        "max_population": None if high is None else int(high),
        "measure": measure,
        "norm": norm,
        "unit": cells.optional("unit"),
        "comparison": comparison,
        "weight": 1.0 if weight is None else weight,
        "indicator_code": cells.optional("indicator_code"),
        "source": cells.text("source"),
        "is_default": flag in YES,
        "note": cells.optional("note"),
    }


def as_dict(standard: RegionalStandard) -> dict[str, Any]:
    return {column: getattr(standard, column) for column in COLUMNS}


STANDARDS_CATALOG = Catalog(
    model=RegionalStandard,
    entity="regional_standard",
    bundled=resources.files(RESOURCES) / CATALOG_FILE,
    required=REQUIRED,
    entry=_entry,
    snapshot=as_dict,
)


load_catalog = STANDARDS_CATALOG.load


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
