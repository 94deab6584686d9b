"""Rebuild src/monotown/resources/reference/ from the project's shared fact sheets.

A maintainer's tool, run by hand when ../shared/data changes; Monotown never reads ../shared at run
time. Facts the fact sheet leaves empty stay empty here. Regions and settlements are built here;
populations, list membership, enterprises and town figures by `build_registry_facts.py`.
"""

from __future__ import annotations

import csv
import shutil
import sys

import build_registry_facts
from fact_sheets import OUT, SHARED, slug, write

# Region codes follow ISO 3166-2:KZ after the 2022 reform; Kazakh names are the official spellings.
REGIONS = [
    ("KZ-10", "Abai Region", "Абайская область", "Абай облысы"),
    ("KZ-11", "Akmola Region", "Акмолинская область", "Ақмола облысы"),
    ("KZ-15", "Aktobe Region", "Актюбинская область", "Ақтөбе облысы"),
    ("KZ-19", "Almaty Region", "Алматинская область", "Алматы облысы"),
    ("KZ-23", "Atyrau Region", "Атырауская область", "Атырау облысы"),
    ("KZ-27", "West Kazakhstan Region", "Западно-Казахстанская область", "Батыс Қазақстан облысы"),
    ("KZ-31", "Zhambyl Region", "Жамбылская область", "Жамбыл облысы"),
    ("KZ-33", "Zhetysu Region", "Область Жетісу", "Жетісу облысы"),
    ("KZ-35", "Karaganda Region", "Карагандинская область", "Қарағанды облысы"),
    ("KZ-39", "Kostanay Region", "Костанайская область", "Қостанай облысы"),
    ("KZ-43", "Kyzylorda Region", "Кызылординская область", "Қызылорда облысы"),
    ("KZ-47", "Mangystau Region", "Мангистауская область", "Маңғыстау облысы"),
    ("KZ-55", "Pavlodar Region", "Павлодарская область", "Павлодар облысы"),
    (
        "KZ-59",
        "North Kazakhstan Region",
        "Северо-Казахстанская область",
        "Солтүстік Қазақстан облысы",
    ),
    ("KZ-61", "Turkestan Region", "Туркестанская область", "Түркістан облысы"),
    ("KZ-62", "Ulytau Region", "Область Ұлытау", "Ұлытау облысы"),
    ("KZ-63", "East Kazakhstan Region", "Восточно-Казахстанская область", "Шығыс Қазақстан облысы"),
    ("KZ-71", "Astana", "Астана", "Астана"),
    ("KZ-75", "Almaty", "Алматы", "Алматы"),
    ("KZ-79", "Shymkent", "Шымкент", "Шымкент"),
]

TOWN_KK = {
    "Aksu": "Ақсу",
    "Abai": "Абай",
    "Balkhash": "Балқаш",
    "Zhezkazgan": "Жезқазған",
    "Karazhal": "Қаражал",
    "Priozersk": "Приозёрск",
    "Saran": "Саран",
    "Satpayev": "Сәтбаев",
    "Temirtau": "Теміртау",
    "Shakhtinsk": "Шахтинск",
    "Ekibastuz": "Екібастұз",
    "Zhanaozen": "Жаңаөзен",
    "Kulsary": "Құлсары",
    "Khromtau": "Хромтау",
    "Kentau": "Кентау",
    "Rudny": "Рудный",
    "Lisakovsk": "Лисаков",
    "Arkalyk": "Арқалық",
    "Zhitikara": "Жітіқара",
    "Stepnogorsk": "Степногор",
    "Ridder": "Риддер",
    "Kurchatov": "Курчатов",
    "Serebryansk": "Серебрянск",
    "Altai": "Алтай",
    "Tekeli": "Текелі",
    "Zhanatas": "Жаңатас",
    "Karatau": "Қаратау",
}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    towns = list(csv.DictReader((SHARED / "kz_monotowns.csv").open(encoding="utf-8")))
    region_by_name = {name_en: code for code, name_en, _ru, _kk in REGIONS}
    write(
        "regions.csv",
        ["code", "name_en", "name_ru", "name_kk", "source"],
        [[*region, "regions-kz"] for region in REGIONS],
    )
    settlements = []
    for town in towns:
        code = slug(town["name_en"])
        settlements.append(
            [
                code,
                "town",
                town["name_en"],
                town["name_ru"],
                TOWN_KK[town["name_en"]],
                region_by_name[town["region"]],
                town["lat"],
                town["lon"],
                "",
                "kz-monotowns",
                town["notes"],
            ]
        )
    write(
        "settlements.csv",
        [
            "code",
            "kind",
            "name_en",
            "name_ru",
            "name_kk",
            "region_code",
            "latitude",
            "longitude",
            "parent_code",
            "source",
            "note",
        ],
        settlements,
    )
    for name in (
        "kz_monotowns.csv",
        "program_facts.csv",
        "mci.csv",
        "kz_regions_naturalearth.geojson",
    ):
        shutil.copy(SHARED / name, OUT / name)
    # Populations, list membership, enterprises, figures and their sources.
    return build_registry_facts.main()


if __name__ == "__main__":
    sys.exit(main())
