"""Numbered pages (`page`, `per_page`) of the lists that are no kind of record: the audit log and
the import batches, paged in SQL (a log of any length), and assessment runs and their results."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from monotown.web.api.listing import PageQuery, PerPageQuery, paginate


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int


def paging(page: int = PageQuery, per_page: int = PerPageQuery) -> Paging:
    return Paging(page, per_page)


PagingDep = Annotated[Paging, Depends(paging)]


def sql_page(
    session: Session, query: Select[Any], order: Any, paging: Paging, row: Callable[[Any], Any]
) -> dict[str, Any]:
    """One page of what `query` selects, in `order`, each item made by `row`; the database
    counts and skips, so no more than a page is ever read."""
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    offset = (paging.page - 1) * paging.per_page
    found = session.scalars(query.order_by(order).offset(offset).limit(paging.per_page))
    items = [row(item) for item in found]
    return {"items": items, "total": total, "page": paging.page, "per_page": paging.per_page}


def rows_page(rows: list[dict[str, Any]], paging: Paging) -> dict[str, Any]:
    return paginate(rows, paging.page, paging.per_page)
