"""Which known metric a figure is an instance of: a stated program fact or a catalog indicator.

A program fact matches on value (within 0.5 %) and unit, preferring the same period; a catalog
indicator matches on the words of the sentence against its name and on a compatible unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from monotown.intake.model import MetricEntry
from monotown.intake.morphology import tokenize

_UNIT_FAMILY = {
    "KZT": "KZT", "bn KZT": "KZT", "mn KZT": "KZT", "thousand KZT": "KZT", "USD": "USD",
    "%": "percent", "percent": "percent", "percentage points": "percent",
    "persons": "person", "person": "person", "jobs": "job", "job": "job",
    "enterprises": "enterprise", "projects": "project", "contracts": "contract",
    "towns": "town", "measures": "measure", "boilers": "boiler", "turbines": "turbine",
    "areas": "area", "centers": "center", "indicators": "indicator", "districts": "district",
    "MCI": "MCI", "specialist": "person", "specialists": "person",
}  # fmt: skip
_STOP = frozenset(
    [
        "of",
        "the",
        "a",
        "in",
        "on",
        "to",
        "and",
        "or",
        "for",
        "with",
        "by",
        "per",
        "at",
        "is",
        "are",
        "share",
        "number",
        "rate",
        "total",
        "в",
        "на",
        "и",
        "по",
        "с",
        "для",
        "из",
        "доля",
        "число",
        "уровень",
        "және",
        "мен",
        "бойынша",
        "үлесі",
        "саны",
    ]
)


def unit_family(unit: str) -> str:
    return _UNIT_FAMILY.get(unit, unit.rstrip("s") if unit.endswith("s") else unit)


def match_metric(
    metrics: Sequence[MetricEntry], value: float, unit: str, period: str, sentence: str
) -> str:
    """'program_facts:<topic.metric@period>' or 'catalog:<code>', or '' when none fits."""
    family = unit_family(unit)
    facts = [
        metric
        for metric in metrics
        if metric.source == "program_facts"
        and metric.value is not None
        and unit_family(metric.unit) == family
        and abs(metric.value - value) <= 0.005 * max(abs(metric.value), 1e-9)
    ]
    if facts:
        facts.sort(key=lambda metric: (metric.period != period, -_overlap(metric, sentence)))
        return f"program_facts:{facts[0].code}"
    words = _content_keys(sentence)
    best: tuple[float, str] | None = None
    for metric in metrics:
        if metric.source != "catalog" or unit_family(metric.unit) != family:
            continue
        score = max((_name_score(name, words) for name in metric.names), default=0.0)
        if score >= 0.75 and (best is None or score > best[0]):
            best = (score, metric.code)
    return f"catalog:{best[1]}" if best else ""


def _overlap(metric: MetricEntry, sentence: str) -> float:
    return max((_name_score(name, _content_keys(sentence)) for name in metric.names), default=0.0)


def _name_score(name: str, words: frozenset[str]) -> float:
    keys = _name_keys(name)
    if not keys:
        return 0.0
    hits = sum(1 for word_keys in keys if word_keys & words)
    return hits / len(keys) if hits >= min(2, len(keys)) else 0.0


@lru_cache(maxsize=2048)
def _name_keys(name: str) -> tuple[frozenset[str], ...]:
    return tuple(
        token.keys for token in tokenize(name, "any") if token.is_word and token.lower not in _STOP
    )


@lru_cache(maxsize=512)
def _content_keys(sentence: str) -> frozenset[str]:
    keys: set[str] = set()
    for token in tokenize(sentence, "any"):
        if token.is_word and token.lower not in _STOP:
            keys.update(token.keys)
    return frozenset(keys)
