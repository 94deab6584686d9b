"""The three file layouts (long, wide, DHIS2) turned into one stream of value records.

Whatever the file looked like, the importer sees chunks of records with the columns `row` (the row
number in the file), `col` (the position of the value's column in `Layout.columns`, for error
reports), `settlement`, `indicator`, `period`, `value`, `note`, `flag` and `source`, all text.

- long: one row per value: settlement, indicator, period, value[, note, flag, source];
- wide: one row per settlement and period, one column per indicator code (empty cell = no value);
- DHIS2: data value sets (CSV columns dataelement, period, orgunit, value[, comment, ...]).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from monotown.data.readers import Table
from monotown.errors import InputError

LAYOUTS = ("long", "wide", "dhis2")
RECORD_FIELDS = ("settlement", "indicator", "period", "value", "note", "flag", "source")
RECORD_COLUMNS = ("row", "col", *RECORD_FIELDS)

ALIASES: dict[str, tuple[str, ...]] = {
    "settlement": (
        "settlement",
        "settlement_code",
        "town",
        "city",
        "населенный_пункт",
        "город",
        "елді_мекен",
        "қала",
    ),
    "indicator": ("indicator", "indicator_code", "показатель", "көрсеткіш"),
    "period": ("period", "year", "период", "год", "кезең", "жыл"),
    "value": ("value", "значение", "мәні", "мән"),
    "note": ("note", "comment", "примечание", "ескертпе"),
    "flag": ("flag",),
    "source": ("source", "источник", "дереккөз"),
}
# Columns an export writes for people to read; an import ignores them.
INFORMATIONAL = frozenset(
    {
        "settlement_name",
        "settlement_name_en",
        "settlement_name_ru",
        "settlement_name_kk",
        "region",
        "region_code",
        "indicator_name",
        "unit",
        "pillar",
        "period_type",
        "batch_id",
    }
)
DHIS2_COLUMNS = (
    "dataelement",
    "period",
    "orgunit",
    "categoryoptioncombo",
    "attributeoptioncombo",
    "value",
    "storedby",
    "lastupdated",
    "comment",
    "followup",
    "deleted",
)
DHIS2_ALIASES = {"catoptcombo": "categoryoptioncombo", "attroptcombo": "attributeoptioncombo"}


@dataclass
class Layout:
    """A file opened as a stream of value records."""

    file: str
    name: str
    container: str
    columns: list[str]
    fields: dict[str, int]
    records: Iterator[pd.DataFrame]
    indicator_in_header: bool = False
    ignored: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def description(self) -> str:
        return f"{self.name} {self.container.upper()}"


def _key(name: str) -> str:
    return "_".join(name.casefold().replace("ё", "е").split())


def _dhis2_key(name: str) -> str:
    key = name.casefold().replace("_", "").replace(" ", "")
    return DHIS2_ALIASES.get(key, key)


def find_fields(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _key(name)
        for field_name, aliases in ALIASES.items():
            if key in aliases and field_name not in found:
                found[field_name] = index
    return found


def detect_layout(header: list[str]) -> str:
    """Tell long, wide and DHIS2 apart from the header alone."""
    keys = {_dhis2_key(name) for name in header}
    if {"dataelement", "orgunit"} <= keys:
        return "dhis2"
    fields = find_fields(header)
    if {"settlement", "indicator", "value"} <= set(fields):
        return "long"
    if {"settlement", "period"} <= set(fields):
        return "wide"
    raise InputError(
        "cannot tell the layout from the header: expected settlement, indicator, period, value "
        "(long), settlement, period and one column per indicator code (wide), or DHIS2's "
        f"dataelement, period, orgunit, value; found {', '.join(header) or 'nothing'}",
        row=1,
    )


def _require(fields: dict[str, int], needed: tuple[str, ...], *, file: str, layout: str) -> None:
    missing = [name for name in needed if name not in fields]
    if missing:
        raise InputError(
            f"the {layout} layout needs column(s) {', '.join(missing)}", file=file, row=1
        )


def _not_blank(chunk: pd.DataFrame, columns: list[int]) -> pd.Series:
    mask = pd.Series(False, index=chunk.index)
    for column in columns:
        mask |= chunk[column] != ""
    return mask


def _pick(chunk: pd.DataFrame, fields: dict[str, int], col: pd.Series | int) -> pd.DataFrame:
    records = pd.DataFrame({"row": chunk["row"], "col": col})
    for name in RECORD_FIELDS:
        records[name] = chunk[fields[name]] if name in fields else ""
    return records


def _long(table: Table) -> Layout:
    fields = find_fields(table.header)
    _require(fields, ("settlement", "indicator", "period", "value"), file=table.file, layout="long")
    used = set(fields.values())
    ignored = [
        name
        for index, name in enumerate(table.header)
        if index not in used and name and _key(name) not in INFORMATIONAL
    ]

    def records() -> Iterator[pd.DataFrame]:
        for chunk in table.chunks:
            chunk = chunk[_not_blank(chunk, list(fields.values()))]
            yield _pick(chunk, fields, fields["value"])

    return Layout(
        table.file, "long", table.container, table.header, fields, records(), False, ignored
    )


def _wide(table: Table) -> Layout:
    fields = find_fields(table.header)
    fields.pop("indicator", None)
    fields.pop("value", None)
    _require(fields, ("settlement", "period"), file=table.file, layout="wide")
    used = set(fields.values())
    value_columns = [
        index
        for index, name in enumerate(table.header)
        if index not in used and name and _key(name) not in INFORMATIONAL
    ]
    if not value_columns:
        raise InputError(
            "the wide layout needs at least one indicator column", file=table.file, row=1
        )

    def records() -> Iterator[pd.DataFrame]:
        for chunk in table.chunks:
            yield _unpivot(chunk, fields, value_columns, table.header)

    return Layout(table.file, "wide", table.container, table.header, fields, records(), True)


def _unpivot(
    chunk: pd.DataFrame, fields: dict[str, int], value_columns: list[int], header: list[str]
) -> pd.DataFrame:
    """One record per non-empty value cell of a wide chunk, in one pass over its cells.

    The cells are laid out as a (rows x value columns) array and the non-empty ones picked with
    one mask, so the cost grows with the number of cells, not with rows times columns of copies.
    """
    cells = chunk[value_columns].to_numpy(dtype=object)
    rows, columns = np.nonzero(cells != "")
    records = pd.DataFrame(
        {
            "row": chunk["row"].to_numpy()[rows],
            "col": np.asarray(value_columns, dtype="int64")[columns],
        }
    )
    for name in RECORD_FIELDS:
        records[name] = chunk[fields[name]].to_numpy()[rows] if name in fields else ""
    records["indicator"] = np.asarray([header[index] for index in value_columns], dtype=object)[
        columns
    ]
    records["value"] = cells[rows, columns]
    return records


def _dhis2_csv(table: Table) -> Layout:
    keys = [_dhis2_key(name) for name in table.header]
    header_row = "dataelement" in keys
    if header_row:
        positions = {key: index for index, key in reversed(list(enumerate(keys)))}
        columns = table.header
    else:
        # DHIS2 can write the CSV without a header: the columns are then in its fixed order.
        positions = {key: index for index, key in enumerate(DHIS2_COLUMNS[: len(keys)])}
        columns = list(DHIS2_COLUMNS[: len(keys)])
    mapping = {
        "settlement": "orgunit",
        "indicator": "dataelement",
        "period": "period",
        "value": "value",
        "note": "comment",
    }
    fields = {name: positions[key] for name, key in mapping.items() if key in positions}
    _require(
        fields, ("settlement", "indicator", "period", "value"), file=table.file, layout="DHIS2"
    )
    skipped = {"deleted": 0}
    first = table.header

    def records() -> Iterator[pd.DataFrame]:
        if not header_row:
            # The first line was data: put it back in front of the rest.
            row = pd.DataFrame(
                [[*first, *[""] * (len(columns) - len(first))]], columns=range(len(columns))
            )
            row["row"] = 1
            yield _records_of(row)
        for chunk in table.chunks:
            yield _records_of(chunk)

    def _records_of(chunk: pd.DataFrame) -> pd.DataFrame:
        chunk = chunk[_not_blank(chunk, list(fields.values()))]
        if "deleted" in positions:
            deleted = chunk[positions["deleted"]].str.lower() == "true"
            skipped["deleted"] += int(deleted.sum())
            chunk = chunk[~deleted]
        return _pick(chunk, fields, fields["value"])

    return Layout(table.file, "dhis2", table.container, columns, fields, records(), skipped=skipped)


def table_layout(table: Table, *, file: str, layout: str = "auto") -> Layout:
    """An opened table as records in the given layout ('auto' tells it from the header)."""
    if layout == "auto":
        try:
            layout = detect_layout(table.header)
        except InputError as error:
            raise InputError(error.reason, file=file, row=1) from None
    builders = {"long": _long, "wide": _wide, "dhis2": _dhis2_csv}
    return builders[layout](table)
