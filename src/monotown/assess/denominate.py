"""Denomination: turn counts into intensities (per capita, per 1,000 residents, per km2).

COINr `Denominate`: x / (denominator / ScaleFactor), i.e. x * scale / denominator. A zero or missing
denominator gives a missing value, never an infinity.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from monotown.assess.methodology import DenominationSpec
from monotown.errors import InputError


def denominate(data: pd.DataFrame, specs: list[DenominationSpec]) -> pd.DataFrame:
    """Divide each named indicator by its denominator column and multiply by the scale."""
    out = data.copy()
    for spec in specs:
        if spec.indicator not in data.columns:
            raise InputError("indicator to denominate is not in the data", field=spec.indicator)
        if spec.by not in data.columns:
            raise InputError(
                f"denominator '{spec.by}' is not in the data", field=spec.indicator, value=spec.by
            )
        denominator = data[spec.by].astype(float).replace(0.0, np.nan)
        out[spec.indicator] = data[spec.indicator].astype(float) * spec.scale / denominator
    return out
