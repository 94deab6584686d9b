"""The state a report is gathered in: its language and the book of sources it cites.

Every printed figure goes through `ReportContext.cell`, which formats it for the language and
cites its source, so a figure cannot reach a report without a footnote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from monotown.i18n import (
    format_number,
    format_percentage,
    format_tenge,
    get_translations,
    normalise_language,
)
from monotown.reports.model import Cell, Note, Source

Style = Literal["int", "decimal", "pct", "tenge", "text"]


def N_(message: str) -> str:
    """Marks a message for extraction into reports.po; translated later by `ReportContext._`."""
    return message


@dataclass
class SourceBook:
    """Numbers sources in order of first citation; one footnote per distinct source."""

    entries: dict[str, tuple[int, Source]] = field(default_factory=dict)

    def cite(self, source: Source) -> Note:
        entry = self.entries.get(source.key)
        if entry is None:
            entry = (len(self.entries) + 1, source)
            self.entries[source.key] = entry
        return Note(entry[0], entry[1].synthetic)

    def numbered(self) -> list[tuple[int, Source]]:
        return sorted(self.entries.values(), key=lambda entry: entry[0])


class ReportContext:
    """Language, translations and citations for one report being gathered."""

    def __init__(self, lang: str) -> None:
        self.lang = normalise_language(lang)
        self._translations = get_translations(self.lang, "reports")
        self.book = SourceBook()

    def _(self, message: str) -> str:
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self._translations.ngettext(singular, plural, count)

    def cite(self, source: Source | None) -> Note | None:
        return self.book.cite(source) if source is not None else None

    def format(
        self, value: float | int | str | None, style: Style = "int", digits: int | None = None
    ) -> str:
        """A value printed per locale; percentages and decimals default to one digit."""
        if value is None:
            return "–"
        if isinstance(value, str) or style == "text":
            return str(value)
        if style == "pct":
            return format_percentage(float(value), self.lang, 1 if digits is None else digits)
        if style == "tenge":
            return format_tenge(float(value), self.lang)
        if style == "decimal":
            return format_number(value, self.lang, 1 if digits is None else digits)
        return format_number(value, self.lang, digits or 0)

    def cell(
        self,
        value: float | int | str | None,
        source: Source | None = None,
        style: Style = "int",
        digits: int | None = None,
        text: str | None = None,
    ) -> Cell:
        """A printed value citing its source (no source: a label, not a figure)."""
        numeric = isinstance(value, int | float) and style != "text"
        printed = text if text is not None else self.format(value, style, digits)
        if value is None:  # an unknown figure cites nothing: there is no figure to trace
            return Cell(printed, None, None, numeric)
        return Cell(printed, value, self.cite(source), numeric)

    def label(self, text: str | None) -> Cell:
        return Cell(text or "–", text)
