"""A deterministic synthetic national settlement tree of realistic size (about 7,000 settlements).

Built over the real 17 regions and 3 cities of republican significance: per region its districts,
its regional centre and the registry monotowns as cities (regional significance) or district
centres, about 13 rural districts per district and 3 villages per rural district, village sizes
drawn from a log-normal (median ~500-800 residents), about a third of rural districts with a support
village whose other villages are its satellites (designated from 2024-01-01). Everything except
the registry towns is flagged synthetic; the registry towns keep their real names, coordinates
and, where the registry has one, their population. Pure: returns rows, writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from monotown.standards.demo_geography import (
    DISTRICT_TOWNS,
    MONOTOWN_SIZES,
    NAME_ENDS,
    NAME_STARTS,
    REGION_SHAPES,
    REGIONAL_CENTRES,
    REPUBLICAN_CITIES,
    RegionShape,
)

DEMO_SEED = 20250902
RURAL_DISTRICTS_PER_DISTRICT = 13
VILLAGES_PER_RURAL_DISTRICT = 3
SUPPORT_SHARE = 0.35
DESIGNATED_FROM = dt.date(2024, 1, 1)
DEMO_SOURCE = "Monotown synthetic demo tree (not the official classifier)"
KZ_BOUNDS = (40.6, 55.4, 46.5, 87.3)  # lat min, lat max, lon min, lon max


@dataclass(frozen=True)
class RegistryTown:
    """What the tree needs of a registry monotown."""

    settlement_id: int
    code: str
    region_code: str
    name_en: str
    name_ru: str
    name_kk: str | None
    latitude: float | None
    longitude: float | None
    population: int | None
    population_year: int | None


@dataclass
class DemoTree:
    """Rows for `territorial_unit` and `settlement_designation`, ids local (1..n)."""

    units: list[dict[str, Any]] = field(default_factory=list)
    designations: list[dict[str, Any]] = field(default_factory=list)

    def add(self, **row: Any) -> int:
        row["id"] = len(self.units) + 1
        self.units.append(row)
        return int(row["id"])


class _Namer:
    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def village(self) -> tuple[str, str, str]:
        start = NAME_STARTS[int(self.rng.integers(len(NAME_STARTS)))]
        end = NAME_ENDS[int(self.rng.integers(len(NAME_ENDS)))]
        return start[0] + end[0], start[1] + end[1], start[2] + end[2]


def _point(
    rng: np.random.Generator, lat: float, lon: float, dlat: float, dlon: float
) -> tuple[float, float]:
    low_lat, high_lat, low_lon, high_lon = KZ_BOUNDS
    return (
        round(float(np.clip(rng.normal(lat, dlat), low_lat, high_lat)), 5),
        round(float(np.clip(rng.normal(lon, dlon), low_lon, high_lon)), 5),
    )


def _names(names: tuple[str, str, str | None]) -> dict[str, str | None]:
    """A unit's name in English, Russian and Kazakh."""
    return dict(zip(("name_en", "name_ru", "name_kk"), names, strict=True))


def _base(region_id: int, **row: Any) -> dict[str, Any]:
    defaults: dict[str, Any] = {
        "region_id": region_id,
        "kato": None,
        "parent_id": None,
        "district_id": None,
        "settlement_id": None,
        "settlement_type": None,
        "district_centre": False,
        "rural_centre": False,
        "population": None,
        "population_year": None,
        "population_synthetic": True,
        "latitude": None,
        "longitude": None,
        "synthetic": True,
        "source": DEMO_SOURCE,
        "note": None,
    }
    defaults.update(row)
    return defaults


