"""Python's cyclic garbage collector paused while a report is built.

Laying out a briefing creates some 300,000 objects (boxes, styles, text runs) that live until the
PDF is written; the collector would walk them again and again, about a fifth of the CPU time of a
national briefing. The pause is bounded by one report, counted (renders in several threads each
hold it, and the last to finish resumes collection) and collection resumes even on an error.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_enabled = True


@contextmanager
def collection_paused() -> Iterator[None]:
    """No automatic cyclic collection inside the block (reference counting still frees)."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
