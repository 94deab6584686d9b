"""What intake proposes: plain, immutable records that point at the words they came from.

Proposals are never stored by this package. Each carries its `Span` (character offsets into the
text given) so the accept step can cite the exact words, and a stable `key` so accepting the same
text twice can recognise what it already stored.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

Language = Literal["en", "ru", "kk"]
Precision = Literal["day", "month", "year"]


@dataclass(frozen=True)
class Span:
    """Half-open character range [start, end) in the submitted text."""

    start: int
    end: int

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class BodyEntry:
    """One responsible body of a registry, in the columns of `program/bodies.csv`."""

    code: str
    kind: str
    name_en: str
    name_ru: str = ""
    name_kk: str = ""
    former_names: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    region_code: str = ""
    settlement: str = ""

    def names(self) -> tuple[str, ...]:
        stated = (self.name_en, self.name_ru, self.name_kk, *self.former_names, *self.aliases)
        return tuple(name for name in stated if name.strip())


@dataclass(frozen=True)
class PlaceEntry:
    """A town or a region the texts name, with its names in the three languages."""

    code: str
    name_en: str
    name_ru: str = ""
    name_kk: str = ""
    region_code: str = ""
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        stated = (self.name_en, self.name_ru, self.name_kk, *self.aliases)
        return tuple(name for name in stated if name.strip())


@dataclass(frozen=True)
class MetricEntry:
    """A metric a figure may be an instance of: a catalog indicator or a stated program fact."""

    code: str
    source: Literal["catalog", "program_facts"]
    names: tuple[str, ...]
    unit: str
    value: float | None = None
    period: str = ""


@dataclass(frozen=True)
class BodyMatch:
    code: str
    name: str
    span: Span
    how: str  # "name", "alias", "abbreviation", "coordinated", "region"


@dataclass(frozen=True)
class PlaceMatch:
    code: str
    name: str
    span: Span


@dataclass(frozen=True)
class Deadline:
    """A resolved deadline: the last day, how precise the text is, and the words that say it."""

    on: date
    precision: Precision
    phrase: str
    span: Span
    rule: str  # which construction resolved it, e.g. "month-day", "within", "end-of-year"


@dataclass(frozen=True)
class Directive:
    action: str
    bodies: tuple[BodyMatch, ...]
    deadline: Deadline | None
    towns: tuple[PlaceMatch, ...]
    span: Span
    cue: str

    @property
    def key(self) -> str:
        return _key("directive", self.span, self.action)


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str
    scale: str
    qualifier: str  # "", "more_than", "about", "up_to", "at_least", "less_than"
    stated: str
    period: str
    scope: tuple[PlaceMatch, ...]
    metric: str
    span: Span
    sentence: Span

    @property
    def key(self) -> str:
        return _key("figure", self.span, f"{self.value}{self.unit}")


@dataclass(frozen=True)
class NamedObject:
    kind: str  # "project", "zone", "works", "program", "plan", "enterprise"
    name: str
    towns: tuple[PlaceMatch, ...]
    matched: str
    span: Span


@dataclass(frozen=True)
class Speaker:
    name: str
    post: str
    span: Span


@dataclass(frozen=True)
class EventProposal:
    on: date | None
    precision: Precision | None
    date_source: Literal["text", "given", "none"]
    kind: str
    chair: Speaker | None
    speakers: tuple[Speaker, ...]


@dataclass(frozen=True)
class Proposal:
    """Everything intake proposes for one text; `to_dict` is the JSON the CLI and API print."""

    language: Language
    event: EventProposal
    directives: tuple[Directive, ...]
    figures: tuple[Figure, ...]
    objects: tuple[NamedObject, ...]
    text_sha256: str
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for directive, raw in zip(self.directives, data["directives"], strict=True):
            raw["key"] = directive.key
        for figure, raw in zip(self.figures, data["figures"], strict=True):
            raw["key"] = figure.key
        jsonable: dict[str, Any] = _jsonable(data)
        return jsonable


def _key(kind: str, span: Span, words: str) -> str:
    digest = hashlib.sha256(f"{kind}|{span.start}|{span.end}|{words}".encode()).hexdigest()
    return f"{kind}:{digest[:16]}"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
