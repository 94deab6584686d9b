"""Loading the demo data: synthetic series for every reference town, anchored on real figures.

The model lives in `demo_model` (and docs/demo-data.md). Loading makes two batches: first the real
figures the registry holds (population, town-forming employment share) as official or estimate
values with their source, then the synthetic series for every town x catalog code x 2015-2025,
flagged 'synthetic'. Stored real values always win: the demo batch never replaces them, and a real
import later replaces synthetic values without a conflict (undo brings them back).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.data.catalog import catalog_is_empty, load_catalog
from monotown.data.demo_model import (
    SECTOR_OF_OKED,
    SEED,
    STEPS,
    YEARS,
    Array,
    CatalogEntry,
    Model,
    Towns,
)
from monotown.data.demo_real import (
    REAL_ONLY_CODES,
    covered_by_statements,
    real_values,
    reference_settlements,
    statements,
)
from monotown.data.importer import ImportReport, import_frame
from monotown.data.models import Indicator

DEMO_SOURCE = f"Monotown demo generator, seed {SEED}: synthetic, not real data"
# Words in an enterprise's name or sector that say it no longer runs.
FORMER_WORDS = ("historic", "former", "closed", "stopped", "idle")


@dataclass(frozen=True)
class DemoReport:
    towns: int
    indicators: int
    reference: ImportReport | None
    demo: ImportReport

    def summary(self) -> str:
        text = (
            f"demo data for {self.towns} towns x {self.indicators} indicators x "
            f"{YEARS[0]}-{YEARS[-1]}: {self.demo.summary()}"
        )
        if self.reference is not None:
            text += f"; real figures from the registry: {self.reference.summary()}"
        return text


def _reference_towns(session: Session) -> tuple[Towns, pd.DataFrame]:
    """Every non-synthetic settlement on a monotown list, with what the model needs, and the
    real values (registry figures as indicator values) the series must pass through."""
    settlements = reference_settlements(session)
    real = real_values(settlements)
    codes = [town.code for town in settlements]
    sectors, former = [], []
    for town in settlements:
        links = sorted(town.town_forming, key=lambda link: link.enterprise_id)
        okeds = [link.enterprise.sector_code for link in links if link.enterprise.sector_code]
        sectors.append(SECTOR_OF_OKED.get(okeds[0] if okeds else "", "industry"))
        labels = " ".join(
            f"{link.enterprise.name} {link.enterprise.sector_label or ''}" for link in links
        ).lower()
        former.append(1.0 if any(word in labels for word in FORMER_WORDS) else 0.0)
    known: dict[str, Array] = {}
    row_of = {code: index for index, code in enumerate(codes)}
    for item in real.itertuples(index=False):
        year = int(str(item.period)[:4])
        if not YEARS[0] <= year <= YEARS[-1] or item.settlement not in row_of:
            continue
        array = known.setdefault(str(item.indicator), np.full((len(codes), len(YEARS)), np.nan))
        array[row_of[str(item.settlement)], year - YEARS[0]] = float(str(item.value))
    totals: dict[tuple[str, int], float] = {}
    weakest: dict[int, Array] = {}
    declining: dict[int, Array] = {}
    for statement in statements():
        if statement.kind == "total" and statement.value is not None:
            totals[(statement.indicator, statement.year)] = statement.value
        elif statement.kind in ("weakest", "declining"):
            target = weakest if statement.kind == "weakest" else declining
            target[statement.year] = np.array([code in statement.towns for code in codes])
    nan = np.full(len(codes), np.nan)
    towns = Towns(
        codes=codes,
        regions=[town.region.code for town in settlements],
        sectors=sectors,
        former_enterprise=np.array(former),
        population=nan,
        population_year=np.zeros(len(codes)),
        tfe_employment=_latest(known.get("tfe_employment_share_pct"), len(codes)),
        tfe_employment_year=_latest_year(known.get("tfe_employment_share_pct"), len(codes)),
        known=known,
        totals=totals,
        covered=np.array([covered_by_statements(town) for town in settlements], dtype=bool),
        weakest=weakest,
        declining=declining,
    )
    return towns, real


def _latest(known: Array | None, count: int) -> Array:
    if known is None:
        return np.full(count, np.nan)
    result = np.full(count, np.nan)
    for row in range(count):
        points = np.flatnonzero(~np.isnan(known[row]))
        if len(points):
            result[row] = known[row, points[-1]]
    return result


def _latest_year(known: Array | None, count: int) -> Array:
    if known is None:
        return np.zeros(count)
    result = np.zeros(count)
    for row in range(count):
        points = np.flatnonzero(~np.isnan(known[row]))
        if len(points):
            result[row] = YEARS[points[-1]]
    return result


def _catalog(session: Session) -> list[CatalogEntry]:
    return [
        CatalogEntry(i.code, i.direction, i.target, i.min_value, i.max_value, i.unit)
        for i in session.scalars(select(Indicator).order_by(Indicator.id))
    ]


def _generic(model: Model, entry: CatalogEntry) -> Array:
    """A series for a code the model does not know: mid-range, better with health."""
    low = entry.low if entry.low is not None else 0.0
    high = entry.high if entry.high is not None else low + 100.0
    centre = (
        entry.target
        if entry.direction == "target" and entry.target is not None
        else (low + 0.3 * (high - low))
    )
    sign = {"higher": 1.0, "lower": -1.0}.get(entry.direction, 0.0)
    spread = 0.08 * (high - low)
    series: Array = centre + sign * spread * model.health
    return series + spread * 0.3 * model.draw.path(entry.code)


def decimals(unit: str, code: str) -> int:
    """Decimals a value is stored with, by unit (counts are whole)."""
    if code in ("wage_to_regional_avg_pct", "pop_change_pct"):
        return 2
    if unit in (
        "persons",
        "enterprises",
        "contracts",
        "projects",
        "jobs",
        "loans",
        "accidents",
        "schools",
        "KZT",
        "KZT per Gcal",
        "m2",
    ):
        return 0
    if unit in ("index 0-1",):
        return 4
    if unit in ("bn KZT", "per 1000", "per 10000", "per 100", "t per person", "index"):
        return 2
    return 1


# Identities recomputed from the rounded parts, so they hold exactly in the stored values.
IDENTITIES: dict[str, tuple[tuple[str, ...], Callable[[dict[str, Array]], Array]]] = {
    "net_migration_per_1000": (
        ("pop_change_pct", "natural_increase_per_1000"),
        lambda r: 10 * r["pop_change_pct"] - r["natural_increase_per_1000"],
    ),
    "working_age_share_pct": (
        ("under_16_share_pct", "over_65_share_pct"),
        lambda r: 100 - r["under_16_share_pct"] - r["over_65_share_pct"] - 4,
    ),
    "transfers_share_pct": (
        ("own_revenue_share_pct",),
        lambda r: 100 - r["own_revenue_share_pct"],
    ),
}


def generate(towns: Towns, catalog: list[CatalogEntry], seed: int = SEED) -> dict[str, Array]:
    """Every catalog code -> (towns x years) values, rounded and inside the code's range."""
    model = Model(towns, seed)
    for step in STEPS:
        step(model)
    result: dict[str, Array] = {}
    entries = {entry.code: entry for entry in catalog}
    for entry in catalog:
        values = model.series.get(entry.code)
        chosen = _generic(model, entry) if values is None else values
        result[entry.code] = _finish(chosen, entry, model.health.shape)
    for code, (parts, identity) in IDENTITIES.items():
        if code in entries and all(part in result for part in parts):
            result[code] = _finish(identity(result), entries[code], model.health.shape)
    return result


