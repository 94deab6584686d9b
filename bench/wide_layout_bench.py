"""Wide-layout parsing: the one-pass unpivot against the per-column loop it replaced.

A wide file has one column per indicator. The old reader copied the whole chunk once per column
(filter, pick, concatenate), so its cost grew with rows x columns x columns; the unpivot lays the
cells out once and picks the non-empty ones with one mask. Both are timed here on the same
chunk, with their peak memory, and the ratio is printed. Also times how fast a million-column
file is refused (it must not be read at all).
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from monotown.data.layouts import RECORD_COLUMNS, RECORD_FIELDS, _unpivot
from monotown.data.value_files import open_layout
from monotown.errors import InputError

ROWS, COLUMNS = 1_000, 250


def per_column_loop(
    chunk: pd.DataFrame, fields: dict[str, int], value_columns: list[int], header: list[str]
) -> pd.DataFrame:
    """The reader before: one filtered copy of the chunk per value column."""
    parts = []
    for index in value_columns:
        cells = chunk[chunk[index] != ""]
        part = pd.DataFrame({"row": cells["row"], "col": index})
        for name in RECORD_FIELDS:
            part[name] = cells[fields[name]] if name in fields else ""
        part["indicator"] = header[index]
        part["value"] = cells[index]
        parts.append(part)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=RECORD_COLUMNS)


def measure(work: Callable[[], pd.DataFrame]) -> tuple[float, float, int]:
    """Seconds (untraced), then peak traced memory of a second run, and the record count."""
    started = time.perf_counter()
    records = work()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak, len(records)


def main() -> int:
    rng = np.random.default_rng(7)
    header = ["settlement", "period", *(f"ind_{i}" for i in range(COLUMNS))]
    values = np.where(rng.random((ROWS, COLUMNS)) < 0.5, "", rng.integers(0, 999, (ROWS, COLUMNS)))
    chunk = pd.DataFrame(values.astype(str), columns=range(2, COLUMNS + 2))
    chunk.insert(0, 0, [f"town{r % 50}" for r in range(ROWS)])
    chunk.insert(1, 1, "2024")
    chunk["row"] = np.arange(ROWS) + 2
    fields = {"settlement": 0, "period": 1}
    value_columns = list(range(2, COLUMNS + 2))
    new_s, new_mb, new_n = measure(lambda: _unpivot(chunk, fields, value_columns, header))
    old_s, old_mb, old_n = measure(lambda: per_column_loop(chunk, fields, value_columns, header))
    assert new_n == old_n
    print(f"wide chunk {ROWS:,} rows x {COLUMNS} indicator columns, {new_n:,} values")
    print(f"  unpivot (now):          {new_s:7.3f} s, peak {new_mb:7.1f} MB")
    print(f"  per-column loop (was):  {old_s:7.3f} s, peak {old_mb:7.1f} MB")
    print(f"  ratio: {old_s / new_s:.1f}x faster, {old_mb / max(new_mb, 1e-9):.1f}x less memory")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "million.csv"
        path.write_text(
            "settlement,period," + ",".join(f"c{i}" for i in range(1_000_000)) + "\n"
            + "Temirtau,2024" + "," * 1_000_000 + "\n"
        )  # fmt: skip
        started = time.perf_counter()
        try:
            list(open_layout(path, file=path.name).records)
        except InputError as error:
            refused = time.perf_counter() - started
            print(f"1,000,000-column file ({path.stat().st_size / 1e6:.1f} MB) refused in "
                  f"{refused * 1000:.0f} ms: {error.message[:90]}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
