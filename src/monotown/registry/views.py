"""Read-only views of registry records for pages, the CLI and the API."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeVar

View = TypeVar("View")


def cited_view(view: type[View], record: Any, **given: Any) -> View:
    """`view` (a dataclass) of `record`: each field read from the record's attribute of the same
    name, except `source` (the title of the record's source, None without one) and the fields
    `given`, which are taken as given."""
    copied = {
        field.name: getattr(record, field.name)
        for field in fields(view)  # type: ignore[arg-type]
        if field.name != "source" and field.name not in given
    }
    copied["source"] = record.source.title if record.source else None
    return view(**copied, **given)
