"""The indicator tree (indicator -> pillar -> ... -> index) as the pipeline and Monte Carlo use it.

Built from a methodology and the indicators that survived selection: aggregates left without any
member are pruned, so a dropped indicator never leaves an empty pillar behind.
"""

from __future__ import annotations

from dataclasses import dataclass

from monotown.assess.methodology import Methodology
from monotown.errors import InputError


@dataclass(frozen=True)
class Tree:
    indicators: list[str]
    aggregates_by_level: list[list[str]]  # bottom-up; the last level holds the root alone
    children: dict[str, list[str]]
    parent: dict[str, str]
    weight: dict[str, float]
    names: dict[str, str]

    @property
    def root(self) -> str:
        return self.aggregates_by_level[-1][0]

    @property
    def pillars(self) -> list[str]:
        """Aggregates directly above the indicators."""
        return sorted({self.parent[code] for code in self.indicators}, key=self.order.index)

    @property
    def order(self) -> list[str]:
        return [code for level in self.aggregates_by_level for code in level]

    def effective_weights(self) -> dict[str, float]:
        """Each indicator's share of the root under arithmetic aggregation (weights normalised)."""
        share: dict[str, float] = {self.root: 1.0}
        for level in reversed(self.aggregates_by_level):
            for code in level:
                kids = self.children[code]
                total = sum(self.weight[k] for k in kids)
                for kid in kids:
                    share[kid] = share[code] * (self.weight[kid] / total if total else 0.0)
        return {code: share[code] for code in self.indicators}


def build_tree(methodology: Methodology, kept: list[str] | None = None) -> Tree:
    """The tree over `kept` indicators (all of the methodology's when None), pruned and levelled."""
    keep = set(methodology.indicator_codes if kept is None else kept)
    indicators = [i.code for i in methodology.indicators if i.code in keep]
    if not indicators:
        raise InputError("no indicator of the methodology has enough data to be used")
    parent = {i.code: i.parent for i in methodology.indicators if i.code in keep}
    weight = {i.code: i.weight for i in methodology.indicators if i.code in keep}
    names = {i.code: i.name or i.code for i in methodology.indicators}
    agg_parent = {a.code: a.parent for a in methodology.aggregates}
    names.update({a.code: a.name or a.code for a in methodology.aggregates})
    live: set[str] = set()
    for code in indicators:
        node: str | None = parent[code]
        while node is not None and node not in live:
            live.add(node)
            node = agg_parent[node]
    children: dict[str, list[str]] = {code: [] for code in live}
    for code in indicators:
        children[parent[code]].append(code)
    for agg in methodology.aggregates:
        if agg.code in live:
            weight[agg.code] = agg.weight
            if agg.parent is not None:
                parent[agg.code] = agg.parent
                children[agg.parent].append(agg.code)
    depth: dict[str, int] = {}

    def level_of(code: str) -> int:
        if code not in depth:
            depth[code] = 1 + max(
                (level_of(kid) if kid in children else 0) for kid in children[code]
            )
        return depth[code]

    for code in live:
        level_of(code)
    top = max(depth.values())
    levels = [
        [a.code for a in methodology.aggregates if depth.get(a.code) == lev]
        for lev in range(1, top + 1)
    ]
    levels = [level for level in levels if level]
    if len(levels[-1]) != 1 or levels[-1][0] != methodology.root:
        raise InputError("the tree's root must sit above every other aggregate")
    return Tree(
        indicators=indicators,
        aggregates_by_level=levels,
        children=children,
        parent=parent,
        weight=weight,
        names=names,
    )
