"""Rebuild the registry's sourced facts in src/monotown/resources/reference/ from ../shared/data.

A maintainer's tool, run by hand (after `build_reference.py`) when the shared fact sheets change;
Monotown never reads ../shared at run time. It writes, each row citing its own source:

- `population.csv`: every population figure of `town_populations.csv` (census and estimates,
  city / administration / district / unclear scope kept apart, conflicting sources kept as rows);
- `monotown_status.csv`: the 2012-2020 program list and the current list from
  `town_current_list.csv` (member / not a member / unknown), Saran's exit by order No. 248;
- `enterprises.csv`, `town_forming.csv`: the cited town-forming enterprises of
  `town_enterprises.csv` with owner and sector (and Satpayev's 2015 employment share);
- `town_figures.csv`: the town-level press figures of `town_figures.csv`;
- `sources.csv`: the hand-written base sources plus one row per cited publication.

Empty or unparseable cells stay unknown; nothing is invented.
"""

from __future__ import annotations

import re
import shutil
import sys

from fact_sheets import OUT, SHARED, parse_value, parse_when, read, slug, write
from fact_sources import BASE_SOURCES, VLAST_2015, Sources

# The enterprises each row of town_enterprises.csv names: (name, OKED division, sector label,
# owner). One row may name several; the owner text is the source's, shortened.
ENTERPRISES: dict[str, list[tuple[str, str, str, str]]] = {
    "Temirtau": [("Qarmet JSC (Karaganda metallurgical plant)", "C24", "steel", "Qarmet")],
    "Balkhash": [("Balkhashtsvetmet (Balkhash copper smelter)", "C24", "copper", "Kazakhmys")],
    "Zhezkazgan": [("Zhezkazgan copper smelter and Kazakhmys mines", "B07", "copper", "Kazakhmys")],
    "Satpayev": [
        ("Kazakhmys underground mines of the Zhezkazgan deposit", "B07", "copper", "Kazakhmys")
    ],
    "Karazhal": [("Zhairem mining and processing plant", "B07", "zinc-lead", "Kazzinc")],
    "Ridder": [("Ridder mining and processing complex", "B07", "polymetals", "Kazzinc")],
    "Altai": [("Altai mining and concentrating complex", "B07", "polymetals", "Kazzinc")],
    "Rudny": [("SSGPO (Sokolov-Sarbai mining and processing)", "B07", "iron ore", "ERG")],
    "Lisakovsk": [("Lisakovsk branch of Orken LLP", "B07", "iron ore", "")],
    "Zhitikara": [("Kostanay Minerals JSC", "B08", "chrysotile", "Kostanay Minerals JSC")],
    "Arkalyk": [
        ("Torgai bauxite mine administration (stopped 2021)", "B07", "bauxite (former)", "ERG")
    ],
    "Ekibastuz": [("Bogatyr Komir LLP", "B05", "coal", "Samruk-Kazyna / UC Rusal")],
    "Aksu": [("Aksu Ferroalloy Plant", "C24", "ferroalloys", "Kazchrome (ERG)")],
    "Khromtau": [("Donskoy GOK", "B07", "chrome ore", "Kazchrome (ERG)")],
    "Stepnogorsk": [
        ("Stepnogorsk mining-chemical combine", "C20", "uranium processing", "Kazatomprom"),
        ("Kazakhaltyn", "B07", "gold", ""),
    ],
    "Zhanaozen": [("Ozenmunaigas JSC", "B06", "oil", "KazMunayGas")],
    "Kulsary": [("Tengiz field", "B06", "oil", "")],
    "Karatau": [("EuroChem-Karatau", "B08", "phosphates", "EuroChem")],
    "Zhanatas": [
        ("EuroChem-Karatau chemical complex and Zhanatas mine", "B08", "phosphates", "EuroChem"),
        ("QazaqSoda soda-ash plant (planned)", "C20", "chemicals (planned)", "QazaqSoda LLP"),
    ],
    "Serebryansk": [
        ("Serebryansk plant of inorganic productions (idle)", "C20", "chemicals (former)", "")
    ],
    "Tekeli": [("Tekeli lead-zinc combine (closed)", "B07", "lead-zinc (former)", "")],
    "Kentau": [
        ("Kentau transformer plant", "C27", "electrical equipment", ""),
        ("Kentau thermal power plant", "D35", "heat and power", ""),
    ],
    "Shakhtinsk": [("Shakhtinsk coal mines", "B05", "coal", "Qarmet (presumed)")],
    "Saran": [("Saran coal mine", "B05", "coal", "Qarmet")],
    "Kurchatov": [("National Nuclear Center", "M72", "nuclear research", "State (NNC RK)")],
    "Priozersk": [("Sary-Shagan test site", "O84", "defence", "")],
}

