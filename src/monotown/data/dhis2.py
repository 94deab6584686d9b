"""DHIS2 data value sets: reading the JSON form incrementally, and mapping org units.

A data value set is `{"dataSet": ..., "period": ..., "orgUnit": ..., "dataValues": [{"dataElement",
"period", "orgUnit", "categoryOptionCombo", "attributeOptionCombo", "value", "comment", ...}]}`;
`period` and `orgUnit` at the top apply to values that lack their own. Periods are ISO: 2023,
2023Q1, 202305. The JSON is parsed one data value at a time with `json.JSONDecoder.raw_decode`
over a sliding 64 KiB window, so a file of a million values never exists as a million dicts;
top-level defaults apply to the values that follow them, which is where DHIS2 writes them.

Mapping: a data element is matched to an indicator's `dhis2_code` (else its catalog code); an org
unit to the settlement's code in table `settlement_dhis2` (else the settlement's code or name).
Load org unit codes with `load_org_units` / `monotown data dhis2-org-units FILE`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from monotown.data.layouts import RECORD_COLUMNS, Layout
from monotown.data.models import SettlementDhis2
from monotown.errors import InputError, MonotownError
from monotown.records.encodings import read_text
from monotown.records.kinds import Actor
from monotown.records.limits import JSON_DEPTH
from monotown.records.provenance import audit, current_user
from monotown.registry import find_settlement

JSON_COLUMNS = ["dataElement", "orgUnit", "period", "value", "comment"]
WINDOW = 1 << 16
RECORDS_PER_CHUNK = 50_000
# One data value is a handful of short fields; anything this long is not one.
MAX_ITEM_CHARS = 1 << 20


class _JsonStream:
    """Just enough of a pull parser for one big array inside a top-level object."""

    def __init__(self, handle: IO[str], file: str) -> None:
        self.handle = handle
        self.file = file
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.decoder = json.JSONDecoder()

    def _fill(self) -> bool:
        if self.eof:
            return False
        if len(self.buffer) - self.pos > MAX_ITEM_CHARS:
            raise InputError(
                f"holds a JSON value longer than {MAX_ITEM_CHARS:,} characters; a DHIS2 data "
                "value is a small object",
                file=self.file,
            )
        try:
            more = self.handle.read(WINDOW)
        except UnicodeDecodeError:
            raise InputError("is not UTF-8 text; save the JSON as UTF-8", file=self.file) from None
        if not more:
            self.eof = True
            return False
        self.buffer = self.buffer[self.pos :] + more
        self.pos = 0
        return True

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._fill():
                return ""

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            shown = repr(found) if found else "the end of the file"
            raise InputError(
                f"is not a DHIS2 data value set: expected '{char}', found {shown}", file=self.file
            )
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                decoded, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                if self._fill():
                    continue
                raise InputError(f"is not valid JSON: {error.msg}", file=self.file) from None
            except RecursionError:
                raise self._too_deep() from None
            # A number or literal cut at the window's edge decodes short: read on and retry.
            if end == len(self.buffer) and not self.eof and self._fill():
                continue
            self.pos = end
            if _depth(decoded) > JSON_DEPTH.value:
                raise self._too_deep()
            return decoded

    def _too_deep(self) -> InputError:
        return InputError(
            f"nests JSON deeper than {JSON_DEPTH.describe()}; a DHIS2 data value set is an "
            "object holding a list of flat objects",
            file=self.file,
        )


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in a decoded value (iterative: no recursion limit)."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            pending.extend((child, level + 1) for child in item if isinstance(child, dict | list))
    return deepest


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value).strip(" ")


@dataclass
class _Defaults:
    values: dict[str, str] = field(default_factory=dict)


def _data_values(
    stream: _JsonStream, defaults: _Defaults, skipped: dict[str, int]
) -> Iterator[pd.DataFrame]:
    rows: list[tuple[int, int, str, str, str, str, str, str, str]] = []
    number = 0
    stream.expect("[")
    if stream.peek() == "]":
        stream.pos += 1
        return
    while True:
        item = stream.value()
        number += 1
        if not isinstance(item, dict):
            raise InputError("is not a DHIS2 data value (an object)", file=stream.file, row=number)
        if str(item.get("deleted", "")).lower() == "true":
            skipped["deleted"] += 1
        else:
            rows.append(
                (
                    number,
                    3,
                    _text(item.get("orgUnit", defaults.values.get("orgUnit"))),
                    _text(item.get("dataElement")),
                    _text(item.get("period", defaults.values.get("period"))),
                    _text(item.get("value")),
                    _text(item.get("comment")),
                    "",
                    "",
                )
            )
        if len(rows) >= RECORDS_PER_CHUNK:
            yield pd.DataFrame(rows, columns=list(RECORD_COLUMNS))
            rows = []
        separator = stream.peek()
        stream.pos += 1
        if separator == "]":
            break
        if separator != ",":
            raise InputError(
                "is not valid JSON: expected ',' or ']' in dataValues", file=stream.file, row=number
            )
    if rows:
        yield pd.DataFrame(rows, columns=list(RECORD_COLUMNS))


def open_dhis2_json(path: Path, *, file: str) -> Layout:
    """A DHIS2 JSON data value set as a stream of value records (row = position in dataValues)."""
    skipped = {"deleted": 0}

    def records() -> Iterator[pd.DataFrame]:
        defaults = _Defaults()
        seen_values = False
        with path.open(encoding="utf-8-sig") as handle:
            stream = _JsonStream(handle, file)
            stream.expect("{")
            if stream.peek() == "}":
                stream.pos += 1
            else:
                while True:
                    key = stream.value()
                    stream.expect(":")
                    if key == "dataValues":
                        seen_values = True
                        yield from _data_values(stream, defaults, skipped)
                    else:
                        value = stream.value()
                        if key in ("period", "orgUnit") and not isinstance(value, dict | list):
                            defaults.values[key] = _text(value)
                    separator = stream.peek()
                    stream.pos += 1
                    if separator == "}":
                        break
                    if separator != ",":
                        raise InputError("is not valid JSON: expected ',' or '}'", file=file)
        if not seen_values:
            raise InputError("is not a DHIS2 data value set: it has no 'dataValues'", file=file)

    fields = {"indicator": 0, "settlement": 1, "period": 2, "value": 3, "note": 4}
    return Layout(file, "dhis2", "json", JSON_COLUMNS, fields, records(), skipped=skipped)


def org_unit_codes(session: Session) -> dict[int, str]:
    """settlement id -> DHIS2 org unit code, for every mapped settlement."""
    rows = session.execute(select(SettlementDhis2.settlement_id, SettlementDhis2.org_unit))
    return {settlement_id: org_unit for settlement_id, org_unit in rows}


def load_org_units(
    session: Session, path: str | Path, *, user: str | None = None, origin: str = "cli"
) -> int:
    """Load a CSV of `settlement,org_unit` pairs (settlement by code or any name); returns count.

    A settlement's previous code is replaced; an org unit may belong to one settlement only.
    """
    file = str(path)
    try:
        text = read_text(Path(path), file=file)
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror}", file=file) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    reader.fieldnames = header
    if not {"settlement", "org_unit"} <= set(header):
        raise InputError("needs the columns settlement and org_unit", file=file, row=1)
    pairs: dict[int, str] = {}
    owners: dict[str, tuple[int, int]] = {}
    for row, raw in enumerate(reader, start=2):
        name, org_unit = (raw.get("settlement") or "").strip(), (raw.get("org_unit") or "").strip()
        if not name and not org_unit:
            continue
        if not org_unit:
            raise InputError("is empty", file=file, row=row, field="org_unit", value="")
        try:
            settlement = find_settlement(session, name)
        except MonotownError as error:
            raise InputError(
                error.message, file=file, row=row, field="settlement", value=name
            ) from None
        if org_unit in owners and owners[org_unit][0] != settlement.id:
            raise InputError(
                f"is already given to another settlement on row {owners[org_unit][1]}",
                file=file,
                row=row,
                field="org_unit",
                value=org_unit,
            )
        owners[org_unit] = (settlement.id, row)
        pairs[settlement.id] = org_unit
    session.execute(
        delete(SettlementDhis2).where(
            SettlementDhis2.settlement_id.in_(list(pairs))
            | SettlementDhis2.org_unit.in_(list(pairs.values()))
        )
    )
    session.add_all(
        SettlementDhis2(settlement_id=key, org_unit=value) for key, value in pairs.items()
    )
    audit(
        session,
        Actor(user or current_user(), origin),
        "update",
        "settlement_dhis2",
        file,
        new={"mapped": len(pairs)},
    )
    session.flush()
    return len(pairs)
