"""Hand-set facts the synthetic national tree is built around: per region its approximate centre
and spread (for placing synthetic settlements on the map), its number of districts, its cities of
regional significance, and the settlement type of each registry monotown.

District counts and city names are general knowledge (rounded, not from a cited source); centre
populations are approximate and used only to weight the demo. Everything generated from this is
flagged synthetic.
"""

from __future__ import annotations

from typing import NamedTuple


class RegionShape(NamedTuple):
    lat: float
    lon: float
    spread_lat: float
    spread_lon: float
    districts: int


REGION_SHAPES: dict[str, RegionShape] = {
    "KZ-10": RegionShape(48.6, 80.2, 1.0, 2.2, 10),
    "KZ-11": RegionShape(51.6, 70.6, 1.0, 2.2, 17),
    "KZ-15": RegionShape(48.6, 58.2, 1.5, 3.0, 12),
    "KZ-19": RegionShape(43.9, 77.2, 0.7, 1.8, 9),
    "KZ-23": RegionShape(47.1, 52.6, 0.9, 1.8, 7),
    "KZ-27": RegionShape(50.4, 51.6, 0.9, 2.2, 12),
    "KZ-31": RegionShape(44.2, 72.4, 0.9, 2.2, 10),
    "KZ-33": RegionShape(45.3, 79.0, 0.7, 1.8, 8),
    "KZ-35": RegionShape(48.7, 74.2, 1.3, 2.6, 7),
    "KZ-39": RegionShape(51.3, 63.6, 1.6, 2.2, 16),
    "KZ-43": RegionShape(45.2, 64.2, 1.0, 2.6, 7),
    "KZ-47": RegionShape(44.0, 53.2, 0.9, 1.8, 5),
    "KZ-55": RegionShape(52.3, 76.6, 0.9, 1.8, 10),
    "KZ-59": RegionShape(54.0, 69.6, 0.5, 1.8, 13),
    "KZ-61": RegionShape(42.6, 68.6, 0.9, 1.8, 14),
    "KZ-62": RegionShape(47.6, 67.6, 1.3, 2.2, 3),
    "KZ-63": RegionShape(49.6, 84.0, 0.9, 1.8, 9),
}
REPUBLICAN_CITIES: dict[str, tuple[float, float, int]] = {
    # code: latitude, longitude, approximate population
    "KZ-71": (51.17, 71.43, 1_350_000),
    "KZ-75": (43.24, 76.89, 2_200_000),
    "KZ-79": (42.32, 69.59, 1_200_000),
}


class CityFact(NamedTuple):
    name_en: str
    name_ru: str
    name_kk: str
    lat: float
    lon: float
    population: int


# The administrative centre of each region (a city of regional significance), approximate size.
REGIONAL_CENTRES: dict[str, CityFact] = {
    "KZ-10": CityFact("Semey", "Семей", "Семей", 50.41, 80.23, 350_000),
    "KZ-11": CityFact("Kokshetau", "Кокшетау", "Көкшетау", 53.28, 69.39, 150_000),
    "KZ-15": CityFact("Aktobe", "Актобе", "Ақтөбе", 50.28, 57.17, 550_000),
    "KZ-19": CityFact("Konaev", "Конаев", "Қонаев", 43.87, 77.07, 60_000),
    "KZ-23": CityFact("Atyrau", "Атырау", "Атырау", 47.11, 51.92, 300_000),
    "KZ-27": CityFact("Oral", "Уральск", "Орал", 51.23, 51.37, 250_000),
    "KZ-31": CityFact("Taraz", "Тараз", "Тараз", 42.90, 71.37, 370_000),
    "KZ-33": CityFact("Taldykorgan", "Талдыкорган", "Талдықорған", 45.02, 78.37, 150_000),
    "KZ-35": CityFact("Karaganda", "Караганда", "Қарағанды", 49.80, 73.10, 500_000),
    "KZ-39": CityFact("Kostanay", "Костанай", "Қостанай", 53.21, 63.62, 250_000),
    "KZ-43": CityFact("Kyzylorda", "Кызылорда", "Қызылорда", 44.85, 65.51, 250_000),
    "KZ-47": CityFact("Aktau", "Актау", "Ақтау", 43.65, 51.16, 260_000),
    "KZ-55": CityFact("Pavlodar", "Павлодар", "Павлодар", 52.29, 76.95, 360_000),
    "KZ-59": CityFact("Petropavl", "Петропавловск", "Петропавл", 54.87, 69.15, 220_000),
    "KZ-61": CityFact("Turkistan", "Туркестан", "Түркістан", 43.30, 68.25, 200_000),
    "KZ-62": CityFact("Zhezkazgan", "Жезказган", "Жезқазған", 47.78, 67.77, 90_000),
    "KZ-63": CityFact("Oskemen", "Усть-Каменогорск", "Өскемен", 49.95, 82.61, 330_000),
}
# Registry monotowns that are district centres (towns of district significance); the others are
# cities of regional significance. General knowledge, not verified against the classifier.
DISTRICT_TOWNS = frozenset(
    {"abai", "kulsary", "khromtau", "zhitikara", "serebryansk", "altai", "zhanatas", "karatau"}
)
# Approximate sizes of monotowns whose population the registry does not hold (demo weighting only).
MONOTOWN_SIZES: dict[str, int] = {
    "aksu": 40_000,
    "abai": 25_000,
    "balkhash": 70_000,
    "zhezkazgan": 90_000,
    "karazhal": 17_000,
    "priozersk": 11_000,
    "saran": 45_000,
    "temirtau": 180_000,
    "shakhtinsk": 36_000,
    "ekibastuz": 130_000,
    "zhanaozen": 160_000,
    "kulsary": 60_000,
    "khromtau": 25_000,
    "kentau": 60_000,
    "lisakovsk": 35_000,
    "zhitikara": 32_000,
    "stepnogorsk": 45_000,
    "ridder": 50_000,
    "kurchatov": 12_000,
    "altai": 40_000,
    "tekeli": 25_000,
    "zhanatas": 22_000,
    "karatau": 28_000,
}

# Parts of synthetic village names (en, ru, kk): common Kazakh toponym elements.
NAME_STARTS = (
    ("Ak", "Ак", "Ақ"),
    ("Kara", "Кара", "Қара"),
    ("Kyzyl", "Кызыл", "Қызыл"),
    ("Sary", "Сары", "Сары"),
    ("Kok", "Кок", "Көк"),
    ("Zhana", "Жана", "Жаңа"),
    ("Tas", "Тас", "Тас"),
    ("Koktal", "Коктал", "Көктал"),
    ("Bes", "Бес", "Бес"),
    ("Kos", "Кос", "Қос"),
    ("Ulken", "Улкен", "Үлкен"),
    ("Shagyr", "Шагыр", "Шағыр"),
    ("Taldy", "Талды", "Талды"),
    ("Birlik", "Бирлик", "Бірлік"),
    ("Bayan", "Баян", "Баян"),
)
NAME_ENDS = (
    ("bulak", "булак", "бұлақ"),
    ("su", "су", "су"),
    ("tobe", "тобе", "төбе"),
    ("kol", "коль", "көл"),
    ("zhar", "жар", "жар"),
    ("kum", "кум", "құм"),
    ("agash", "агаш", "ағаш"),
    ("kuduk", "кудук", "құдық"),
    ("tau", "тау", "тау"),
    ("ozek", "озек", "өзек"),
    ("kain", "каин", "қайың"),
    ("sai", "сай", "сай"),
)
