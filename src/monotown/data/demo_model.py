"""The synthetic demo series: a small, documented model of a monotown, in numpy.

Nothing here opens the database: `generate(towns)` takes what the registry knows about each town and
returns one (towns x years) array per catalog code. See docs/demo-data.md for the model in prose.

1. Health. Each town's town-forming enterprise has a latent health h (a draw in [-0.6, 0.6]; -0.5
   more when the enterprise is historic or former). Its sector adds a shared commodity cycle c[t]
   (oil: 2015-16 and 2020 crashes; metals: 2021-22 boom; coal: slow decline), and an AR(1) shock
   adds year-to-year noise: H[t] = h + c[t] + e[t].
2. Size. Population starts from the registry's figure where one exists (the series is scaled to
   pass through it exactly), else from a log-normal draw (median 45,000). It changes by
   g = -1.2%/year + 1% x H + sector drift (oil towns grow, coal towns shrink)
   + 0.4% x log(size/50k), so large, healthy towns keep their people and small ones with a
   failing enterprise empty out.
3. Everything else follows from population, health, sector, region and year, with identities kept
   exactly: natural increase + net migration = 10 x population change %; wage ratio =
   100 x wage / regional wage; per-capita and per-1000 figures = total / population; mining +
   manufacturing + utilities shares of output = 100; own revenue + transfers = 100; output index =
   nominal growth / 7% price growth. Every value is finally clipped into its catalog range.

Draws come from generators seeded by (seed, town code, series name), so a town's series do not
change when towns or catalog entries are added. Unknown catalog codes (an analyst's additions) get
a generic series inside their range that follows the town's health in the better direction.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

import numpy as np

from monotown.data.demo_anchors import pass_through
from monotown.data.demo_inputs import (
    CYCLES,
    PRICE_GROWTH,
    SECTOR_OF_OKED,
    SECTOR_TRAITS,
    SEED,
    YEARS,
    Array,
    CatalogEntry,
    Towns,
)
from monotown.data.demo_stated import fit_stated, stated_output

# The inputs live in demo_inputs; re-exported here, where the model's users look for them.
__all__ = [
    "CYCLES",
    "PRICE_GROWTH",
    "SECTOR_OF_OKED",
    "SECTOR_TRAITS",
    "SEED",
    "STEPS",
    "YEARS",
    "Array",
    "CatalogEntry",
    "Model",
    "Towns",
]


class _Draws:
    """Standard normal draws per town (and year), seeded by (seed, town code, series name)."""

    def __init__(self, keys: list[str], seed: int) -> None:
        self.keys = [zlib.crc32(key.encode()) for key in keys]
        self.seed = seed

    def _rngs(self, name: str) -> list[np.random.Generator]:
        label = zlib.crc32(name.encode())
        return [np.random.default_rng([self.seed, key, label]) for key in self.keys]

    def scalar(self, name: str) -> Array:
        return np.array([rng.standard_normal() for rng in self._rngs(name)])[:, None]

    def path(self, name: str, scale: float = 1.0) -> Array:
        return scale * np.stack([rng.standard_normal(len(YEARS)) for rng in self._rngs(name)])


class Model:
    """Builds the series pillar by pillar; every public array is (towns, years)."""

    def __init__(self, towns: Towns, seed: int = SEED) -> None:
        self.towns = towns
        self.draw = _Draws(towns.codes, seed)
        self.region_draw = _Draws(towns.regions, seed)
        self.k = np.arange(len(YEARS))[None, :].astype(float)
        traits = np.array([SECTOR_TRAITS[sector] for sector in towns.sectors], dtype=float)
        self.trait = {
            name: traits[:, [i]]
            for i, name in enumerate(
                (
                    "drift",
                    "premium",
                    "output_pc",
                    "mining",
                    "metals",
                    "utilities",
                    "tfe_emp",
                    "api",
                    "emissions",
                )
            )
        }
        self.series: dict[str, Array] = {}
        self._health()

    def _health(self) -> None:
        h = np.clip(0.3 * self.draw.scalar("health"), -0.6, 0.6)
        h = h - 0.5 * self.towns.former_enterprise[:, None]
        cycle = np.array([CYCLES[sector] for sector in self.towns.sectors])
        shocks = self.draw.path("health shocks", 0.12)
        ar = np.zeros_like(shocks)
        for t in range(len(YEARS)):
            ar[:, t] = shocks[:, t] + (0.6 * ar[:, t - 1] if t else 0.0)
        # A town a statement calls weakest in a year is in trouble from that year on.
        for year, weak in self.towns.weakest.items():
            ar[weak, year - YEARS[0] :] -= 0.4
        self.health = np.clip(h + cycle + ar, -1.5, 1.5)

    def _real(self, code: str, values: Array) -> Array:
        """`values` bent through the real values of `code` (if any)."""
        return pass_through(values, self.towns.known.get(code))

    def _fit(self, code: str, values: Array, decimals: int) -> Array:
        return fit_stated(values, self.towns, code, decimals)

    def _anchor(self, values: Array, anchor: Array, year: Array) -> Array:
        """Scale each town's path so it passes exactly through its known (year, value)."""
        known = ~np.isnan(anchor)
        # A figure whose year is unknown anchors 2023 (the fact sheets' most common vintage).
        index = np.where(year > 0, year - YEARS[0], 2023 - YEARS[0]).astype(int)
        index = np.clip(index, 0, len(YEARS) - 1)
        at = values[np.arange(len(values)), index]
        factor = np.where(known, anchor / np.where(at == 0, 1, at), 1.0)
        return values * factor[:, None]

    def demography(self) -> None:
        s, d, k, health = self.series, self.draw, self.k, self.health
        base = np.clip(45_000 * np.exp(0.6 * d.scalar("size")), 8_000, 200_000)
        growth = (
            -0.012
            + 0.010 * health
            + self.trait["drift"]
            + 0.004 * np.log(base / 50_000)
            + d.path("growth noise", 0.003)
        )
        before = base * np.exp(-growth[:, :1])  # 2014, for the 2015 change
        population = base * np.exp(np.cumsum(growth, axis=1) - growth[:, :1])
        t = self.towns
        anchored = self._real(
            "pop_total", self._anchor(population, t.population, t.population_year)
        )
        scale = anchored / population
        population, before = np.round(anchored), np.round(before * scale[:, :1])
        previous = np.concatenate([before, population[:, :-1]], axis=1)
        s["pop_total"] = population
        s["pop_change_pct"] = 100 * (population / previous - 1)
        young = np.array([sector == "oil" for sector in t.sectors], dtype=float)[:, None]
        births = 15 + 5 * young + d.scalar("births") - 0.25 * k + d.path("births noise", 0.4)
        deaths = 9 + 1.5 * (1 - young) + 0.4 * d.scalar("deaths") + d.path("deaths noise", 0.3)
        deaths = deaths + np.where((YEARS >= 2020) & (YEARS <= 2021), 2.0, 0.0)[None, :]
        s["births_per_1000"] = births
        s["natural_increase_per_1000"] = births - deaths
        s["net_migration_per_1000"] = 10 * s["pop_change_pct"] - s["natural_increase_per_1000"]
        s["under_16_share_pct"] = 24 + 6 * young + d.scalar("young") + 0.1 * k
        s["over_65_share_pct"] = (
            9 - 3 * young - 1.5 * health + 0.15 * k + 0.5 * d.scalar("old")
        ).clip(4, 20)
        # Working age runs to the retirement age (about 61-63): pensioners = over 65 + ~4 points.
        s["working_age_share_pct"] = 100 - s["under_16_share_pct"] - s["over_65_share_pct"] - 4
        s["area_km2"] = np.repeat(
            np.clip(60 * np.exp(0.7 * d.scalar("area")), 10, 400), len(YEARS), axis=1
        )

    def labour(self) -> None:
        s, d, k, health = self.series, self.draw, self.k, self.health
        unemployment = self._real(
            "unemployment_rate_pct",
            np.clip(4.8 - 1.8 * health + d.path("unemployment", 0.3), 2.5, 12),
        )
        s["unemployment_rate_pct"] = unemployment
        s["youth_unemployment_pct"] = np.clip(1.3 * unemployment + d.path("youth", 0.4), 3, 20)
        s["employment_rate_pct"] = np.clip(64 + 4 * health - 0.6 * (unemployment - 4.8), 50, 80)
        region = np.clip(1.05 + 0.15 * self.region_draw.scalar("regional wage"), 0.85, 1.35)
        regional = np.round(127_000 * region * np.exp(0.115 * k))
        ratio = 1 + self.trait["premium"] + 0.08 * health + d.path("wage", 0.02)
        wage = np.round(regional * ratio)
        s["regional_avg_wage_kzt"], s["avg_monthly_wage_kzt"] = regional, wage
        s["wage_to_regional_avg_pct"] = 100 * wage / regional
        s["poverty_rate_pct"] = np.clip(5.5 - 2 * health - 0.2 * k + d.path("poverty", 0.3), 1, 15)
        s["self_employed_share_pct"] = np.clip(
            18 - 3 * health - 0.3 * k + d.scalar("self employed"), 8, 35
        )
        labour_force = s["pop_total"] * s["working_age_share_pct"] / 100 * 0.75
        s["registered_job_seekers"] = np.round(labour_force * unemployment / 100 * 0.6)
        s["vacancies_per_100_seekers"] = np.clip(
            25 + 25 * (health + 1) + 2 * k + d.path("vacancies", 3), 5, 150
        )

    def economy(self) -> None:
        s, d, k, health, trait = self.series, self.draw, self.k, self.health, self.trait
        population = s["pop_total"]
        per_capita = trait["output_pc"] * np.exp(0.08 * k) * (1 + 0.15 * health)
        output = stated_output(
            self._real("industrial_output_kzt_bn", population * per_capita / 1e6),
            self.towns,
            lambda name: np.asarray(d.scalar(name)[:, 0]),
        )
        s["industrial_output_kzt_bn"] = output
        s["output_per_capita_kzt_th"] = output * 1e6 / population
        ratio = output / np.concatenate(
            [output[:, :1] / (1.08 * (1 + 0.05 * d.scalar("o"))), output[:, :-1]], axis=1
        )
        index = 100 * ratio / PRICE_GROWTH
        # A year with named declining towns: the volume index falls there and nowhere else (the
        # nominal fall of that year is prices, as the statement's figures imply).
        for year, falling in self.towns.declining.items():
            if YEARS[0] <= year <= YEARS[-1]:
                column = year - YEARS[0]
                noise = np.abs(d.scalar(f"index {year}"))[:, 0]
                index[:, column] = np.where(falling, 97.5 - 1.5 * noise, 101 + 1.5 * noise)
        s["industrial_output_index_pct"] = index
        tfe = trait["tfe_emp"] + 5 * d.scalar("tfe") - 0.4 * k + 2 * health
        known = ~np.isnan(self.towns.tfe_employment)
        index = np.clip(self.towns.tfe_employment_year - YEARS[0], 0, len(YEARS) - 1).astype(int)
        shift = np.where(known, self.towns.tfe_employment - tfe[np.arange(len(tfe)), index], 0)
        tfe = np.clip(tfe + shift[:, None], 8, 85)
        s["tfe_employment_share_pct"] = tfe
        s["tfe_output_share_pct"] = np.clip(1.5 * tfe, 20, 95)
        s["tfe_capacity_utilisation_pct"] = np.clip(
            72 + 14 * health + d.path("capacity", 2), 35, 100
        )
        mining = np.clip(trait["mining"] - 0.5 * k + d.scalar("mining"), 0, 90)
        metals = np.clip(trait["metals"] + d.scalar("metals"), 0, 90)
        utilities = np.clip(trait["utilities"] + d.scalar("utilities"), 2, 60)
        other = np.clip(100 - mining - metals - utilities, 0, 100)
        total = mining + metals + utilities + other
        mining, metals, utilities, other = (
            100 * x / total for x in (mining, metals, utilities, other)
        )
        s["mining_share_output_pct"] = mining
        s["manufacturing_share_output_pct"] = metals + other
        s["non_resource_output_share_pct"] = other + utilities
        s["tfe_tax_share_local_revenue_pct"] = np.clip(0.6 * s["tfe_output_share_pct"], 10, 80)
        # HHI: the enterprise's share squared plus the rest spread over about a dozen industries.
        share = tfe / 100
        s["employment_hhi"] = share**2 + (1 - share) ** 2 / 12

    def diversification_and_sme(self) -> None:
        s, d, k, health = self.series, self.draw, self.k, self.health
        population = s["pop_total"]
        registered = np.round(population / 1000 * np.clip(4 + 1.5 * health + 0.2 * k, 1, 12))
        s["new_enterprises_registered"] = registered
        s["new_enterprises_per_1000"] = registered / population * 1000
        opened = 2018 + np.clip(np.round(2 * np.abs(d.scalar("zone"))), 0, 5)
        years_open = np.clip(YEARS[None, :] - opened, 0, None)
        s["industrial_zone_tenants"] = np.round(years_open * np.clip(2 + health, 0.5, 4))
        s["services_share_employment_pct"] = np.clip(
            100 - s["tfe_employment_share_pct"] - 12, 15, 80
        )
        metals = np.array([sector == "metals" for sector in self.towns.sectors])[:, None]
        s["non_raw_export_share_pct"] = np.clip(
            np.where(metals, 60, 15) + 0.8 * k + 3 * d.scalar("exports"), 0, 95
        )
        s["offtake_contracts"] = np.round(np.clip(1 + 1.5 * k + 2 * health, 0, None))
        density = np.clip(16 + 1.4 * k + 4 * health + 2 * d.scalar("sme"), 5, 60)
        sme = np.round(
            self._fit("sme_active", self._real("sme_active", population / 1000 * density), 0)
        )
        s["sme_active"], s["sme_per_1000"] = sme, sme / population * 1000
        s["sme_employment_share_pct"] = np.clip(22 + 0.8 * k + 2 * health, 10, 50)
        s["sme_output_share_pct"] = np.clip(14 + 0.6 * k + 2 * health, 5, 40)
        s["sme_loans_subsidised"] = np.round(sme * np.clip(0.02 + 0.003 * k, 0, 1))
        s["sme_loan_portfolio_kzt_mn"] = np.round(sme * 3.5 * np.exp(0.1 * k), 1)
        s["sme_survival_3y_pct"] = np.clip(55 + 6 * health + d.path("survival", 1.5), 30, 80)

    def investment(self) -> None:
        s, d, k, health = self.series, self.draw, self.k, self.health
        population = s["pop_total"]
        share = np.clip(0.18 + 0.06 * health + d.path("investment", 0.02), 0.05, 0.4)
        invest = np.round(s["industrial_output_kzt_bn"] * share, 2)
        s["fixed_investment_kzt_bn"] = invest
        s["investment_per_capita_kzt_th"] = invest * 1e6 / population
        previous = np.concatenate([invest[:, :1] / 1.05, invest[:, :-1]], axis=1)
        s["investment_index_pct"] = (
            100 * invest / np.where(previous == 0, 1, previous) / PRICE_GROWTH
        )
        s["fdi_kzt_bn"] = np.round(invest * np.clip(0.15 + 0.05 * d.scalar("fdi"), 0.02, 0.4), 2)
        pace = np.cumsum(np.clip(0.3 + 0.3 * health, 0.05, 1), axis=1)
        projects = np.round(self._fit("anchor_projects_operating", np.clip(pace, 0, 12), 0))
        for code, year in self.towns.totals:
            if code == "anchor_projects_operating" and YEARS[0] <= year <= YEARS[-1]:
                # Operating projects do not close before the stated count: earlier years stay
                # at or below it, so the count never falls.
                column = year - YEARS[0]
                earlier = projects[:, : column + 1]
                projects[:, : column + 1] = np.minimum(earlier, projects[:, [column]])
        projects = np.maximum.accumulate(np.clip(projects, 0, None), axis=1)
        s["anchor_projects_operating"] = projects
        s["project_jobs_created"] = np.round(projects * (120 + 30 * np.abs(d.scalar("jobs"))))
        s["private_investment_share_pct"] = np.clip(65 + 8 * health + 0.5 * k, 30, 95)

    def infrastructure_and_housing(self) -> None:
        s, d, k, health = self.series, self.draw, self.k, self.health
        population = s["pop_total"]
        s["water_supply_coverage_pct"] = np.clip(88 + 1.0 * k + 2 * d.scalar("water"), 60, 100)
        s["sewerage_coverage_pct"] = np.clip(68 + 1.5 * k + 4 * d.scalar("sewer"), 40, 100)
        gas = np.clip(45 + 35 * self.region_draw.scalar("gas"), 3, 95)
        s["gas_coverage_pct"] = np.clip(gas + 2.0 * k, 0, 100)
        s["heat_network_wear_pct"] = np.clip(
            72 - 1.2 * k - 3 * health + 2 * d.scalar("heat"), 30, 95
        )
        s["water_network_wear_pct"] = np.clip(66 - 1.0 * k + 2 * d.scalar("water wear"), 30, 95)
        s["power_network_wear_pct"] = np.clip(60 - 0.8 * k + 2 * d.scalar("power wear"), 25, 90)
        s["heat_supply_accidents"] = np.round(
            np.clip(
                population / 10_000 * s["heat_network_wear_pct"] / 25 + d.path("acc", 0.8), 0, None
            )
        )
        s["roads_good_condition_pct"] = np.clip(55 + 2 * k + 3 * health, 20, 98)
        s["heat_source_reserve_pct"] = np.clip(
            8 + 1.2 * k + 6 * health + d.path("reserve", 3), -30, 40
        )
        s["housing_per_capita_m2"] = np.clip(18 + 0.45 * k + 1.5 * d.scalar("housing"), 10, 35)
        built = np.round(population * np.clip(0.3 + 0.1 * health + 0.02 * k, 0.05, 1))
        s["housing_commissioned_m2"] = built
        s["housing_commissioned_per_1000_m2"] = built / population * 1000
        s["dilapidated_housing_share_pct"] = np.clip(
            5.5 - 0.25 * k - health + d.scalar("dil"), 0.5, 15
        )
        s["housing_queue"] = np.round(population * np.clip(0.025 - 0.001 * k, 0.005, 0.05))
        s["heat_tariff_kzt_gcal"] = np.round(
            3_600 * np.exp(0.07 * k) * (1 + 0.1 * d.scalar("tariff"))
        )

    def social_environment_budget(self) -> None:
        s, d, k, health = self.series, self.draw, self.k, self.health
        population = s["pop_total"]
        growing = np.clip(s["pop_change_pct"], 0, None)
        s["school_places_shortage_pct"] = np.clip(3 + 4 * growing + d.path("schools", 0.8), 0, 40)
        s["three_shift_schools"] = np.round(np.clip(growing - 0.5, 0, 3))
        s["preschool_coverage_pct"] = np.clip(76 + 2.2 * k + 2 * d.scalar("preschool"), 50, 100)
        s["doctors_per_10000"] = np.clip(30 + 0.3 * k + 3 * d.scalar("doctors"), 15, 60)
        s["hospital_beds_per_10000"] = np.clip(56 - 0.5 * k + 4 * d.scalar("beds"), 30, 90)
        covid = np.where((YEARS >= 2020) & (YEARS <= 2021), -1.6, 0.0)[None, :]
        s["life_expectancy_years"] = np.clip(
            69.5 + 0.35 * k + covid + 0.8 * d.scalar("life"), 60, 80
        )
        s["infant_mortality_per_1000"] = np.clip(10 - 0.3 * k + d.path("infant", 0.5), 3, 20)
        s["culture_facilities_per_10000"] = np.clip(3.5 + 0.8 * d.scalar("culture"), 1, 8)
        s["sports_facilities_per_10000"] = np.clip(14 + 0.5 * k + 2 * d.scalar("sport"), 5, 35)
        s["air_pollution_index"] = np.clip(
            self.trait["api"] - 0.1 * k + 0.8 * d.path("api", 0.5) + 0.5 * health, 0.5, 15
        )
        s["emissions_t_per_capita"] = np.clip(
            self.trait["emissions"] * (1 + 0.1 * health) * np.exp(-0.02 * k), 0.01, 30
        )
        s["waste_recycled_pct"] = np.clip(5 + 1.8 * k + 2 * d.scalar("waste"), 0, 60)
        s["green_area_m2_per_capita"] = np.clip(11 + 0.3 * k + 2 * d.scalar("green"), 3, 30)
        s["drinking_water_compliance_pct"] = np.clip(95 + 0.2 * k + d.path("dw", 0.8), 85, 100)
        revenue_pc = 160 * np.exp(0.1 * k) * (1 + 0.1 * health)  # thousand KZT per resident
        revenue = np.round(population * revenue_pc / 1e6, 2)
        s["local_budget_revenue_kzt_bn"] = revenue
        own = np.clip(35 + 10 * health + 0.5 * k + 3 * d.scalar("own"), 10, 80)
        s["own_revenue_share_pct"], s["transfers_share_pct"] = own, 100 - own
        per_capita = revenue * 1e6 / population
        s["tax_revenue_per_capita_kzt_th"] = per_capita * own / 100 * 0.85
        s["budget_spending_per_capita_kzt_th"] = per_capita * (1.0 + d.path("deficit", 0.01))
        s["debt_to_revenue_pct"] = np.clip(10 - 6 * health + 3 * d.scalar("debt"), 0, 60)
        s["capital_spending_share_pct"] = np.clip(20 + 5 * health + d.path("capex", 2), 5, 45)


STEPS: tuple[Callable[[Model], None], ...] = (
    Model.demography,
    Model.labour,
    Model.economy,
    Model.diversification_and_sme,
    Model.investment,
    Model.infrastructure_and_housing,
    Model.social_environment_budget,
)