# Keys kept from the earlier (uncited) list where the cited enterprise is the same one, so a
# database loaded before updates the record in place.
KEYS = {
    "Qarmet JSC (Karaganda metallurgical plant)": "qarmet-steel-works",
    "Balkhashtsvetmet (Balkhash copper smelter)": "kazakhmys-smelting-balkhash-copper-smelter",
    "SSGPO (Sokolov-Sarbai mining and processing)": "ssgpo-iron-ore-mining-and-pelletising",
    "Ozenmunaigas JSC": "ozenmunaygas",
    "Bogatyr Komir LLP": "bogatyr-komir-coal-mine",
    "Ridder mining and processing complex": "kazzinc-ridder-mining-and-metallurgical-complex",
    "Kostanay Minerals JSC": "kostanay-minerals",
    "National Nuclear Center": "national-nuclear-center",
}

# town_figures.csv metrics that are catalog indicators, and how their values are stored.
FIGURE_INDICATORS = {
    "unemployment rate": "unemployment_rate_pct",
    "industrial output": "industrial_output_kzt_bn",
}


def populations(sources: Sources, codes: dict[str, str]) -> list[list[object]]:
    rows: list[list[object]] = []
    seen: set[tuple[str, str, str, str]] = set()
    for row in read("town_populations.csv"):
        year, as_of, precision, when_note = parse_when(row["year_or_date"])
        value, approximate, lower = parse_value(row["value"])
        approximate = approximate or "approx" in row["figure"]
        scope = row["scope"]
        notes = [row["notes"]] if row["notes"] else []
        if scope.endswith("(probable)"):
            notes.insert(0, f"scope: {scope}")
            scope = "unclear"
        if when_note:
            notes.insert(0, when_note)
        source = sources.key(row["source_url"], row["source_title"])
        key = (row["town"], year, scope, source)
        if key in seen:
            raise SystemExit(f"duplicate population figure {key}")
        seen.add(key)
        rows.append(
            [
                codes[row["town"]],
                year,
                as_of,
                precision,
                row["kind"],
                scope,
                value,
                "yes" if approximate else "no",
                "yes" if lower else "no",
                row["figure"],
                source,
                row["quote"],
                "; ".join(notes),
            ]
        )
    rows.append(
        [codes["Satpayev"], "2015", "2015-01-01", "year", "estimate", "unclear", "70000", "yes",
         "no", "population (approx.)", "vlast-kz-2015", "",
         "about 70 thousand residents (Vlast.kz 2015, as recorded in kz_monotowns.csv)"]
    )  # fmt: skip
    return rows


def statuses(sources: Sources, codes: dict[str, str]) -> list[list[object]]:
    towns = read("kz_monotowns.csv")
    rows: list[list[object]] = [
        [codes[t["name_en"]], "2012", "2012", "year", "", "", "", "", "member", "high", "",
         "kz-monotowns", t["potential_2012"] and f"potential {t['potential_2012']}"]
        for t in towns
        if t["on_list_2012"] == "yes"
    ]  # fmt: skip
    state = {"yes": "member", "no": "not_member", "unknown": "unknown"}
    for row in read("town_current_list.csv"):
        if row["town"] not in codes:
            continue  # Shu (not one of the 27) and the count row
        membership = state[row["on_current_list"]]
        date_from, precision, note = "", "", row["notes"]
        since = row["since"]
        if re.match(r"\d{4}-\d{2}-\d{2}", since):
            date_from, precision = since[:10], "day"
            note = "; ".join(part for part in (f"since {since}", note) if part)
        elif since:
            note = "; ".join(part for part in (f"since: {since}", note) if part)
        # A status's `reason` says why a town left or is off the list; for members and unknown
        # towns the source's justification goes to the note.
        reason = row["reason"] if membership == "not_member" else ""
        if membership != "not_member":
            note = "; ".join(part for part in (f"evidence: {row['reason']}", note) if part)
        if row["town"] == "Saran":
            reason = (
                "removed from the list by order No. 248 of the Ministry of National Economy of "
                "21 November 2023, for economic diversification"
            )
        if row["town"] == "Priozersk":
            reason = "not named among the region's remaining single-industry towns"
        if row["town"] == "Tekeli":
            reason = (
                "left the list: industrial output tripled and businesses almost doubled in 10 years"
            )
            note = (
                "the Prime Minister said Saran and Tekeli left the list (Kazinform, c. 2024); the "
                "date and the order of Tekeli's exit are not stated in any source found"
            )
        rows.append(
            [
                codes[row["town"]],
                "current",
                date_from,
                precision,
                "",
                "",
                reason[:300],
                "",
                membership,
                row["confidence"],
                row["quote"],
                sources.key(row["source_url"]),
                note,
            ]
        )
    return rows


