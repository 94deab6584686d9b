"""Add the spellings intake needs to program/bodies.csv (idempotent).

Press texts spell Ulytau and Zhetysu in Russian adjectives, call the Prime Minister "Head of
Government" / "Глава Правительства" / "Үкімет басшысы" and the digital ministry by its short name;
the registry lacks these. Run after copying a new bodies.csv from the registry's owner.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

BODIES = Path(__file__).resolve().parents[1] / "src/monotown/resources/program/bodies.csv"
EXTRA_ALIASES = {
    "akimat-kz-62": "Улытауская область|Акимат Улытауской области|Ulytau region|Ulytau Region",
    "akimat-kz-33": "Жетысуская область|Акимат Жетысуской области",
    "akimat-kz-10": "Акимат Абайской области",
    "prime-minister": "Head of Government|Глава Правительства|Үкімет басшысы",
    "maidd": "Министерство цифрового развития|Цифрлық даму министрлігі",
}


def main() -> int:
    with BODIES.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    for row in rows:
        extra = EXTRA_ALIASES.get(row["code"])
        if extra:
            known = row["aliases"].split("|") if row["aliases"] else []
            row["aliases"] = "|".join(known + [a for a in extra.split("|") if a not in known])
    with BODIES.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
