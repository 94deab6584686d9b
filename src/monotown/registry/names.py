"""Finding settlements and regions by any of their names, in any language, ignoring case."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from monotown.errors import ConflictError, NotFoundError

T = TypeVar("T")


def normalise_name(name: str) -> str:
    """Case- and spacing-insensitive key; ё and е are the same letter in practice."""
    return " ".join(name.casefold().replace("ё", "е").split())


def closest_name(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate that looks most like `name`, or None if nothing is close."""
    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(normalise_name(candidate), candidate)
    matches = difflib.get_close_matches(normalise_name(name), list(by_key), n=1, cutoff=0.6)
    return by_key[matches[0]] if matches else None


def pick_by_name(
    name: str,
    items: Sequence[T],
    names_of: Mapping[int, Sequence[str | None]],
    *,
    what: str,
    describe: Mapping[int, str],
) -> T:
    """The single item one of whose names equals `name`; clear errors for none or several.

    `names_of[i]` holds the names of `items[i]`; `describe[i]` is how to show it in an error.
    """
    return pick_all_by_name([name], items, names_of, what=what, describe=describe)[0]


def pick_all_by_name(
    wanted: Sequence[str],
    items: Sequence[T],
    names_of: Mapping[int, Sequence[str | None]],
    *,
    what: str,
    describe: Mapping[int, str],
) -> list[T]:
    """`pick_by_name` for each of `wanted`, in order, with the items' names indexed once (so a
    national list of names costs one pass, not one pass per name); the first bad name raises."""
    index: dict[str, list[int]] = {}
    for position, names in names_of.items():
        for key in {normalise_name(candidate) for candidate in names if candidate}:
            index.setdefault(key, []).append(position)
    picked = []
    for name in wanted:
        hits = index.get(normalise_name(name), [])
        if len(hits) == 1:
            picked.append(items[hits[0]])
            continue
        if len(hits) > 1:
            options = ", ".join(describe[position] for position in hits[:5])
            raise ConflictError(f"'{name}' names several {what}s: {options}; use a code instead")
        every_name = [candidate for names in names_of.values() for candidate in names if candidate]
        suggestion = closest_name(name, every_name)
        hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
        raise NotFoundError(f"no {what} named '{name}'{hint}")
    return picked
