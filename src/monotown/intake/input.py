"""Reading a submitted text file, refusing what is not a press text with a one-line reason."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from monotown.errors import InputError
from monotown.intake.deadlines import EventDate

MAX_BYTES = 300_000  # a press release is a few kilobytes; more is a mistake and would be slow


def read_text(path: Path) -> str:
    """The file's text (UTF-8, UTF-8 with BOM or UTF-16 with BOM); InputError otherwise."""
    name = str(path)
    if not path.exists():
        raise InputError("no such file", file=name)
    if not path.is_file():
        raise InputError("not a regular file", file=name)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"file is {size} bytes; a press text is at most {MAX_BYTES}", file=name)
    return decode_text(path.read_bytes(), name)


def decode_text(data: bytes, name: str = "<text>") -> str:
    """Decode uploaded bytes the same way `read_text` decodes a file."""
    if not data.strip():
        raise InputError("the file is empty", file=name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("not a text file (invalid UTF-16)", file=name) from None
    else:
        if b"\x00" in data:
            raise InputError("not a text file (binary content)", file=name)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InputError(
                f"not a UTF-8 text file (undecodable byte at offset {error.start})", file=name
            ) from None
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\n\r\t\f")
    if controls > max(3, len(text) // 100):
        raise InputError("not a text file (control characters)", file=name)
    if not any(char.isalpha() for char in text):
        raise InputError("the file has no words", file=name)
    return text


def parse_event_date(value: str, field: str = "--date") -> EventDate:
    """'2024-04-02' (day), '2024-04' (month) or '2024' (year)."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
    if not match:
        raise InputError("expected YYYY-MM-DD, YYYY-MM or YYYY", field=field, value=value)
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        if day:
            return EventDate(date(int(year), int(month), int(day)), "day")
        if month:
            return EventDate(date(int(year), int(month), 1), "month")
        return EventDate(date(int(year), 1, 1), "year")
    except ValueError as error:
        raise InputError(str(error), field=field, value=value) from None
