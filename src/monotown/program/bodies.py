"""The registry of responsible bodies: loading `bodies.csv` and resolving what a text calls a body.

A name resolves through the body's names in en/ru/kk first, then its aliases, then its former names;
case, quotes, dashes and legal-form words (JSC, LLP, АО, ТОО ...) do not matter. A spelling that
matches two bodies at the same level is left unresolved rather than guessed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.errors import InputError
from monotown.models.names import localised_with_language
from monotown.program.body_models import Body
from monotown.program.vocabulary import BODY_KINDS
from monotown.records.encodings import decode_text
from monotown.registry.models import Region, Settlement

BODIES_FILE = "bodies.csv"
BODY_COLUMNS = (
    "code",
    "kind",
    "name_en",
    "name_ru",
    "name_kk",
    "former_names",
    "aliases",
    "region_code",
    "settlement",
    "source",
)
LANGUAGES = ("en", "ru", "kk")
_FOLD = str.maketrans({c: " " for c in "«»“”\"'’‘.,()"} | {"–": "-", "—": "-", "ё": "е"})
_LEGAL = re.compile(r"\b(jsc|llp|nc|ao|too|ао|тоо|нк|ақ|жшс)\b")
_CACHE_KEY = "monotown.program.bodies.index"


def normalised_name(name: str) -> str:
    """A body's name reduced to what identifies it: folded case, quotes and legal forms."""
    folded = _LEGAL.sub(" ", name.casefold().translate(_FOLD))
    return re.sub(r"\s+", " ", folded).strip()


@dataclass(frozen=True)
class BodyIndex:
    """Normalised spelling -> body id, one map per level (names, aliases, former names)."""

    levels: tuple[dict[str, int | None], ...]

    def resolve(self, name: str) -> int | None:
        key = normalised_name(name)
        for level in self.levels:
            if key in level:
                return level[key]
        return None


def build_index(bodies: Iterable[Body]) -> BodyIndex:
    """The lookup maps; a spelling shared by two bodies on one level maps to None (ambiguous)."""
    levels: tuple[dict[str, int | None], ...] = ({}, {}, {})
    for body in bodies:
        names_given = [body.name_en, body.name_ru, body.name_kk, body.code]
        tiers: tuple[list[str], ...] = (
            [name for name in names_given if name],
            _split(body.aliases),
            _split(body.former_names),
        )
        for level, names in zip(levels, tiers, strict=True):
            for name in names:
                if not name:
                    continue
                key = normalised_name(name)
                if key in level and level[key] != body.id:
                    level[key] = None
                else:
                    level[key] = body.id
    return BodyIndex(levels)


def body_index(session: Session) -> BodyIndex:
    """The index of the stored registry, built once per session (reset by `load_bodies`)."""
    index = session.info.get(_CACHE_KEY)
    if index is None:
        index = build_index(session.scalars(select(Body)))
        session.info[_CACHE_KEY] = index
    return index


def resolve_body(session: Session, name: str) -> int | None:
    """The id of the body `name` denotes, or None when the registry does not know it."""
    return body_index(session).resolve(name)


def _split(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split("|") if item.strip()]


def body_name(body: Body, language: str) -> tuple[str, str]:
    """The body's name in `language` by the one fallback order and the language it is in."""
    name, shown = localised_with_language(body, language)
    return name, shown or "en"


def load_bodies(session: Session, data: bytes | None = None, file_name: str = BODIES_FILE) -> int:
    """Insert or update the bodies of `bodies.csv` (bundled by default); returns rows read.

    Every row is checked before anything is written, so a bad file changes nothing.
    """
    if data is None:
        data = resources.files("monotown.resources.program").joinpath(BODIES_FILE).read_bytes()
    reader = csv.DictReader(io.StringIO(decode_text(data, file=file_name)))
    missing = [column for column in BODY_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"lacks the column(s) {', '.join(missing)}", file=file_name)
    regions = set(session.scalars(select(Region.code)))
    towns = {name.casefold(): town_id for town_id, name in session.execute(
        select(Settlement.id, Settlement.name_en))}  # fmt: skip
    rows: list[tuple[dict[str, str], int | None]] = []
    seen: set[str] = set()
    for number, row in enumerate(reader, start=2):
        code, kind = (row.get("code") or "").strip(), (row.get("kind") or "").strip()
        if not code or code in seen:
            raise InputError(
                "is empty or repeated", field="code", value=code, file=file_name, row=number
            )
        if kind not in BODY_KINDS:
            raise InputError(
                f"must be one of {', '.join(BODY_KINDS)}",
                field="kind",
                value=kind,
                file=file_name,
                row=number,
            )
        if not (row.get("name_en") or "").strip():
            raise InputError("is required", field="name_en", file=file_name, row=number)
        region = (row.get("region_code") or "").strip()
        if region and region not in regions:
            raise InputError(
                "is not a region code of the registry",
                field="region_code",
                value=region,
                file=file_name,
                row=number,
            )
        settlement = (row.get("settlement") or "").strip()
        town_id = towns.get(settlement.casefold()) if settlement else None
        if kind == "town_akimat" and settlement and town_id is None:
            raise InputError(
                "is not a town of the registry",
                field="settlement",
                value=settlement,
                file=file_name,
                row=number,
            )
        seen.add(code)
        rows.append((row, town_id))
    stored = {body.code: body for body in session.scalars(select(Body))}
    for row, town_id in rows:
        body = stored.get(row["code"].strip()) or Body(code=row["code"].strip())
        body.kind = row["kind"].strip()
        for column in ("name_en", "name_ru", "name_kk", "former_names", "aliases", "source"):
            setattr(body, column, (row.get(column) or "").strip() or None)
        body.region_code = (row.get("region_code") or "").strip() or None
        body.settlement_id = town_id
        session.add(body)
    session.flush()
    session.info.pop(_CACHE_KEY, None)
    return len(rows)
