"""Who is writing, as far as regions go: the type the records layer and every capability's write
paths take, defined here, below the registry, so the records layer needs nothing above it
(the check itself, on the settlements a write lands on, is `registry.access`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class WriteScope(Protocol):
    """Who is writing, as far as regions go (the web's `Principal` is one)."""

    @property
    def region_scoped(self) -> bool: ...

    def require_regions(self, region_ids: Iterable[int], what: str) -> None: ...