def _finish(values: Array, entry: CatalogEntry, shape: tuple[int, ...]) -> Array:
    """Broadcast a constant-over-time series to every year, clip into range, round."""
    low = -np.inf if entry.low is None else entry.low
    high = np.inf if entry.high is None else entry.high
    full = np.broadcast_to(values, shape)
    finished: Array = np.round(np.clip(full, low, high), decimals(entry.unit, entry.code))
    return finished


@lru_cache(maxsize=1)
def modelled_codes() -> frozenset[str]:
    """The codes the model computes (others get the generic series)."""
    towns = Towns(
        ["a"],
        ["r"],
        ["metals"],
        np.zeros(1),
        np.array([np.nan]),
        np.zeros(1),
        np.array([np.nan]),
        np.zeros(1),
    )
    model = Model(towns)
    for step in STEPS:
        step(model)
    return frozenset(model.series)


def demo_frame(session: Session) -> pd.DataFrame:
    """The synthetic values as a long frame (settlement, indicator, period, value, flag).

    No row where a real value exists (the series pass through it) and none for the codes that
    only ever hold real values."""
    towns, real = _reference_towns(session)
    catalog = [entry for entry in _catalog(session) if entry.code not in REAL_ONLY_CODES]
    series = generate(towns, catalog)
    codes = [entry.code for entry in catalog]
    per_code = len(towns.codes) * len(YEARS)
    frame = pd.DataFrame(
        {
            "settlement": np.tile(np.repeat(towns.codes, len(YEARS)), len(codes)),
            "indicator": np.repeat(codes, per_code),
            "period": np.tile(YEARS.astype(str), len(towns.codes) * len(codes)),
            "value": np.stack([series[code] for code in codes]).ravel(),
            "flag": "synthetic",
        }
    )
    if real.empty:
        return frame
    keys = pd.MultiIndex.from_frame(real[["settlement", "indicator", "period"]])
    mine = pd.MultiIndex.from_frame(frame[["settlement", "indicator", "period"]])
    return frame[~mine.isin(keys)].reset_index(drop=True)


def load_demo_data(session: Session, *, user: str | None = None) -> DemoReport:
    """Load the registry's real figures and the synthetic series (idempotent; real values win)."""
    if catalog_is_empty(session):
        load_catalog(session, user=user)
    towns, anchor_frame = _reference_towns(session)
    reference = None
    if not anchor_frame.empty:
        reference = import_frame(
            session,
            anchor_frame,
            name="registry reference figures",
            user=user or "monotown",
            origin="system",
            batch_format="reference",
            update=True,
        )
    demo = import_frame(
        session,
        demo_frame(session),
        name="demo data",
        source=DEMO_SOURCE,
        flag="synthetic",
        user=user or "monotown",
        origin="system",
        batch_format="demo",
        keep_stored=True,
    )
    return DemoReport(len(towns.codes), len(_catalog(session)), reference, demo)


def synthetic_series(session: Session) -> tuple[Towns, dict[str, Array]]:
    """The towns and every generated series (before real values are left out), for checks."""
    towns, _ = _reference_towns(session)
    return towns, generate(towns, _catalog(session))
