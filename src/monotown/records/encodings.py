"""Which text encodings a file of records may be in, told the same way for every import.

UTF-8 (with or without BOM) when the start of the file decodes as UTF-8; UTF-16/32 when it starts
with their BOM ('Unicode text' from Excel) or, without one, when every other byte is NUL; else
Windows-1251, since Russian Excel saves 'CSV' in it and nothing else common here is ambiguous.
A byte that is text in none of them is refused with its row.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterable
from pathlib import Path

from monotown.errors import InputError

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
HEAD_BYTES = 1 << 16
SHOWN = {"cp1251": "UTF-8 or Windows-1251"}


def detect_encoding(head: bytes) -> str:
    """The encoding of a file whose first bytes (up to 64 KiB) are `head`."""
    head = head[:HEAD_BYTES]
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith(UTF32_BOMS):  # before UTF-16: the UTF-32 LE BOM starts like UTF-16's
        return "utf-32"
    if head.startswith(UTF16_BOMS):
        return "utf-16"
    if head[:64].count(0) * 3 > len(head[:64]):
        # No BOM but every other byte NUL: UTF-16 text, the NULs telling the byte order.
        return "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def file_encoding(path: Path) -> str:
    """The encoding of the file at `path` (see `detect_encoding`)."""
    with path.open("rb") as handle:
        return detect_encoding(handle.read(HEAD_BYTES))


def undecodable(lines: Iterable[bytes], encoding: str, *, file: str) -> InputError:
    """The error for text that does not decode: the row and value of its first bad byte
    (`lines` are the file's lines as bytes, an open binary file say, read only on failure)."""
    shown = SHOWN.get(encoding, encoding)
    if encoding.startswith(("utf-8", "cp1251")):
        for number, line in enumerate(lines, start=1):
            try:
                line.decode(encoding)
            except UnicodeDecodeError as error:
                byte = line[error.start : error.start + 1].hex()
                return InputError(
                    f"byte 0x{byte} is not {shown} text; save the file as UTF-8",
                    file=file,
                    row=number,
                )
    return InputError(f"is not readable as {shown} text; save the file as UTF-8", file=file)


def decode_text(data: bytes, *, file: str) -> str:
    """The text of a whole file of records (uploaded or read), in whichever encoding it is."""
    encoding = detect_encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise undecodable(io.BytesIO(data), encoding, file=file) from None


def read_text(path: Path, *, file: str | None = None) -> str:
    """The text of the file at `path` (see `decode_text`); errors name it as `file`."""
    return decode_text(path.read_bytes(), file=file or str(path))
