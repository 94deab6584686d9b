"""The FastAPI application: HTML pages and the JSON API over the same capabilities."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from monotown import __version__
from monotown.db import engine_for, get_engine, session_scope
from monotown.errors import MonotownError
from monotown.registry import list_towns, town_profile

WEB_DIR = Path(__file__).parent
templates = Jinja2Templates(directory=str(WEB_DIR / "templates"))


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request on the app's database."""
    with session_scope(request.app.state.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def create_app(database_url: str | None = None) -> FastAPI:
    """Build the app bound to one database (the configured one unless a URL is given)."""
    engine: Engine = engine_for(database_url) if database_url else get_engine()
    app = FastAPI(
        title="Monotown",
        version=__version__,
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
    )
    app.state.engine = engine
    app.mount("/static", StaticFiles(directory=str(WEB_DIR / "static")), name="static")

    @app.exception_handler(MonotownError)
    async def monotown_error(_request: Request, error: MonotownError) -> JSONResponse:
        return JSONResponse({"detail": error.message}, status_code=error.http_status)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, session: SessionDep) -> HTMLResponse:
        towns = list_towns(session)
        return templates.TemplateResponse(request, "towns.html", {"towns": towns})

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/api/v1/towns", tags=["registry"])
    def api_towns(
        session: SessionDep, region: str | None = None, list: str | None = None
    ) -> list[dict[str, Any]]:
        """Monotowns with region, population, sectors and list membership."""
        return [asdict(town) for town in list_towns(session, region=region, list_code=list)]

    @app.get("/api/v1/towns/{name}", tags=["registry"])
    def api_town(name: str, session: SessionDep) -> dict[str, Any]:
        """One town's profile, found by code or by any of its names."""
        return asdict(town_profile(session, name))

    return app
