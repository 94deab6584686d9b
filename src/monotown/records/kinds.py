"""The descriptor of a kind of record, and the table of every kind Monotown holds.

A kind says what a record of it looks like (its key and columns, with types and descriptions),
how it is listed (filters, sort keys, group-bys), where it belongs (the region column, the synthetic
flag, the localised name fields) and how it is written and removed (its importer, its delete).
Each capability declares its kinds in a `kinds()` function; `monotown.catalog.install()` puts them
all into one `KindTable`, from which the CLI groups and the API routers are built.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy.orm import Session

from monotown.errors import NotFoundError, did_you_mean
from monotown.records.scope import WriteScope

Row = dict[str, Any]
ColumnType = Literal["text", "integer", "number", "boolean", "date", "datetime", "list", "json"]
RowSource = Callable[[Session], list[Row]]
LANGUAGES = ("en", "ru", "kk")


@dataclass(frozen=True)
class Actor:
    """Who writes, through what (cli, web, api, import, system) for the audit log, and within
    which regions (`scope`: the web's principal; None from the command line)."""

    user: str
    origin: str = "cli"
    scope: WriteScope | None = None


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType = "text"
    description: str = ""


COLUMN_TYPES = ("text", "integer", "number", "boolean", "date", "datetime", "list", "json")


def columns(table: str) -> tuple[Column, ...]:
    """Columns from a text table, one a line: name, type, then the description (optional)."""
    made = []
    for line in table.strip().splitlines():
        name, kind_of, *words = line.split()
        if kind_of not in COLUMN_TYPES:
            raise ValueError(f"column {name}: unknown type '{kind_of}'")
        made.append(Column(name, kind_of, " ".join(words)))  # type: ignore[arg-type]
    return tuple(made)


# A deletion: remove the record `key` of the kind as one undoable batch; returns the batch id.
# `force` also removes what depends on it (a settlement's values) where the kind refuses otherwise.
Deleter = Callable[[Session, str, Actor, bool], int]
# An import of one file: (session, records.imports.ImportRequest) -> records.imports.ImportReport.
Importer = Callable[..., Any]


@dataclass(frozen=True)
class Kind:
    """One kind of record, as every surface sees it."""

    key: str
    title: str
    capability: str
    key_column: str
    columns: tuple[Column, ...]
    rows: RowSource
    description: str = ""
    table: str | None = None
    sort_keys: tuple[str, ...] = ()
    default_sort: str | None = None
    group_bys: tuple[str, ...] = ()
    search_columns: tuple[str, ...] = ()
    region_column: str | None = None
    synthetic_column: str | None = None
    name_fields: tuple[str, ...] = ()
    delete: Deleter | None = None
    importer: Importer | None = None
    # Why a kind has no importer (e.g. runs are made by `assess`): what surfaces answer instead.
    not_importable: str | None = None
    aliases: Mapping[str, str] = field(default_factory=dict)
    # A kind too large to list from memory (millions of values) names the API route that pages,
    # filters and streams it in SQL; the generic records routes redirect there.
    served_at: str | None = None

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def filters(self) -> tuple[str, ...]:
        """Columns a list may filter on: every declared column."""
        return self.column_names

    @property
    def sorts(self) -> tuple[str, ...]:
        return self.sort_keys or self.column_names

    @property
    def sort(self) -> str:
        return self.default_sort or self.key_column

    def column(self, name: str) -> Column | None:
        return next((column for column in self.columns if column.name == name), None)


class KindTable:
    """Every kind, by key (in the order the capabilities declared them)."""

    def __init__(self) -> None:
        self._kinds: dict[str, Kind] = {}

    def register(self, kinds: Sequence[Kind]) -> None:
        for kind in kinds:
            if kind.key in self._kinds and self._kinds[kind.key] is not kind:
                raise ValueError(f"two kinds named '{kind.key}'")
            self._kinds[kind.key] = kind

    def get(self, key: str) -> Kind:
        wanted = key.strip().lower().replace("-", "_")
        for kind in self._kinds.values():
            if wanted == kind.key or wanted in kind.aliases:
                return kind
        close = difflib.get_close_matches(wanted, list(self._kinds), n=1)
        hint = did_you_mean(close[0] if close else None)
        raise NotFoundError(f"no kind of record '{key}'{hint}; kinds: {', '.join(self._kinds)}")

    def __iter__(self) -> Iterator[Kind]:
        return iter(self._kinds.values())

    def __len__(self) -> int:
        return len(self._kinds)

    def keys(self) -> tuple[str, ...]:
        return tuple(self._kinds)


def json_ready(value: Any) -> Any:
    """A stored value as JSON carries it (dates as ISO 8601)."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value
