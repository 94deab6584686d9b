"""Rebuild src/monotown/resources/reference/ from the project's shared fact sheets.

A maintainer's tool, run by hand when ../shared/data changes; Monotown never reads ../shared at run
time. Facts the fact sheet leaves empty stay empty here.
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "monotown" / "resources" / "reference"

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

# Town-forming enterprises, curated by hand from the fact sheet's `backbone_enterprises` column:
# (enterprise, OKED division, sector, owner/group, note). Planned plants and industrial zones
# that column mentions are not enterprises and are left out; "uncertain" entries keep that flag.
ENTERPRISES = {
    "Aksu": [
        ("Aksu Ferroalloy Plant", "C24", "ferroalloys", "ERG", ""),
        ("Aksu power station", "D35", "power", "ERG", ""),
    ],
    "Abai": [("Qarmet coal mines", "B05", "coal", "Qarmet", "formerly ArcelorMittal Temirtau")],
    "Balkhash": [
        ("Kazakhmys Smelting (Balkhash copper smelter)", "C24", "copper", "Kazakhmys", "")
    ],
    "Zhezkazgan": [
        ("Kazakhmys Zhezkazgan copper mines and smelter", "B07", "copper", "Kazakhmys", "")
    ],
    "Karazhal": [
        (
            "Karazhal iron and manganese ore mining",
            "B07",
            "iron/manganese ore",
            "",
            "uncertain per fact sheet (e.g. Zhairem GOK, Qarmet iron ore)",
        )
    ],
    "Priozersk": [("Sary-Shagan military test range", "O84", "defence", "", "not industrial")],
    "Saran": [("Qarmet coal mines", "B05", "coal", "Qarmet", "")],
    "Satpayev": [("Kazakhmys Satpayev mining and metallurgy", "B07", "copper", "Kazakhmys", "")],
    "Temirtau": [
        ("Qarmet steel works", "C24", "steel", "Qarmet", "ArcelorMittal Temirtau until 2023")
    ],
    "Shakhtinsk": [("Qarmet coal mines", "B05", "coal", "Qarmet", "")],
    "Ekibastuz": [
        ("Bogatyr Komir coal mine", "B05", "coal", "", ""),
        ("Vostochny coal mine", "B05", "coal", "", ""),
        ("Ekibastuz GRES-1/2", "D35", "power", "", ""),
    ],
    "Zhanaozen": [("OzenMunayGas", "B06", "oil", "KazMunayGas", "")],
    "Kulsary": [
        (
            "Embamunaigas",
            "B06",
            "oil",
            "KazMunayGas",
            "uncertain per fact sheet (oil sector, Tengizchevroil region)",
        )
    ],
    "Khromtau": [("Donskoy GOK", "B07", "chromium ore", "ERG (Kazchrome)", "")],
    "Kentau": [
        ("Kentau polymetallic ore mining", "B07", "polymetals", "", ""),
        ("Kentau reinforced concrete production", "C23", "building materials", "", "per AKIPress"),
    ],
    "Rudny": [("SSGPO iron ore mining and pelletising", "B07", "iron ore", "ERG", "")],
    "Lisakovsk": [
        ("Lisakovsk iron ore mining", "B07", "iron ore", "ERG", "uncertain per fact sheet")
    ],
    "Arkalyk": [
        (
            "Arkalyk bauxite mining (former)",
            "B07",
            "bauxite (historic)",
            "",
            "historic; Mayatas cluster GOK planned (315 bn tenge)",
        )
    ],
    "Zhitikara": [("Kostanay Minerals", "B08", "asbestos", "", "chrysotile asbestos")],
    "Stepnogorsk": [
        ("Stepnogorsk mining-chemical complex", "C20", "uranium", "", "uncertain per fact sheet"),
        ("Kazakhaltyn", "B07", "gold", "", "uncertain per fact sheet"),
    ],
    "Ridder": [
        (
            "Kazzinc Ridder mining and metallurgical complex",
            "B07",
            "zinc/lead/polymetals",
            "Kazzinc",
            "",
        )
    ],
    "Kurchatov": [
        ("National Nuclear Center", "M72", "nuclear research", "", "former Semipalatinsk test site")
    ],
    "Serebryansk": [],
    "Altai": [("Kazzinc Altai mining complex", "B07", "polymetals", "Kazzinc", "Zyryanovsk")],
    "Tekeli": [
        ("Tekeli lead-zinc combine (former)", "B07", "lead-zinc (historic)", "", "historic")
    ],
    "Zhanatas": [
        ("Kazphosphate Zhanatas phosphorite mining", "B08", "phosphates", "Kazphosphate", "")
    ],
    "Karatau": [
        ("Kazphosphate Karatau phosphorite mining", "B08", "phosphates", "Kazphosphate", "")
    ],
}


def slug(text: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")[:60]


def write(name: str, header: list[str], rows: list[list[object]]) -> None:
    with (OUT / name).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    towns = list(csv.DictReader((SHARED / "kz_monotowns.csv").open(encoding="utf-8")))
    region_by_name = {name_en: code for code, name_en, _ru, _kk in REGIONS}
    write(
        "regions.csv",
        ["code", "name_en", "name_ru", "name_kk", "source"],
        [[*region, "regions-kz"] for region in REGIONS],
    )
    settlements, populations, statuses, enterprises, links = [], [], [], {}, []
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
        if town["population"]:
            approximate = "approximate" in town["notes"]
            populations.append(
                [
                    code,
                    town["population_year"],
                    town["population"],
                    "yes" if approximate else "no",
                    "kz-monotowns",
                    town["notes"],
                ]
            )
        if town["on_list_2012"] == "yes":
            exited = town["on_list_current"] == "no"
            statuses.append(
                [
                    code,
                    "2012",
                    "2012",
                    "year",
                    "2025-06" if exited else "",
                    "month" if exited else "",
                    "exited after diversification (industrial zone and soft loans)"
                    if exited
                    else "",
                    town["potential_2012"],
                    "kz-monotowns",
                    "exit date not pinned: between 2023-09 and 2025-06 (latest report used)"
                    if exited
                    else "",
                ]
            )
        if town["on_list_current"] == "yes":
            statuses.append(
                [
                    code,
                    "current",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "kz-monotowns",
                    "on the current list of 20; start date not recorded",
                ]
            )
        for name, sector_code, sector, owner, note in ENTERPRISES[town["name_en"]]:
            key = slug(name)
            enterprises.setdefault(
                key, [key, name, sector_code, sector, owner, "kz-monotowns", note]
            )
            if town["name_en"] == "Satpayev":
                links.append(
                    [
                        key,
                        code,
                        "2015",
                        "80",
                        "",
                        "yes",
                        "kz-monotowns",
                        "Vlast.kz 2015: about 80% of residents work for Kazakhmys",
                    ]
                )
            else:
                links.append([key, code, "", "", "", "no", "kz-monotowns", ""])
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
    write(
        "population.csv",
        ["settlement_code", "year", "population", "approximate", "source", "note"],
        populations,
    )
    write(
        "monotown_status.csv",
        [
            "settlement_code",
            "list_code",
            "date_from",
            "from_precision",
            "date_to",
            "to_precision",
            "reason",
            "potential",
            "source",
            "note",
        ],
        statuses,
    )
    write(
        "enterprises.csv",
        ["key", "name", "sector_code", "sector_label", "owner_group", "source", "note"],
        list(enterprises.values()),
    )
    write(
        "town_forming.csv",
        [
            "enterprise_key",
            "settlement_code",
            "year",
            "employment_share_pct",
            "output_share_pct",
            "approximate",
            "source",
            "note",
        ],
        links,
    )
    for name in (
        "kz_monotowns.csv",
        "program_facts.csv",
        "mci.csv",
        "kz_regions_naturalearth.geojson",
    ):
        shutil.copy(SHARED / name, OUT / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
