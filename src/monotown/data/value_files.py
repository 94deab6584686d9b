"""Opening a file of indicator values as records: a CSV or XLSX table in one of the layouts
(`layouts.py`), or a DHIS2 data value set in JSON (`dhis2.py`), told apart by suffix and content."""

from __future__ import annotations

from pathlib import Path

from monotown.data.dhis2 import open_dhis2_json
from monotown.data.layouts import LAYOUTS, Layout, table_layout
from monotown.data.readers import EXCEL_SUFFIXES, JSON_SUFFIXES, open_table
from monotown.errors import InputError


def _looks_like_json(path: Path) -> bool:
    """A file whose first character is '{' is JSON whatever its name (DHIS2 exports vary)."""
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return False
    with path.open("rb") as handle:
        head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{")


def open_layout(path: Path, *, file: str, layout: str = "auto", sheet: str | None = None) -> Layout:
    """Open a file as records in the given layout ('auto' tells it from the suffix and header)."""
    if layout not in (*LAYOUTS, "auto"):
        raise InputError(f"unknown format '{layout}'; use auto, long, wide or dhis2", file=file)
    if path.suffix.lower() in JSON_SUFFIXES or _looks_like_json(path):
        if layout not in ("auto", "dhis2"):
            raise InputError(
                f"a JSON file can only be a DHIS2 data value set, not {layout}", file=file
            )
        return open_dhis2_json(path, file=file)
    return table_layout(open_table(path, file=file, sheet=sheet), file=file, layout=layout)
