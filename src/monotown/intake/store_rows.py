"""The rows an accepted text writes, one dict of cell texts per record, in the columns of the
program importer's entities (events, event texts, directives, facts); no queries."""

from __future__ import annotations

import datetime as dt
import hashlib

from monotown.events.models import Event
from monotown.intake.model import Span
from monotown.intake.review import Review, ReviewedDirective, ReviewedFigure
from monotown.intake.stored import StoredFact, same_value
from monotown.program.fields import to_text

# A fact's `event` label: short enough that its key ("as_of | event | metric") fits a citation.
TITLE_LIMIT = 240


def date_text(on: dt.date | None, precision: str | None) -> str:
    if on is None:
        return ""
    value = on.isoformat()
    return {"day": value, "month": value[:7], "year": value[:4]}.get(precision or "day", value)


def event_title(review: Review, event: Event | None) -> str:
    if event is not None:
        return event.title_en
    when = date_text(review.event.on, review.event.precision) or "date not stated"
    kind = review.event.kind.replace("_", " ")
    if review.language == "en" and review.title:
        return review.title[:TITLE_LIMIT]
    return f"{kind.capitalize()} ({when})"


def event_row(review: Review, code: str, kind: str, title: str) -> dict[str, str]:
    own_title = {"ru": "title_ru", "kk": "title_kk"}.get(review.language)
    posts: dict[str, str] = {}
    for name, post in review.event.speakers:  # one entry per person, the first post given
        posts.setdefault(name.replace(";", ",")[:200], post.replace(";", ",")[:400])
    speakers = [f"{name} / {post}" if post else name for name, post in posts.items()]
    return {
        "code": code,
        "kind": kind,
        "held_on": review.event.on.isoformat() if review.event.on else "",
        "date_precision": review.event.precision or "year",
        "title_en": title,
        "title_ru": review.title[:400] if own_title == "title_ru" else "",
        "title_kk": review.title[:400] if own_title == "title_kk" else "",
        "chair": review.event.chair[:300],
        "speakers": "; ".join(speakers),
        "note": f"reported by a text accepted through intake (intake's kind: {review.event.kind})",
    }


def text_row(review: Review, text_code: str, event_code: str, file_name: str) -> dict[str, str]:
    return {
        "code": text_code,
        "event": event_code,
        "publisher": (review.publisher or "not stated (submitted through intake)")[:300],
        "published_on": review.event.on.isoformat() if review.event.on else "",
        "published_precision": review.event.precision or "year",
        "language": review.language,
        "title": review.title[:400],
        "resource": f"intake: {file_name}"[:300],
        "sha256": review.text_sha256,
        "content": review.text,
    }


def directive_code(review: Review, directive: ReviewedDirective) -> str:
    digest = directive.key.removeprefix("directive:") or _digest(directive.span, directive.action)
    return f"in-{review.text_sha256[:10]}-{digest[:12]}"


def _digest(span: Span, words: str) -> str:
    return hashlib.sha256(f"{span.start}|{span.end}|{words}".encode()).hexdigest()


def directive_row(
    review: Review, directive: ReviewedDirective, code: str, title: str
) -> dict[str, str]:
    on = review.event.on if review.event.precision == "day" else None
    where = f"characters {directive.span.start}-{directive.span.end} of the text"
    note = f"accepted through intake ({where})"
    if directive.proposed:
        note += f"; {directive.proposed}"
    return {
        "code": code,
        "issued_at": title[:300],
        "issued_on": on.isoformat() if on else "",
        "text": directive.action,
        "responsible": "; ".join(directive.bodies),
        "towns": "; ".join(directive.towns),
        "deadline": directive.deadline.isoformat() if directive.deadline else "",
        "deadline_stated": directive.deadline_phrase[:200],
        "deadline_precision": directive.deadline_precision or "" if directive.deadline else "",
        "status": "open",
        "synthetic": "no",
        "source": _source(review),
        "note": note,
    }


def _source(review: Review) -> str:
    who = review.publisher or "press text"
    when = date_text(review.event.on, review.event.precision)
    return f"{who}{', ' + when if when else ''} (intake)"[:500]


def fact_row(
    review: Review, figure: ReviewedFigure, title: str, facts: list[StoredFact]
) -> tuple[str, dict[str, str] | None]:
    """The key of the stored fact the figure is, and the row to create (None: it is stored)."""
    topic, metric, as_of = _fact_metric(review, figure)
    label = title[:TITLE_LIMIT]
    for fact in facts:
        same_metric = fact.metric == metric and fact.as_of == as_of
        program_wide = figure.metric.startswith("program_facts:")
        same_event = program_wide or fact.event == label
        if same_metric and same_event and same_value(fact.value, figure.value):
            return fact.key, None
    taken = {(fact.as_of, fact.event, fact.metric) for fact in facts}
    unique, number = metric, 1
    while (as_of, label, unique) in taken:
        number += 1
        unique = f"{metric}_{number}"
    scope = ", ".join(figure.scope) or None
    note = " ".join(part for part in (figure.qualifier.replace("_", " "), figure.stated) if part)
    if figure.proposed:
        note += f"; {figure.proposed}"
    row = {
        "as_of": as_of,
        "event": label,
        "topic": topic,
        "metric": unique,
        "value": to_text(float(figure.value)),
        "unit": figure.unit or "count",
        "scope": scope or "",
        "synthetic": "no",
        "source": _source(review),
        "note": note[:5000],
    }
    return f"{as_of} | {label} | {unique}", row


def _fact_metric(review: Review, figure: ReviewedFigure) -> tuple[str, str, str]:
    """(topic, metric, as_of): a matched program fact's own, else from the catalog or unit."""
    year = str(review.event.on.year) if review.event.on else "undated"
    as_of = figure.period or year
    if figure.metric.startswith("program_facts:"):
        code = figure.metric.removeprefix("program_facts:")
        topic_metric, _, period = code.partition("@")
        topic, _, metric = topic_metric.partition(".")
        return topic, metric, period or as_of
    if figure.metric.startswith("catalog:"):
        return "catalog", figure.metric.removeprefix("catalog:")[:120], as_of
    unit = "".join(char if char.isalnum() else "_" for char in (figure.unit or "count").lower())
    return "stated", f"stated_{unit}"[:110], as_of
