"""Column widths of a report table, estimated from its text, for a fixed table layout.

WeasyPrint's automatic table layout measures every cell twice before laying it out (its narrowest
and its widest width, each a text layout through Pango): for the 1,400 cells of a national
briefing that was an eighth of the PDF's time. The same two measures are estimated here from the
advance widths of the report's font (DejaVu Sans, as matplotlib bundles it) and the page width is
shared out between the columns as CSS's automatic layout does it, so the table is laid out once
(`table-layout: fixed`) and looks the same (measured against WeasyPrint's own: within a few tenths
of a percent of the page). The estimates leave out kerning, which only narrows text, and break
text at fewer places than Pango, so a column is never narrower than what it must hold; a table
whose narrowest columns would not fit the page keeps the automatic layout.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from monotown.reports.model import Cell, Table

MM_PER_PT = 25.4 / 72
CONTENT_WIDTH_MM = 182.0  # A4 less the page margins of page.css
CELL_PT = 8.0  # td and th (report.css: table.data)
NOTE_PT = 6.0  # a.note
NOTE_GAP_MM = 0.3  # a.note's margin-left
PADDING_MM = 3.0  # 1.5 mm each side of a cell
SLACK = 1.02  # a little room for what the font's metrics do not say (hinting, rounding)
FALLBACK_EM = 0.65  # a character the font lacks (another font draws it): a wide guess
_AFTER_DASH = re.compile(r"(?<=[-\u2010\u2013])(?=[^\W\d])")


@lru_cache(maxsize=2)
def _advances(bold: bool) -> tuple[dict[int, float], float]:
    """Advance width in em of every character DejaVu Sans (bold or book) draws; the widest."""
    import matplotlib
    from fontTools.ttLib import TTFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    font = TTFont(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name, lazy=True)
    units = float(font["head"].unitsPerEm)
    metrics = font["hmtx"].metrics
    widths = {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    font.close()
    return widths, max(widths.values())


def text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    widths, _ = _advances(bold)
    ems = sum(widths.get(ord(char), FALLBACK_EM) for char in text)
    return ems * size_pt * MM_PER_PT


def _note_mm(cell: Cell) -> float:
    if cell.note is None:
        return 0.0
    mark = f"{cell.note.number}‡" if cell.note.synthetic else str(cell.note.number)
    return NOTE_GAP_MM + text_width_mm(mark, NOTE_PT)


def _words_mm(text: str, size_pt: float, bold: bool) -> list[float]:
    """Widths of the pieces a line may break between: words, and a word's parts after a hyphen
    or a dash followed by a letter (Северо-Казахстанская, not 2012-2020)."""
    pieces = [piece for word in text.split() for piece in _AFTER_DASH.split(word) if piece]
    return [text_width_mm(piece, size_pt, bold) for piece in pieces] or [0.0]


def cell_widths(cell: Cell) -> tuple[float, float]:
    """(narrowest, widest) content width of a cell in mm; a number does not wrap (td.num), and a
    note stays with the word before it."""
    note = _note_mm(cell)
    widest = text_width_mm(cell.text, CELL_PT) + note
    if cell.numeric:
        return widest, widest
    words = _words_mm(cell.text, CELL_PT, False)
    words[-1] += note
    return max(words), widest


def heading_widths(text: str) -> tuple[float, float]:
    return max(_words_mm(text, CELL_PT, True)), text_width_mm(text, CELL_PT, True)


def share_out(narrowest: list[float], widest: list[float], width: float) -> list[float] | None:
    """Column widths filling `width` as CSS's automatic table layout shares it out: every column
    at its widest plus a share of the rest in proportion, else between its narrowest and widest
    widths in proportion to the difference; None if even the narrowest widths do not fit."""
    low, high = sum(narrowest), sum(widest)
    if low > width or high <= 0:
        return None
    if high <= width:
        return [w + (width - high) * w / high for w in widest]
    scale = (width - low) / (high - low)
    return [n + (w - n) * scale for n, w in zip(narrowest, widest, strict=True)]


def column_widths(table: Table, width_mm: float = CONTENT_WIDTH_MM) -> list[float] | None:
    """Percent widths of the table's columns (summing to 100), or None for the automatic layout."""
    if not table.columns or any(len(row) != len(table.columns) for row in table.rows):
        return None
    measures = [[heading_widths(name)] for name in table.columns]
    for row in table.rows:
        for index, cell in enumerate(row):
            measures[index].append(cell_widths(cell))
    narrowest = [max(m[0] for m in column) * SLACK + PADDING_MM for column in measures]
    widest = [max(m[1] for m in column) * SLACK + PADDING_MM for column in measures]
    shared = share_out(narrowest, widest, width_mm)
    if shared is None:
        return None
    return [round(100 * w / width_mm, 2) for w in shared]
