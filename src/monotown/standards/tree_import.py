"""Loading a real settlement list in the layout of the official classifier (KATO).

Reads a CSV or XLSX export of the statistics bureau's classifier of administrative-territorial
objects: a 9-digit code column (`te`, `code` or `kato`), Russian and Kazakh names (`name_rus`,
`name_kaz`, or `name_ru`, `name_kk`), optionally `name_en`, `population`, `latitude`,
`longitude`. The code is read as region AB, district CD, rural district EF, settlement HIJ; the
region must exist in the registry as KZ-AB (ISO 3166-2:KZ uses the same numbers). Each row's
kind comes from its name, as in the classifier: '... район' / '... ауданы' a district, names
ending in an administration suffix (Г.А., П.А., С.О., А.О., С.А.) an administration (a city
administration when directly under the region, else a rural district), anything else a
settlement ('г.' a city, 'п.' a town, otherwise a village; code HIJ = 100 marks the centre of its
rural district). Every problem of every row is reported; with any, nothing is written.
Registry towns are linked by their Russian name within their region.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.data.readers import open_table
from monotown.errors import ConflictError, InputError, format_location
from monotown.records import imports as records_imports
from monotown.records.kinds import Actor
from monotown.records.provenance import audit, current_user
from monotown.registry.models import Region, Settlement
from monotown.registry.territory import TerritorialUnit
from monotown.standards.bulk import advance_sequence, insert_rows

CODE_COLUMNS = ("te", "code", "kato")
RU_COLUMNS = ("name_rus", "name_ru", "nameru")
KK_COLUMNS = ("name_kaz", "name_kk", "namekaz")
ADMIN_SUFFIX = re.compile(r"\s*\b[А-ЯЁA-Z]\.\s?[А-ЯЁA-Z]\.?$", re.IGNORECASE)
DISTRICT_WORDS = re.compile(r"(\bрайон\b|\bауданы\b)", re.IGNORECASE)
PREFIX = re.compile(r"^(г|п|пгт|с|а|ст|рзд)\.\s*", re.IGNORECASE)
REPUBLICAN = ("71", "75", "79")


@dataclass(frozen=True)
class TreeReport:
    units: int
    settlements: int
    linked_towns: int
    issues: list[str]

    @property
    def ok(self) -> bool:
        return not self.issues

    def summary(self) -> str:
        return (
            f"{self.settlements:,} settlements in {self.units:,} units loaded, "
            f"{self.linked_towns} registry towns linked"
        )

    def as_records_report(self, file: str) -> records_imports.ImportReport:
        """The records layer's one report shape: the units loaded as its rows, what they hold in
        `details` (a tree load replaces the tree, so it has no created/updated split)."""
        return records_imports.ImportReport(
            kind="territorial_units", file=file, rows=self.units,
            problems=[records_imports.Problem(file, None, None, issue) for issue in self.issues],
            details={"units": self.units, "settlements": self.settlements,
                     "linked_towns": self.linked_towns},
        )  # fmt: skip


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def _clean(name: str) -> str:
    name = PREFIX.sub("", name.strip())
    return ADMIN_SUFFIX.sub("", name).strip() or name.strip()


def _number(text: str, row: int, column: str, file: str, issues: list[str]) -> float | None:
    if not text:
        return None
    try:
        value = float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < (-180 if column != "population" else 0):
        issues.append(format_location("is not a valid number", file=file, row=row, field=column,
                                      value=text))  # fmt: skip
        return None
    return value


def _rows(path: Path, file: str, sheet: str | None, issues: list[str]) -> list[dict[str, Any]]:
    table = open_table(path, file=file, sheet=sheet)
    header = [name.strip().lower() for name in table.header]
    code_at, ru_at = _column(header, CODE_COLUMNS), _column(header, RU_COLUMNS)
    if code_at is None or ru_at is None:
        raise InputError("needs a code column (te, code or kato) and name_rus", file=file, row=1)
    kk_at = _column(header, KK_COLUMNS)
    extra = {name: header.index(name) for name in ("name_en", "population", "latitude",
                                                  "longitude") if name in header}  # fmt: skip
    rows = []
    for chunk in table.chunks:
        for record in chunk.itertuples(index=False):
            cells = list(record)
            row = int(cells[-1])
            code = str(cells[code_at]).strip()
            name_ru = str(cells[ru_at]).strip()
            if not code and not name_ru:
                continue
            if not re.fullmatch(r"\d{8,9}", code):
                issues.append(format_location("must be a 9-digit KATO code", file=file, row=row,
                                              field="code", value=code))  # fmt: skip
                continue
            if not name_ru:
                issues.append(format_location("is empty", file=file, row=row, field="name_rus",
                                              value=""))  # fmt: skip
                continue
            values = {name: str(cells[index]).strip() for name, index in extra.items()}
            rows.append({
                "row": row, "code": code.zfill(9), "name_ru": name_ru,
                "name_kk": str(cells[kk_at]).strip() if kk_at is not None else "",
                "name_en": values.get("name_en", ""),
                "population": _number(values.get("population", ""), row, "population", file,
                                      issues),
                "latitude": _number(values.get("latitude", ""), row, "latitude", file, issues),
                "longitude": _number(values.get("longitude", ""), row, "longitude", file, issues),
            })  # fmt: skip
    return rows


def _kind(code: str, name: str) -> str:
    if code[2:] == "0000000":
        return "region"
    if DISTRICT_WORDS.search(name):
        return "district"
    if ADMIN_SUFFIX.search(name) and not PREFIX.match(name):
        return "city" if code[4:] == "00000" else "rural_district"
    return "settlement"


def _parent_codes(code: str) -> list[str]:
    """Candidate parents, nearest first (by the code's structure)."""
    candidates = []
    if code[6:] != "000":
        candidates.append(code[:6] + "000")
    if code[4:6] != "00":
        candidates.append(code[:4] + "00000")
    candidates.append(code[:2] + "0000000")  # a city of republican significance
    return candidates


def load_kato_tree(
    session: Session, path: str | Path, *, sheet: str | None = None, user: str | None = None,
    origin: str = "cli", file_name: str | None = None,
) -> TreeReport:  # fmt: skip
    """Load the file as the national tree (the tree must be empty); nothing written on problems."""
    path = Path(path)
    file = file_name or path.name
    if not path.is_file():
        raise InputError("no such file", file=str(path))
    if session.scalar(select(func.count()).select_from(TerritorialUnit)):
        raise ConflictError(
            "the settlement tree is not empty; a real list replaces the demo only in a new database"
        )
    issues: list[str] = []
    rows = _rows(path, file, sheet, issues)
    regions = {
        code: region_id for region_id, code in session.execute(select(Region.id, Region.code))
    }
    towns = {
        (region_id, name.lower()): settlement_id
        for settlement_id, region_id, name in session.execute(
            select(Settlement.id, Settlement.region_id, Settlement.name_ru)
        )
    }
    by_code: dict[str, dict[str, Any]] = {}
    for row in rows:
        region_code = f"KZ-{row['code'][:2]}"
        if region_code not in regions:
            issues.append(format_location(f"region {region_code} is not in the registry",
                                          file=file, row=row["row"], field="code",
                                          value=row["code"]))  # fmt: skip
            continue
        if row["code"] in by_code:
            issues.append(format_location(f"code already used on row {by_code[row['code']]['row']}",
                                          file=file, row=row["row"], field="code",
                                          value=row["code"]))  # fmt: skip
            continue
        row["region_id"] = regions[region_code]
        row["kind"] = _kind(row["code"], row["name_ru"])
        by_code[row["code"]] = row
    if issues:
        return TreeReport(0, 0, 0, issues)
    units: list[dict[str, Any]] = []
    ids: dict[str, int] = {}
    offset = int(session.scalar(select(func.max(TerritorialUnit.id))) or 0)
    linked = 0
    for code in sorted(by_code):
        row = by_code[code]
        if row["kind"] == "region":
            if code[:2] in REPUBLICAN:
                _republican_city(units, ids, row, offset, file)
            continue
        parent = next((c for c in _parent_codes(code) if c in ids), None)
        parent_row = units[ids[parent] - offset - 1] if parent else None
        district = None
        if parent_row is not None:
            district = (parent_row["id"] if parent_row["level"] in ("district", "city")
                        else parent_row["district_id"])  # fmt: skip
        level = row["kind"]
        if level == "rural_district" and parent_row is None:
            level = "city"
        name_ru = _clean(row["name_ru"])
        unit = {
            "id": offset + len(units) + 1, "key": code, "kato": code, "level": level,
            "parent_id": parent_row["id"] if parent_row else None, "region_id": row["region_id"],
            "district_id": district if level == "settlement" or level == "rural_district"
            else None,
            "settlement_id": None, "name_en": row["name_en"] or name_ru, "name_ru": name_ru,
            "name_kk": _clean(row["name_kk"]) or None, "settlement_type": None,
            "district_centre": False, "rural_centre": False,
            "population": None if row["population"] is None else int(row["population"]),
            "population_year": None, "population_synthetic": False,
            "latitude": row["latitude"] if row["longitude"] is not None else None,
            "longitude": row["longitude"] if row["latitude"] is not None else None,
            "synthetic": False, "source": f"KATO list {file}", "note": None,
        }  # fmt: skip
        if level == "settlement":
            unit["settlement_type"] = _settlement_type(code, row["name_ru"], parent_row)
            unit["rural_centre"] = code[6:] == "100"
            town = towns.get((row["region_id"], name_ru.lower()))
            if town is not None and unit["settlement_type"] != "village":
                unit["settlement_id"] = town
                towns.pop((row["region_id"], name_ru.lower()))
                linked += 1
        units.append(unit)
        ids[code] = unit["id"]
    insert_rows(session, TerritorialUnit.__table__, units)
    advance_sequence(session, "territorial_unit")
    settlements = sum(1 for unit in units if unit["level"] == "settlement")
    audit(
        session, Actor(user or current_user(), origin), "import", "territorial_unit",
        f"kato:{file}",
        new={"units": len(units), "settlements": settlements, "linked_towns": linked},
    )  # fmt: skip
    return TreeReport(len(units), settlements, linked, [])


def _settlement_type(code: str, name: str, parent: dict[str, Any] | None) -> str:
    prefix = PREFIX.match(name.strip())
    word = prefix.group(1).lower() if prefix else ""
    if word == "г":
        if code[:2] in REPUBLICAN:
            return "city_republican"
        return "city_regional" if parent is None or parent["level"] == "city" else "city_district"
    if word in ("п", "пгт"):
        return "town"
    return "village"


def _republican_city(
    units: list[dict[str, Any]], ids: dict[str, int], row: dict[str, Any], offset: int, file: str
) -> None:
    """A city of republican significance is a region row in the classifier: add its city
    administration and the city itself as a settlement, so it counts like any other city."""
    name_ru = _clean(row["name_ru"])
    common = {
        "region_id": row["region_id"], "settlement_id": None, "name_en": row["name_en"] or name_ru,
        "name_ru": name_ru, "name_kk": _clean(row["name_kk"]) or None, "district_centre": False,
        "rural_centre": False, "population": None if row["population"] is None
        else int(row["population"]), "population_year": None, "population_synthetic": False,
        "latitude": row["latitude"] if row["longitude"] is not None else None,
        "longitude": row["longitude"] if row["latitude"] is not None else None,
        "synthetic": False, "source": f"KATO list {file}", "note": None,
    }  # fmt: skip
    admin_id = offset + len(units) + 1
    units.append({**common, "id": admin_id, "key": f"{row['code']}/admin", "kato": None,
                  "level": "city", "parent_id": None, "district_id": None,
                  "settlement_type": None, "population": None})  # fmt: skip
    units.append({**common, "id": admin_id + 1, "key": row["code"], "kato": row["code"],
                  "level": "settlement", "parent_id": admin_id, "district_id": admin_id,
                  "settlement_type": "city_republican"})  # fmt: skip
    ids[row["code"][:2] + "0000000"] = admin_id