def enterprises(
    sources: Sources, codes: dict[str, str]
) -> tuple[list[list[object]], list[list[object]]]:
    companies: dict[str, list[object]] = {}
    links: list[list[object]] = []
    for row in read("town_enterprises.csv"):
        source = sources.key(row["source_url"])
        for name, oked, sector, owner in ENTERPRISES[row["town"]]:
            key = KEYS.get(name, slug(name))
            note = "; ".join(
                part
                for part in (f"as cited: {row['enterprise']}", f"owner as cited: {row['owner']}")
                if part
            )
            companies.setdefault(key, [key, name, oked, sector, owner, source, note])
            if row["town"] == "Satpayev":
                links.append(
                    [key, codes[row["town"]], "2015", "80", "", "yes", "vlast-kz-2015",
                     "Vlast.kz 2015: about 80% of residents work for Kazakhmys"]
                )  # fmt: skip
            links.append([key, codes[row["town"]], "", "", "", "no", source, row["quote"]])
    return list(companies.values()), links


def figures(sources: Sources, codes: dict[str, str]) -> list[list[object]]:
    rows: list[list[object]] = []
    for row in read("town_figures.csv"):
        if row["town"] not in codes:
            continue  # aggregates over several towns belong to the program facts
        year, _as_of, _precision, _note = parse_when(row["year"])
        if not year:
            found = re.match(r"(\d{4})(?: \(reported| \(| |$)", row["year"])
            year = found.group(1) if found and "-" not in row["year"] else ""
        text = row["value"].strip()
        number = re.fullmatch(r"(c\. |>|<)?(\d+(?:\.\d+)?)", text)
        bound = {"c. ": "approximate", ">": "lower", "<": "upper"}.get(
            (number.group(1) or "") if number else "", "exact"
        )
        value = number.group(2) if number else ""
        indicator = FIGURE_INDICATORS.get(row["metric"], "")
        rows.append(
            [
                codes[row["town"]],
                row["metric"],
                row["year"],
                year,
                text,
                value,
                bound if number else "text",
                row["unit"],
                indicator,
                sources.key(row["source_url"]),
                row["quote"],
                row["notes"],
            ]
        )
    return rows


def main() -> int:
    codes = {row["name_en"]: slug(row["name_en"]) for row in read("kz_monotowns.csv")}
    sources = Sources()
    write(
        "population.csv",
        ["settlement_code", "year", "as_of", "as_of_precision", "kind", "scope", "population",
         "approximate", "lower_bound", "figure", "source", "quote", "note"],
        populations(sources, codes),
    )  # fmt: skip
    write(
        "monotown_status.csv",
        ["settlement_code", "list_code", "date_from", "from_precision", "date_to",
         "to_precision", "reason", "potential", "membership", "confidence", "quote", "source",
         "note"],
        statuses(sources, codes),
    )  # fmt: skip
    companies, links = enterprises(sources, codes)
    write(
        "enterprises.csv",
        ["key", "name", "sector_code", "sector_label", "owner_group", "source", "note"],
        companies,
    )
    write(
        "town_forming.csv",
        ["enterprise_key", "settlement_code", "year", "employment_share_pct", "output_share_pct",
         "approximate", "source", "note"],
        links,
    )  # fmt: skip
    write(
        "town_figures.csv",
        ["settlement_code", "metric", "period", "year", "value_text", "value", "bound", "unit",
         "indicator", "source", "quote", "note"],
        figures(sources, codes),
    )  # fmt: skip
    write(
        "sources.csv",
        ["key", "title", "publisher", "url", "retrieved", "licence", "note"],
        [*BASE_SOURCES, VLAST_2015, *sources.rows.values()],
    )
    (OUT / "fact_sheets").mkdir(exist_ok=True)
    for name in (
        "town_populations.csv",
        "town_current_list.csv",
        "town_enterprises.csv",
        "town_figures.csv",
    ):
        shutil.copy(SHARED / name, OUT / "fact_sheets" / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
