"""Reading a submitted text file, refusing what is not a press text with a one-line reason."""

from __future__ import annotations

from pathlib import Path

from monotown.errors import InputError

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
