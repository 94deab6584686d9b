"""Program records as rows, built in `monotown.program.kind_rows` (kept importable here)."""

from monotown.program.kind_rows import KINDS, SOURCES, cells, key_text, program_rows

__all__ = ["KINDS", "SOURCES", "cells", "key_text", "program_rows"]
