"""How much work one file or request may cause: the limits every reader and the web server apply.

Each limit has a default and an environment variable; a breach is a clear error naming the limit
(413 for sizes and row counts, 422 for the shape of the content), raised before the costly part.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from monotown.errors import InputError, TooLargeError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limit:
    name: str
    env: str
    default: int
    what: str

    @property
    def value(self) -> int:
        """The current value (read from the environment each time, so tests and operators can
        change it without restarting a library user's process)."""
        text = os.environ.get(self.env, "").strip()
        try:
            return max(1, int(text)) if text else self.default
        except ValueError:
            return self.default

    def describe(self) -> str:
        return f"{self.value:,} {self.what} ({self.env})"


BODY_MB = Limit("body", "MONOTOWN_MAX_UPLOAD_MB", 50, "MB per request body or uploaded file")
ANONYMOUS_BODY_KB = Limit(
    "anonymous body", "MONOTOWN_MAX_ANONYMOUS_BODY_KB", 64, "KB per request body before sign-in"
)
COLUMNS = Limit("columns", "MONOTOWN_MAX_COLUMNS", 1_000, "columns per file")
ROWS = Limit("rows", "MONOTOWN_MAX_ROWS", 5_000_000, "rows per file")
CELL_CHARS = Limit("cell", "MONOTOWN_MAX_CELL_CHARS", 10_000, "characters per cell")
JSON_DEPTH = Limit("nesting", "MONOTOWN_MAX_JSON_DEPTH", 20, "levels of JSON nesting")
XLSX_UNPACKED_MB = Limit(
    "xlsx", "MONOTOWN_MAX_XLSX_UNPACKED_MB", 1024, "MB unpacked per XLSX workbook"
)
XLSX_STRINGS_MB = Limit(
    "xlsx strings", "MONOTOWN_MAX_XLSX_STRINGS_MB", 32, "MB unpacked for an XLSX's shared strings"
)
ALL_LIMITS = (
    BODY_MB, ANONYMOUS_BODY_KB, COLUMNS, ROWS, CELL_CHARS, JSON_DEPTH, XLSX_UNPACKED_MB,
    XLSX_STRINGS_MB,
)  # fmt: skip


def check_columns(count: int, *, file: str) -> None:
    if count > COLUMNS.value:
        raise InputError(
            f"has {count:,} columns; at most {COLUMNS.describe()} are read", file=file, row=1
        )


def check_rows(last_row: int, *, file: str) -> None:
    """`last_row` counts the header as row 1."""
    if last_row - 1 > ROWS.value:
        raise TooLargeError(
            f"has more than {ROWS.describe()}; split it into smaller files", file=file
        )


def cell_too_long(length: int, *, file: str, row: int | None, column: str | None) -> InputError:
    return InputError(
        f"a cell holds {length:,} characters; at most {CELL_CHARS.describe()} are read",
        file=file,
        row=row,
        field=column,
    )


def body_limit_bytes() -> int:
    return BODY_MB.value * MB


def check_xlsx_parts(path: Path | IO[bytes], *, file: str) -> None:
    """Refuse a workbook whose parts unpack to more than the limits, before openpyxl reads it.

    openpyxl keeps the shared strings of a workbook in memory whole, so a small file whose
    strings unpack to gigabytes would stall the server: both the sizes the zip declares and the
    bytes it actually unpacks to are checked (the latter stops reading at the limit).
    """
    total_limit = XLSX_UNPACKED_MB.value * MB
    strings_limit = XLSX_STRINGS_MB.value * MB
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            declared = sum(info.file_size for info in infos)
            if declared > total_limit:
                raise TooLargeError(
                    f"unpacks to {declared / MB:,.0f} MB; at most {XLSX_UNPACKED_MB.describe()}",
                    file=file,
                )
            unpacked = 0
            for info in infos:
                if info.compress_type not in READABLE_COMPRESSION:
                    raise InputError(
                        f"is not a readable Excel workbook (part {info.filename} uses an "
                        f"unsupported compression method {info.compress_type})",
                        file=file,
                    )
                is_strings = info.filename.lower().endswith("sharedstrings.xml")
                if is_strings and info.file_size > strings_limit:
                    raise _strings_error(info.file_size, file)
                with archive.open(info) as part:
                    size = 0
                    while block := part.read(MB):
                        size += len(block)
                        unpacked += len(block)
                        if is_strings and size > strings_limit:
                            raise _strings_error(size, file)
                        if unpacked > total_limit:
                            raise TooLargeError(
                                f"unpacks to more than {XLSX_UNPACKED_MB.describe()}", file=file
                            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise InputError(f"is not a readable Excel workbook ({error})", file=file) from None


# The methods Python's zipfile reads; anything else is refused before a part is opened.
READABLE_COMPRESSION = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)


def _strings_error(size: int, file: str) -> TooLargeError:
    return TooLargeError(
        f"its shared strings unpack to {size / MB:,.0f} MB or more; at most "
        f"{XLSX_STRINGS_MB.describe()}",
        file=file,
    )
