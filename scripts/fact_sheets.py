"""Where the registry's fact sheets are read from and written to, and how their cells are parsed.

Shared by `build_reference.py` and `build_registry_facts.py`, so both read the same ../shared/data,
write the same CSV dialect and make the same code slugs.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The shared fact sheets sit next to the checkout (or one level up, from a worktree).
SHARED = next(
    (p / "shared" / "data" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared" / "data",
)
OUT = ROOT / "src" / "monotown" / "resources" / "reference"
RETRIEVED = "2026-12-01"


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


def read(name: str) -> list[dict[str, str]]:
    with (SHARED / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def parse_when(text: str) -> tuple[str, str, str, str]:
    """(year, as_of ISO date, precision, note) from '2023-01-01', '2021-02', '2019', 'c. 2025'."""
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text[:4], text, "day", ""
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return text[:4], f"{text}-01", "month", ""
    if re.fullmatch(r"\d{4}", text):
        return text, f"{text}-01-01", "year", ""
    return "", "", "", f"date as given: {text}"


def parse_value(text: str) -> tuple[str, bool, bool]:
    """(whole number, approximate, lower bound) from '171890', 'c. 90000', '>10000'."""
    text = text.strip()
    lower = text.startswith(">")
    approximate = text.startswith("c.")
    digits = re.sub(r"[^\d]", "", text)
    return digits, approximate, lower
