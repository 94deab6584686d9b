"""The review page's two halves: the text cut into segments that know which proposals cover
them (so each is highlighted beside its row), and the editable table read back from the form.

Rows travel as the dicts of `intake_models.editable`; the form names a row's fields
`d-<row>-<field>` (directives) and `f-<row>-<field>` (figures), `<row>` any unique token, so a
row added by htmx needs no renumbering. A row without a span gives the words it quotes instead.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from monotown.errors import InputError
from monotown.web.intake_models import AcceptIn

_ROW_FIELD = re.compile(r"^([df])-([A-Za-z0-9]{1,16})-([a-z_]+)$")
_LIST = re.compile(r"[;,]")


@dataclass(frozen=True)
class Segment:
    """Characters of the text covered by the same proposals (`rows`: 'd3', 'f7', ...)."""

    text: str
    rows: tuple[str, ...]

    @property
    def css(self) -> str:
        kinds = {row[0] for row in self.rows}
        return " ".join(sorted({"d": "directive", "f": "figure"}[kind] for kind in kinds))


def segments(text: str, rows: Mapping[str, list[dict[str, Any]]]) -> list[Segment]:
    """`text` cut at every span boundary of the rows (directives as 'd<i>', figures 'f<i>')."""
    spans: list[tuple[int, int, str]] = []
    for prefix, kind in (("d", "directives"), ("f", "figures")):
        for index, row in enumerate(rows.get(kind, [])):
            span = row.get("span") or {}
            start, end = int(span.get("start", 0)), int(span.get("end", 0))
            if 0 <= start < end <= len(text):
                spans.append((start, end, f"{prefix}{index}"))
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    result: list[Segment] = []
    for start, end in itertools.pairwise(cuts):
        covering = tuple(name for s, e, name in spans if s <= start and end <= e)
        result.append(Segment(text[start:end], covering))
    return result


def _split(value: str) -> list[str]:
    return [item.strip() for item in _LIST.split(value) if item.strip()]


def _rows(form: Mapping[str, str], prefix: str) -> list[tuple[str, dict[str, str]]]:
    found: dict[str, dict[str, str]] = {}
    for name, value in form.items():
        match = _ROW_FIELD.match(name)
        if match and match[1] == prefix:
            found.setdefault(match[2], {})[match[3]] = value
    return list(found.items())


def _span(cells: dict[str, str], text: str, where: str) -> dict[str, int]:
    start, end = cells.get("start", "").strip(), cells.get("end", "").strip()
    if start.isdigit() and end.isdigit():
        return {"start": int(start), "end": int(end)}
    quote = " ".join(cells.get("quote", "").split())
    if not quote:
        raise InputError("copy the words of the text it comes from", field=f"{where}.quote")
    # The words as copied from the page: any run of spaces or line breaks between them.
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    hit = re.search(pattern, text)
    if hit is None:
        raise InputError("these words are not in the text", field=f"{where}.quote")
    return {"start": hit.start(), "end": hit.end()}


def form_rows(form: Mapping[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Every row of the review form as it was shown (kept or dropped), edits as typed."""
    rows: dict[str, list[dict[str, Any]]] = {"directives": [], "figures": []}
    for token, cells in _rows(form, "d"):
        rows["directives"].append(
            {
                "row": token,
                "keep": cells.get("keep") == "on",
                "action": cells.get("action", "").strip(),
                "bodies": _split(cells.get("bodies", "")),
                "towns": _split(cells.get("towns", "")),
                "deadline": cells.get("deadline", "").strip() or None,
                "deadline_precision": cells.get("deadline_precision", "").strip() or None,
                "deadline_phrase": cells.get("deadline_phrase", "").strip(),
                "key": cells.get("key", ""),
                "quote": cells.get("quote", ""),
                "cells": cells,
            }
        )
    for token, cells in _rows(form, "f"):
        rows["figures"].append(
            {
                "row": token,
                "keep": cells.get("keep") == "on",
                "value": cells.get("value", "").strip(),
                "unit": cells.get("unit", "").strip(),
                "period": cells.get("period", "").strip(),
                "metric": cells.get("metric", "").strip(),
                "scope": _split(cells.get("scope", "")),
                "qualifier": cells.get("qualifier", ""),
                "stated": cells.get("stated", ""),
                "key": cells.get("key", ""),
                "quote": cells.get("quote", ""),
                "cells": cells,
            }
        )
    text = form.get("text", "")
    for kind in ("directives", "figures"):
        for row in rows[kind]:
            cells = row.pop("cells")
            try:
                row["span"] = _span(cells, text, kind)
            except InputError:
                continue
            start, end = cells.get("sentence_start", ""), cells.get("sentence_end", "")
            if start.isdigit() and end.isdigit():
                row["sentence"] = {"start": int(start), "end": int(end)}
    return rows


_NOT_SENT = ("row", "keep", "quote")


def accept_in(form: Mapping[str, str], rows: dict[str, list[dict[str, Any]]]) -> AcceptIn:
    """The `AcceptIn` of the kept rows, or InputError naming the first bad row and field."""
    text = form.get("text", "")
    kept: dict[str, list[dict[str, Any]]] = {"directives": [], "figures": []}
    for kind in ("directives", "figures"):
        for row in rows[kind]:
            if not row["keep"]:
                continue
            where = f"{kind}[{len(kept[kind]) + 1}]"
            if "span" not in row:
                _span({"quote": row.get("quote", "")}, text, where)  # raises, naming the row
            kept[kind].append({key: value for key, value in row.items() if key not in _NOT_SENT})
    try:
        return AcceptIn(
            text=text,
            date=form.get("date") or None,
            lang=form.get("lang") or None,  # type: ignore[arg-type]
            publisher=form.get("publisher", ""),
            figures_only=form.get("figures_only") == "on",
            directives=kept["directives"],  # type: ignore[arg-type]
            figures=kept["figures"],  # type: ignore[arg-type]
        )
    except ValidationError as error:
        problem = error.errors()[0]
        field = ".".join(str(part) for part in problem.get("loc", ()))
        raise InputError(str(problem.get("msg", "invalid")), field=field) from None
