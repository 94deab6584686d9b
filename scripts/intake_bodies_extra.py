"""Add intake's collective bodies and extra spellings to program/bodies.csv (idempotent).

The registry names each akimat; press texts also address "regional akimats" or "akimats of
single-industry towns" as a whole, and spell Ulytau and Zhetysu in Russian adjectives the
registry lacks. Run after copying a new bodies.csv from the registry's owner.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

BODIES = Path(__file__).resolve().parents[1] / "src/monotown/resources/program/bodies.csv"
SOURCE = "intake: collective addressee of government press instructions"
COLLECTIVE = [
    {
        "code": "akimats-regions",
        "kind": "regional_akimat",
        "name_en": "Akimats of the regions",
        "name_ru": "Акиматы областей",
        "name_kk": "Облыс әкімдіктері",
        "aliases": "regional akimats|akimats of regions|akims of the regions"
        "|governors of the regions"
        "|областные акиматы|акиматы областей и городов республиканского значения"
        "|облыстардың әкімдіктері|өңірлердің әкімдіктері",
    },
    {
        "code": "akimats-towns",
        "kind": "town_akimat",
        "name_en": "Akimats of single-industry towns",
        "name_ru": "Акиматы моногородов",
        "name_kk": "Моноқалалардың әкімдіктері",
        "aliases": "akimats of single-industry towns|akims of single-industry towns"
        "|governors of single-industry towns|town akimats|акимы моногородов"
        "|моноқала әкімдіктері",
    },
]
EXTRA_ALIASES = {
    "akimat-kz-62": "Улытауская область|Акимат Улытауской области|Ulytau region|Ulytau Region",
    "akimat-kz-33": "Жетысуская область|Акимат Жетысуской области",
    "akimat-kz-10": "Акимат Абайской области",
    "prime-minister": "Head of Government|Глава Правительства|Үкімет басшысы",
    "maidd": "Министерство цифрового развития|Цифрлық даму министрлігі",
    "mts": "Министерство туризма и спорта|Туризм және спорт министрлігі",
}


def main() -> int:
    with BODIES.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    codes = {row["code"] for row in rows}
    for row in rows:
        extra = EXTRA_ALIASES.get(row["code"])
        if extra:
            known = row["aliases"].split("|") if row["aliases"] else []
            row["aliases"] = "|".join(known + [a for a in extra.split("|") if a not in known])
    for entry in COLLECTIVE:
        if entry["code"] not in codes:
            rows.append({field: entry.get(field, "") for field in fields} | {"source": SOURCE})
    with BODIES.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
