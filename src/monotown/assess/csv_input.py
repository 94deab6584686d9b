"""Reading an assessment's CSV files (data, meta, design, weight sets): one place for the
encoding and for the one-line error a malformed file gets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from monotown.errors import InputError


def read_csv(path: str | Path) -> pd.DataFrame:
    file = Path(path)
    if not file.is_file():
        raise InputError("file not found", file=str(path))
    try:
        return pd.read_csv(file, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        raise InputError(
            f"cannot read CSV ({str(error).splitlines()[0]})", file=str(path)
        ) from None