def _city(
    tree: DemoTree,
    *,
    region_id: int,
    key: str,
    names: tuple[str, str, str | None],
    settlement_type: str,
    lat: float | None,
    lon: float | None,
    population: int | None,
    town: RegistryTown | None = None,
) -> int:
    """A city administration with the city itself as its one settlement; returns the admin id."""
    admin = tree.add(
        **_base(
            region_id,
            key=key,
            level="city",
            **_names(names),
            synthetic=town is None,
        )
    )
    real_population = town is not None and town.population is not None
    tree.add(
        **_base(
            region_id,
            key=f"{key}/city",
            level="settlement",
            parent_id=admin,
            district_id=admin,
            settlement_id=town.settlement_id if town else None,
            **_names(names),
            settlement_type=settlement_type,
            population=town.population if real_population and town else population,
            population_year=town.population_year if real_population and town else None,
            population_synthetic=not real_population,
            latitude=lat,
            longitude=lon,
            synthetic=town is None,
            source="Monotown registry" if town else DEMO_SOURCE,
        )
    )
    return admin


def _rural_part(
    tree: DemoTree,
    rng: np.random.Generator,
    namer: _Namer,
    *,
    region_id: int,
    district_id: int,
    key: str,
    centre: tuple[float, float],
    spread: tuple[float, float],
    rural_districts: int,
) -> None:
    """Rural districts with their villages, a rural centre each and some support villages."""
    for r in range(1, rural_districts + 1):
        vlat, vlon = _point(rng, centre[0], centre[1], spread[0], spread[1])
        names = namer.village()
        rd = tree.add(
            **_base(
                region_id,
                key=f"{key}/r{r:02d}",
                level="rural_district",
                parent_id=district_id,
                district_id=district_id,
                name_en=f"{names[0]} rural district",
                name_ru=f"{names[1]}ский сельский округ",
                name_kk=f"{names[2]} ауылдық округі",
            )
        )
        count = max(1, int(rng.poisson(VILLAGES_PER_RURAL_DISTRICT - 1)) + 1)
        villages = []
        for v in range(1, count + 1):
            vnames = names if v == 1 else namer.village()
            population = int(max(20, rng.lognormal(np.log(800 if v == 1 else 500), 0.95)))
            lat, lon = _point(rng, vlat, vlon, 0.12, 0.2)
            villages.append(
                tree.add(
                    **_base(
                        region_id,
                        key=f"{key}/r{r:02d}/v{v}",
                        level="settlement",
                        parent_id=rd,
                        district_id=district_id,
                        **_names(vnames),
                        settlement_type="village",
                        rural_centre=v == 1,
                        population=population,
                        latitude=lat,
                        longitude=lon,
                    )
                )
            )
        if len(villages) > 1 and rng.random() < SUPPORT_SHARE:
            support = villages[0]
            tree.designations.append(
                {"unit_id": support, "kind": "support_village", "support_unit_id": None}
            )
            for satellite in villages[1:]:
                tree.designations.append(
                    {"unit_id": satellite, "kind": "satellite_village", "support_unit_id": support}
                )


def build_demo_tree(
    region_ids: dict[str, int], towns: list[RegistryTown], *, seed: int = DEMO_SEED
) -> DemoTree:
    """The whole tree for the regions in `region_ids` (code -> id), with `towns` placed in it."""
    rng = np.random.default_rng(seed)
    namer = _Namer(rng)
    tree = DemoTree()
    by_region: dict[str, list[RegistryTown]] = {}
    for town in sorted(towns, key=lambda town: town.code):
        by_region.setdefault(town.region_code, []).append(town)
    for code, (lat, lon, population) in REPUBLICAN_CITIES.items():
        if code not in region_ids:
            continue
        names = _republican_names(code)
        _city(
            tree,
            region_id=region_ids[code],
            key=code,
            names=names,
            settlement_type="city_republican",
            lat=lat,
            lon=lon,
            population=population,
        )
    for code, shape in REGION_SHAPES.items():
        if code in region_ids:
            _region(tree, rng, namer, code, region_ids[code], shape, by_region.get(code, []))
    for row in tree.designations:
        row.update(date_from=DESIGNATED_FROM, date_to=None, synthetic=True, source=DEMO_SOURCE)
    return tree


