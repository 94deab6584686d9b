"""The sources the registry's facts cite: hand-written base sources, one row per publication."""

from __future__ import annotations

import hashlib
from urllib.parse import urlparse

from fact_sheets import RETRIEVED, slug

BASE_SOURCES = [
    [
        "kz-monotowns",
        "Single-industry towns of Kazakhstan: 2012-2020 program list and current list",
        "Monotown project (compiled from public sources)",
        "",
        "2026-11-01",
        "CC0 (compilation of public facts)",
        "Compiled from government press releases and news reports named in each record's note "
        "(primeminister.kz, Kazinform, AKIPress, Trend, Newsline, Vlast.kz, Astana Times, KazISS). "
        "Kazakh names are general knowledge, not verified against a cited source.",
    ],
    [
        "regions-kz",
        "Regions of Kazakhstan after the 2022 reform (ISO 3166-2:KZ codes, names in en/ru/kk)",
        "ISO / Government of Kazakhstan",
        "https://www.iso.org/obp/ui/#iso:code:3166:KZ",
        "2026-11-01",
        "public facts",
        "Abai, Zhetysu and Ulytau regions created in 2022; codes and Kazakh names from general "
        "knowledge, not verified this session.",
    ],
    [
        "naturalearth",
        "Natural Earth admin-1 states and provinces (Kazakhstan)",
        "Natural Earth",
        "https://www.naturalearthdata.com/",
        "2026-11-01",
        "public domain",
        "Borders predate 2022: no Abai, Zhetysu, Ulytau regions; used as a base map only.",
    ],
    [
        "program-facts",
        "Program-level figures stated at government sessions 2013-2025",
        "Monotown project (compiled from public sources)",
        "",
        "2026-11-01",
        "CC0 (compilation of public facts)",
        "Each row names the event it was stated at.",
    ],
    [
        "mci",
        "Monthly calculation index (MCI) by year (mci.csv)",
        "Monotown project (compiled from the annual republican budget laws)",
        "",
        "2026-11-01",
        "public facts",
        "Value on 1 January of each year; 2019 unknown.",
    ],
    # The government press texts, cited as publications (event, publisher, date) until events
    # become records of their own.
    [
        "gov-session-2024-04-02",
        "Government session on the development of single-industry towns, chaired by Prime "
        "Minister Olzhas Bektenov (2 April 2024): 'Production expansion, new projects and "
        "business conditions: Prime Minister instructs to take comprehensive measures for "
        "single-industry towns development'",
        "Press service of the Prime Minister of Kazakhstan (primeminister.kz)",
        "https://primeminister.kz/en/news/production-expansion-new-projects-and-business-"
        "conditions-prime-minister-instructs-to-take-comprehensive-measures-for-single-industry-"
        "towns-development-27739",
        RETRIEVED,
        "public government information",
        "Event: Government session, 2 April 2024; report of Deputy Prime Minister - Minister of "
        "National Economy Nurlan Baibazarov.",
    ],
    [
        "kazinform-cabinet-2024-04-02",
        "Cabinet meeting of 2 April 2024: Deputy Prime Minister - Minister of National Economy "
        "Nurlan Baibazarov on the comprehensive plans of single-industry towns",
        "Kazinform International News Agency",
        "",
        RETRIEVED,
        "press report",
        "Event: Cabinet meeting, 2 April 2024 (date stated in the text). States 18.5 trillion "
        "tenge of output in 2023, 15% less than 2022; 40% of national output in 2023; 29 of 41 "
        "anchor projects operating; weakest: Temirtau, Balkhash, Kulsary; decline of the "
        "physical index: Stepnogorsk, Balkhash, Karazhal.",
    ],
    [
        "pm-seminar-2025-06",
        "National seminar-meeting 'The Future of Single-Industry Towns: Positive Experience and "
        "Sustainable Development', Karaganda region, chaired by Prime Minister Olzhas Bektenov "
        "(June 2025, reported 18 June 2025)",
        "Press service of the Prime Minister of Kazakhstan",
        "",
        RETRIEVED,
        "public government information",
        "Event: national seminar-meeting, June 2025. States 20 towns, about 1.5 million people, "
        "36.4% of national industrial output at the end of 2024.",
    ],
]

# Satpayev's 2015 population and employment share, cited by the rows populations() and
# enterprises() add by hand.
VLAST_2015 = [
    "vlast-kz-2015",
    "Vlast.kz (2015) on Satpayev: about 70 thousand residents, about 80% work for Kazakhmys",
    "vlast.kz",
    "",
    "2026-11-01",
    "press report",
    "as compiled by the Monotown project from the press; address not recorded",
]


class Sources:
    """One source row per cited publication, keyed by its address (or text when it has none)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[str]] = {}

    def key(self, where: str, title: str = "", note: str = "") -> str:
        where = where.strip()
        if "primeminister.kz/en/news/production-expansion" in where:
            return "gov-session-2024-04-02"
        url = where if where.startswith("http") else ""
        host = urlparse(url).netloc.removeprefix("www.") if url else ""
        path = urlparse(url).path.strip("/") if url else ""
        label = title or (f"{host}: {path}" if path else host) or where
        digest = hashlib.sha1(f"{where}|{title}".encode()).hexdigest()[:6]
        key = f"{slug(host or label)[:40]}-{digest}"
        if key not in self.rows:
            notes = [] if url else [f"address only partly recorded: {where}"]
            if note:
                notes.append(note)
            self.rows[key] = [
                key,
                label[:300],
                host or "",
                url[:500],
                RETRIEVED,
                "",
                "; ".join(notes),
            ]
        return key
