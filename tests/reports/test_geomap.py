"""The map's borders are simplified to what its printed size can show, and stay the same borders."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from monotown.reports.geomap import (
    border_tolerance,
    printed_rings,
    region_rings,
    simplify_ring,
)


def _distance_to_ring(point: np.ndarray, ring: np.ndarray) -> float:
    starts, ends = ring[:-1], ring[1:]
    chord = ends - starts
    lengths = np.maximum((chord**2).sum(axis=1), 1e-300)
    along = np.clip(((point - starts) * chord).sum(axis=1) / lengths, 0, 1)
    nearest = starts + along[:, None] * chord
    return float(np.hypot(*(point - nearest).T).min())


def test_the_briefing_map_draws_a_third_of_the_points_within_a_tenth_of_a_millimetre() -> None:
    tolerance = border_tolerance(170, 95)
    assert 0.01 < tolerance < 0.05  # degrees: about 4 mm a degree on the page
    original, printed = region_rings(), printed_rings(tolerance)
    assert printed_rings(tolerance) is printed  # computed once
    assert len(printed) == len(original)
    assert sum(map(len, printed)) < sum(map(len, original)) / 2
    for before, after in zip(original, printed, strict=True):
        assert after[0] == before[0] and after[-1] == before[-1]
        assert set(after) <= set(before)
        shape = np.asarray(after)
        for point in np.asarray(before)[:: max(1, len(before) // 50)]:
            assert _distance_to_ring(point, shape) <= tolerance + 1e-9
    assert border_tolerance(80, 45) > tolerance  # a smaller map shows less


coordinates = st.floats(min_value=-10, max_value=10, allow_nan=False)


@given(st.lists(st.tuples(coordinates, coordinates), min_size=4, max_size=60))
def test_every_left_out_point_lies_within_the_tolerance(points: list[tuple[float, float]]) -> None:
    ring = [*points, points[0]]
    simplified = simplify_ring(ring, 0.5)
    assert simplified[0] == ring[0] and simplified[-1] == ring[-1]
    assert len(simplified) >= min(len(ring), 4)
    shape = np.asarray(simplified)
    for point in np.asarray(ring):
        assert _distance_to_ring(point, shape) <= 0.5 + 1e-6
