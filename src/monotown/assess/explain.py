"""Explanations per town: pillar scores, the indicators that pull it furthest above or below its
group's median (strengths and weaknesses), and rank and group change against a previous result.

An indicator's contribution to the distance from the group median is its effective weight in the
index (the product of the normalised weights on its path, exact for arithmetic aggregation and a
first-order share for geometric) times the town's normalised score minus the group's median score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from monotown.assess.pipeline import AssessmentResult
from monotown.errors import NotFoundError


@dataclass(frozen=True)
class Explanation:
    unit: str
    name: str
    index: float
    rank: int | None
    group: str | None
    pillars: pd.DataFrame  # pillar, score, group_median, difference
    strengths: pd.DataFrame  # indicator, pillar, score, group_median, contribution
    weaknesses: pd.DataFrame
    imputed: list[str]
    previous_rank: int | None = None
    previous_group: str | None = None
    previous_run: int | None = None

    @property
    def rank_change(self) -> int | None:
        """Places gained since the previous run (positive = better)."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank


def contributions(result: AssessmentResult) -> pd.DataFrame:
    """Units x indicators: effective weight x (normalised score - group median score)."""
    normalised = result.prepared.normalised[result.tree.indicators]
    share = pd.Series(result.tree.effective_weights())
    groups = result.group.reindex(normalised.index)
    medians = normalised.groupby(groups).transform("median")
    return (normalised - medians).mul(share, axis=1)


def explain(result: AssessmentResult, unit: str, *, top: int = 5) -> Explanation:
    """Why a town scores as it does, relative to the other towns of its group."""
    if unit not in result.index.index:
        raise NotFoundError(f"no unit '{unit}' in this assessment")
    group = result.group.get(unit)
    members = result.group.index[result.group == group] if group is not None else result.index.index
    tree = result.tree
    pillars = pd.DataFrame(
        {
            "pillar": tree.pillars,
            "name": [tree.names.get(p, p) for p in tree.pillars],
            "score": [result.aggregates.loc[unit, p] for p in tree.pillars],
            "group_median": [result.aggregates.loc[members, p].median() for p in tree.pillars],
        }
    )
    pillars["difference"] = pillars["score"] - pillars["group_median"]
    normalised = result.prepared.normalised[tree.indicators]
    medians = normalised.loc[members].median()
    share = pd.Series(tree.effective_weights())
    table = pd.DataFrame(
        {
            "indicator": tree.indicators,
            "pillar": [tree.parent[code] for code in tree.indicators],
            "score": normalised.loc[unit].to_numpy(),
            "group_median": medians.to_numpy(),
        }
    )
    table["contribution"] = (table["score"] - table["group_median"]) * share.reindex(
        tree.indicators
    ).to_numpy()
    ranked = table.dropna(subset=["contribution"]).sort_values("contribution")
    strengths = ranked[ranked["contribution"] > 0].iloc[::-1].head(top).reset_index(drop=True)
    weaknesses = ranked[ranked["contribution"] < 0].head(top).reset_index(drop=True)
    imputed_row = result.prepared.imputed_mask.loc[unit]
    names = result.units.get("name")
    rank = result.rank.get(unit)
    return Explanation(
        unit=unit,
        name=str(names.get(unit, unit)) if names is not None else unit,
        index=float(result.index[unit]),
        rank=None if rank is None or pd.isna(rank) else int(rank),
        group=group,
        pillars=pillars,
        strengths=strengths,
        weaknesses=weaknesses,
        imputed=[str(code) for code, flag in imputed_row.items() if flag],
    )


def changes(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Rank and group change between two results tables (columns unit, index, rank, group).

    A positive rank change is an improvement (a smaller rank number).
    """
    left = current.set_index("unit")[["index", "rank", "group"]]
    right = previous.set_index("unit")[["index", "rank", "group"]].add_suffix("_previous")
    joined = left.join(right, how="outer")
    joined["rank_change"] = joined["rank_previous"] - joined["rank"]
    joined["index_change"] = joined["index"] - joined["index_previous"]
    joined["group_changed"] = pd.Series(
        [
            bool(a != b) if isinstance(a, str) and isinstance(b, str) else None
            for a, b in zip(joined["group"], joined["group_previous"], strict=True)
        ],
        index=joined.index,
        dtype=object,
    )
    joined["rank_change"] = joined["rank_change"].astype("Float64")
    return joined.reset_index().sort_values("rank", na_position="last").reset_index(drop=True)


def mean_absolute_rank_shift(table: pd.DataFrame) -> float:
    values = table["rank_change"].dropna().to_numpy(dtype=float)
    return float(np.abs(values).mean()) if values.size else 0.0
