"""/api/v1/indicators: the indicator catalog (edited by admins, through the catalog loader)."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.accounts.roles import Permission, Principal
from monotown.data import catalog_frame, get_indicator, load_catalog
from monotown.data.catalog import FRAME_COLUMNS
from monotown.data.models import Indicator
from monotown.errors import ConflictError, InputError
from monotown.web.api import kind_views as views
from monotown.web.api.kind_routes import list_routes
from monotown.web.api.write_routes import write_routes
from monotown.web.context import PrincipalDep, SessionDep

router = APIRouter(prefix="/indicators", tags=["data: indicators"])
CODE = r"^[a-z][a-z0-9_]{0,63}$"
Text = Annotated[str, Field(max_length=300)]


class IndicatorOut(BaseModel):
    code: str
    pillar: str
    role: str
    name_en: str
    name_ru: str | None
    name_kk: str | None
    unit: str
    direction: str
    target: float | None
    min: float | None
    max: float | None
    description: str | None
    source: str | None
    dhis2_code: str | None
    values: int = Field(description="Values stored for this indicator.")
    synthetic_values: int = Field(description="Of which synthetic demo values.")
    year_from: int | None
    year_to: int | None


class IndicatorIn(BaseModel):
    pillar: Annotated[str, Field(min_length=1, max_length=32)] | None = None
    role: Literal["indicator", "context"] | None = None
    name_en: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    name_ru: Text | None = None
    name_kk: Text | None = None
    unit: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    direction: Literal["higher", "lower", "target"] | None = None
    target: float | None = None
    min: float | None = None
    max: float | None = None
    description: Annotated[str, Field(max_length=5000)] | None = None
    source: Annotated[str, Field(max_length=500)] | None = None
    dhis2_code: Annotated[str, Field(max_length=64)] | None = None


class IndicatorCreate(IndicatorIn):
    code: str = Field(pattern=CODE)
    pillar: Annotated[str, Field(min_length=1, max_length=32)]
    name_en: Annotated[str, Field(min_length=1, max_length=200)]
    unit: Annotated[str, Field(min_length=1, max_length=40)]
    direction: Literal["higher", "lower", "target"]
    role: Literal["indicator", "context"] = "indicator"


def _write_catalog_row(session: Session, row: dict[str, Any], user: str, where: str) -> None:
    """Create or change one entry through the catalog loader, so its checks and audit apply."""
    with tempfile.TemporaryDirectory(prefix="monotown-catalog-") as folder:
        path = Path(folder) / "indicator.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(FRAME_COLUMNS))
            writer.writeheader()
            writer.writerow(
                {key: "" if row.get(key) is None else row[key] for key in FRAME_COLUMNS}
            )
        try:
            load_catalog(session, path, user=user, origin=where)
        except InputError as error:  # name the field, not the temporary file
            raise InputError(error.reason, field=error.field, value=error.value) from None


def older_parameters(
    pillar: str | None = Query(None, max_length=32, description="Only this pillar, e.g. labour."),
    role: Literal["indicator", "context"] | None = None,
) -> dict[str, str | None]:
    return {"pillar__exact": pillar, "role__exact": role}


list_routes(
    router, "indicators", IndicatorOut, "indicators", mapped=older_parameters,
    own=("pillar", "role"),
)  # fmt: skip


def _admins(session: Session, principal: Principal, key: str | None, values: Any) -> None:
    principal.require(Permission.manage_users)


def _create(session: Session, values: dict[str, Any], *, user: str, origin: str) -> Indicator:
    """A new catalog entry, checked and audited by the catalog loader."""
    if session.scalar(select(func.count()).where(Indicator.code == values["code"])):
        raise ConflictError(f"an indicator with code '{values['code']}' already exists")
    _write_catalog_row(session, values, user, origin)
    return get_indicator(session, values["code"])


def _update(
    session: Session, code: str, values: dict[str, Any], *, user: str, origin: str
) -> Indicator:
    """The stored entry with the values sent, through the catalog loader."""
    indicator = get_indicator(session, code)
    frame = catalog_frame(session)
    stored = frame[frame["code"] == indicator.code].iloc[0].to_dict()
    # NaN (an empty cell in the frame) is the only value not equal to itself
    current = {str(key): (None if value != value else value) for key, value in stored.items()}
    _write_catalog_row(session, {**current, **values}, user, origin)
    return indicator


write_routes(
    router, "indicators", IndicatorOut, bodies=(IndicatorCreate, IndicatorIn),
    writers=(_create, _update), check=_admins,
    texts=("Add an indicator", "Add a catalog entry (admins); checked like a catalog file.",
           "Change an indicator",
           "Change names, unit, direction, ranges or codes of an entry (admins)."),
)  # fmt: skip


@router.delete("/{code}", status_code=204, response_class=Response, summary="Delete an indicator")
def remove(code: str, request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    """Delete an entry no value refers to (admins), as a batch that can be undone (its number
    is in the `X-Monotown-Batch` header)."""
    return views.delete_response(request, session, principal, "indicators", code)