def _republican_names(code: str) -> tuple[str, str, str]:
    return {
        "KZ-71": ("Astana", "Астана", "Астана"),
        "KZ-75": ("Almaty", "Алматы", "Алматы"),
        "KZ-79": ("Shymkent", "Шымкент", "Шымкент"),
    }[code]


def _region(
    tree: DemoTree,
    rng: np.random.Generator,
    namer: _Namer,
    code: str,
    region_id: int,
    shape: RegionShape,
    towns: list[RegistryTown],
) -> None:
    centre = REGIONAL_CENTRES[code]
    registry_names = {town.name_en for town in towns}
    if centre.name_en not in registry_names:
        _city(
            tree,
            region_id=region_id,
            key=f"{code}/centre",
            names=(centre.name_en, centre.name_ru, centre.name_kk),
            settlement_type="city_regional",
            lat=centre.lat,
            lon=centre.lon,
            population=centre.population,
        )
    district_towns = [town for town in towns if town.code in DISTRICT_TOWNS]
    for town in towns:
        if town.code in DISTRICT_TOWNS:
            continue
        admin = _city(
            tree,
            region_id=region_id,
            key=town.code,
            names=(town.name_en, town.name_ru, town.name_kk),
            settlement_type="city_regional",
            lat=town.latitude,
            lon=town.longitude,
            population=MONOTOWN_SIZES.get(town.code, 30_000),
            town=town,
        )
        # A city of regional significance often administers a few villages of its own.
        _rural_part(
            tree,
            rng,
            namer,
            region_id=region_id,
            district_id=admin,
            key=town.code,
            centre=(town.latitude or shape.lat, town.longitude or shape.lon),
            spread=(0.15, 0.25),
            rural_districts=1,
        )
    for d in range(1, shape.districts + 1):
        dlat, dlon = _point(rng, shape.lat, shape.lon, shape.spread_lat, shape.spread_lon)
        centre_town = district_towns[d - 1] if d <= len(district_towns) else None
        names = (
            (centre_town.name_en, centre_town.name_ru, centre_town.name_kk)
            if centre_town
            else namer.village()
        )
        if centre_town and centre_town.latitude is not None and centre_town.longitude is not None:
            dlat, dlon = centre_town.latitude, centre_town.longitude
        district_key = f"{code}/d{d:02d}"
        district = tree.add(
            **_base(
                region_id,
                key=district_key,
                level="district",
                name_en=f"{names[0]} district",
                name_ru=f"{names[1]}ский район",
                name_kk=f"{names[2] or names[1]} ауданы",
            )
        )
        real_population = centre_town is not None and centre_town.population is not None
        tree.add(
            **_base(
                region_id,
                key=centre_town.code if centre_town else f"{district_key}/centre",
                level="settlement",
                parent_id=district,
                district_id=district,
                settlement_id=centre_town.settlement_id if centre_town else None,
                **_names(names),
                settlement_type="city_district"
                if centre_town or rng.random() < 0.25
                else "village",
                district_centre=True,
                population=(
                    centre_town.population
                    if real_population and centre_town
                    else MONOTOWN_SIZES.get(centre_town.code, 20_000)
                    if centre_town
                    else int(rng.lognormal(np.log(9_000), 0.5))
                ),
                population_year=centre_town.population_year
                if real_population and centre_town
                else None,
                population_synthetic=not real_population,
                latitude=dlat,
                longitude=dlon,
                synthetic=centre_town is None,
                source="Monotown registry" if centre_town else DEMO_SOURCE,
            )
        )
        count = max(4, int(rng.poisson(RURAL_DISTRICTS_PER_DISTRICT)))
        _rural_part(
            tree,
            rng,
            namer,
            region_id=region_id,
            district_id=district,
            key=district_key,
            centre=(dlat, dlon),
            spread=(shape.spread_lat / 3, shape.spread_lon / 3),
            rural_districts=count,
        )
