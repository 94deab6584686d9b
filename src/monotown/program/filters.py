"""Filtering program frames by town, region and real/synthetic, with names in any language.

Town and region names are resolved through the registry first, so `--town Балхаш` works and a typo
gets the registry's "did you mean" error instead of an empty answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from monotown.errors import InputError
from monotown.program.fields import Lookups
from monotown.registry import find_region, find_settlement


def filter_frame(
    session: Session,
    frame: pd.DataFrame,
    *,
    town: str | None = None,
    region: str | None = None,
    synthetic: bool | None = None,
    equals: Mapping[str, tuple[Any, Sequence[str] | None]] | None = None,
) -> pd.DataFrame:
    """Rows of `frame` for one town and/or region (any language or code) and real or demo records.

    Works on frames with a `town`/`region` column or with `towns`/`regions` list columns.
    `equals` maps a column to the value it must hold (None: any) and the vocabulary that value
    must come from (None: free text); a value outside it is an InputError naming the valid ones.
    """
    keep = pd.Series(True, index=frame.index)
    if town:
        label = Lookups(session).town_label(find_settlement(session, town).id)
        keep &= _matches(frame, "town", "towns", label)
    if region:
        keep &= _matches(frame, "region", "regions", find_region(session, region).name_en)
    if synthetic is not None:
        keep &= frame["synthetic"] == synthetic
    for column, (value, options) in (equals or {}).items():
        if value is None:
            continue
        if options is not None and value not in options:
            raise InputError(f"must be one of {', '.join(options)}", field=column, value=value)
        keep &= frame[column] == value
    return frame[keep]


def real_first(frame: pd.DataFrame) -> pd.DataFrame:
    """Real records first, demo ones after, each in their stored order (renumbered from 0)."""
    order = frame["synthetic"].astype(bool).to_numpy().argsort(kind="stable")
    return frame.iloc[order].reset_index(drop=True)


def _matches(frame: pd.DataFrame, single: str, many: str, value: str) -> pd.Series:
    if single in frame.columns:
        return frame[single] == value
    if many in frame.columns:
        return pd.Series([value in items for items in frame[many]], index=frame.index)
    return pd.Series(True, index=frame.index)
