"""Plain report models: what a report says, with every figure tied to the source it came from.

Gathering (reading the database) fills these models; rendering (HTML, PDF, Excel) only formats them.
Keeping the two apart lets tests compare the printed figures with the database figure by figure, and
lets the HTML and PDF outputs come from one template.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Source:
    """Where a figure came from: a registry source, a stated fact, an import batch, a run.

    `key` identifies the source (two figures citing the same key share one footnote); `synthetic`
    marks demo data made up for illustration, which must be labelled wherever it is printed.
    """

    key: str
    text: str
    synthetic: bool = False


@dataclass(frozen=True)
class Note:
    """A citation: the footnote number of a source in the report's appendix."""

    number: int
    synthetic: bool = False


@dataclass(frozen=True)
class Cell:
    """One printed value (a table cell or a headline figure) with its raw value and citation."""

    text: str
    value: float | int | str | None = None
    note: Note | None = None
    numeric: bool = False

    @property
    def synthetic(self) -> bool:
        return self.note is not None and self.note.synthetic


@dataclass(frozen=True)
class Stat:
    """A headline figure: a label, a printed value and where it came from."""

    label: str
    cell: Cell
    detail: str | None = None

    @property
    def synthetic(self) -> bool:
        return self.cell.synthetic


@dataclass
class Paragraph:
    text: str
    note: Note | None = None
    small: bool = False
    kind: Literal["paragraph"] = "paragraph"

    @property
    def synthetic(self) -> bool:
        return self.note is not None and self.note.synthetic


@dataclass
class StatGrid:
    stats: list[Stat]
    kind: Literal["stats"] = "stats"

    @property
    def synthetic(self) -> bool:
        return any(stat.synthetic for stat in self.stats)


@dataclass
class Table:
    """A table whose rows are lists of cells; `key` names it for tests and the workbook."""

    key: str
    columns: list[str]
    rows: list[list[Cell]]
    caption: str | None = None
    omitted: int = 0
    kind: Literal["table"] = "table"

    @property
    def synthetic(self) -> bool:
        return any(cell.synthetic for row in self.rows for cell in row)

    def row_synthetic(self, row: list[Cell]) -> bool:
        return any(cell.synthetic for cell in row)

    def column(self, name: str) -> list[Cell]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


@dataclass
class Chart:
    """A chart or map drawn offline and embedded as a data URI (SVG or PNG)."""

    key: str
    title: str
    data_uri: str
    notes: list[Note] = field(default_factory=list)
    caption: str | None = None
    wide: bool = False
    kind: Literal["chart"] = "chart"

    @property
    def synthetic(self) -> bool:
        return any(note.synthetic for note in self.notes)


@dataclass
class ChartGrid:
    """Small charts printed two to a row (rows break across pages, charts never do)."""

    charts: list[Chart]
    per_row: int = 2
    kind: Literal["chart_grid"] = "chart_grid"

    @property
    def synthetic(self) -> bool:
        return any(chart.synthetic for chart in self.charts)


@dataclass
class Columns:
    """Two blocks side by side (a town's key figures next to its map)."""

    left: StatGrid | Table | Paragraph
    right: Chart
    kind: Literal["columns"] = "columns"

    @property
    def synthetic(self) -> bool:
        return self.left.synthetic or self.right.synthetic


Block = Paragraph | StatGrid | Table | Chart | ChartGrid | Columns


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    page_break: bool = False

    @property
    def synthetic(self) -> bool:
        return any(block.synthetic for block in self.blocks)

    def _flat(self) -> list[Block]:
        return [b.left if isinstance(b, Columns) else b for b in self.blocks]

    def table(self, key: str) -> Table:
        for block in self._flat():
            if isinstance(block, Table) and block.key == key:
                return block
        raise KeyError(key)

    def stats(self) -> list[Stat]:
        return [
            stat for block in self._flat() if isinstance(block, StatGrid) for stat in block.stats
        ]


@dataclass
class Report:
    """A whole report: sections in reading order and the numbered sources they cite."""

    kind: Literal["briefing", "town"]
    lang: str
    title: str
    subtitle: str
    generated: dt.date
    sections: list[Section]
    sources: list[tuple[int, Source]]

    @property
    def synthetic(self) -> bool:
        return any(source.synthetic for _, source in self.sources)

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)
