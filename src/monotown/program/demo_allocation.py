"""Splitting a real total into made-up parts that add up to it exactly.

The demo generator uses this so that synthetic records never contradict the real aggregates: 41
project values add up to exactly 1.4 trillion tenge, budget lines to exactly 348.4 billion.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence


def split_total(total: int, weights: Sequence[float], *, minimum: int = 0) -> list[int]:
    """Whole-number parts proportional to `weights`, each at least `minimum`, summing to `total`
    (largest-remainder rounding, ties to the earlier part)."""
    if not weights:
        raise ValueError("no parts to split into")
    spare = total - minimum * len(weights)
    if spare < 0:
        raise ValueError(f"{total} is less than {len(weights)} parts of at least {minimum}")
    scale = sum(weights)
    exact = [spare * weight / scale for weight in weights]
    parts = [int(value) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for index in by_remainder[: spare - sum(parts)]:
        parts[index] += 1
    return [part + minimum for part in parts]


def lognormal_weights(rng: random.Random, count: int, sigma: float = 0.8) -> list[float]:
    """Skewed positive weights: a few large parts, many small ones, as project values are."""
    return [rng.lognormvariate(0, sigma) for _ in range(count)]


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A day between `start` and `end` inclusive."""
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (clipped to the 28th so every month has it)."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, min(day.day, 28))
