"""The FastAPI application: HTML pages and the JSON API over the same capabilities.

`create_app()` is the factory uvicorn runs in each worker (`monotown serve --workers N`).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import sessionmaker
from starlette.responses import Response

from monotown import __version__, catalog, migrations
from monotown.accounts.signing import session_signing_key
from monotown.data.import_board import ImportBoard
from monotown.db import engine_for, get_engine, read_only
from monotown.web.api import include_api
from monotown.web.bodylimit import BodyLimit
from monotown.web.cache import ReadCache, watch_writes
from monotown.web.context import check_csrf
from monotown.web.failures import install_error_handlers
from monotown.web.fastpath import ReadThrough
from monotown.web.headers import SecurityHeaders
from monotown.web.pages import page_router
from monotown.web.principals import Credentials
from monotown.web.query_guard import NoNulInAddress
from monotown.web.rendering import Pages
from monotown.web.session_cookie import SESSION_COOKIE, SessionCookie
from monotown.web.settings import WebSettings
from monotown.web.warm import warm_statements

WEB_DIR = Path(__file__).parent
__all__ = ["SESSION_COOKIE", "create_app"]

API_DESCRIPTION = """
The Monotown REST API: the registry of settlements, regions and enterprises and every other
capability's records. Lists take `page`, `per_page`, `sort` (a field, `-field` for descending) and
filters; `/export` variants return CSV or XLSX.

Authenticate with `Authorization: Bearer <token>` (create one with `monotown users token NAME` or
on your account page). Reading may be public when the server runs with `MONOTOWN_PUBLIC_READ=1`.
Errors are JSON `{"detail": "..."}` with the status code saying what went wrong.
"""


class CachedStatic(StaticFiles):
    """Vendored assets change only with a new release: let browsers keep them for a day."""

    def file_response(self, *args: object, **kwargs: object) -> Response:
        response = super().file_response(*args, **kwargs)  # type: ignore[arg-type]
        response.headers.setdefault("Cache-Control", "public, max-age=86400")
        return response


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Objects alive after start-up live as long as the process: keep the garbage collector from
    # scanning them again and again (shorter pauses, steadier latency under load).
    if app.state.settings.warm_start:
        await run_in_threadpool(warm_statements, app.state.read_sessions)
    gc.collect()
    gc.freeze()
    yield
    app.state.credentials.close()


def create_app(database_url: str | None = None, settings: WebSettings | None = None) -> FastAPI:
    """Build the app bound to one database (the configured one unless a URL is given)."""
    settings = settings or WebSettings.from_env()
    catalog.install()
    engine = engine_for(database_url) if database_url else get_engine()
    # Refuse at start-up, in one line, a schema this version cannot serve (not upgraded, or
    # stamped with a squashed or unknown revision) rather than answer 500s later.
    migrations.require_up_to_date(engine)
    app = FastAPI(
        title="Monotown",
        version=__version__,
        description=API_DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    secret_key = settings.secret_key or session_signing_key(engine)
    app.state.engine = engine
    app.state.sessions = sessionmaker(bind=engine, expire_on_commit=False)
    app.state.read_sessions = sessionmaker(bind=read_only(engine), expire_on_commit=False)
    app.state.settings = settings
    watch_writes(app.state.sessions)
    watch_writes(app.state.read_sessions)
    app.state.cache = ReadCache(
        settings.cache_seconds,
        max_bytes=settings.cache_megabytes * 2**20,
        import_ttl=settings.cache_import_seconds if settings.cache_seconds else 0,
    )
    app.state.credentials = Credentials(
        engine,
        app.state.read_sessions,
        app.state.cache,
        idle=dt.timedelta(minutes=settings.session_idle_minutes),
    )
    app.state.import_board = ImportBoard(engine)
    app.state.csrf_key = hashlib.sha256(f"csrf:{secret_key}".encode()).digest()
    app.state.pages = Pages()
    # Innermost: it needs the session the session middleware decodes, and runs before any route.
    app.add_middleware(BodyLimit)
    app.add_middleware(NoNulInAddress)
    app.add_middleware(
        SessionCookie,
        secret_key=secret_key,
        max_age=int(settings.session_hours * 3600),
        https_only=settings.secure_cookies,
    )
    app.add_middleware(ReadThrough, state=app.state)
    app.add_middleware(SecurityHeaders)
    install_error_handlers(app)
    app.mount("/static", CachedStatic(directory=str(WEB_DIR / "static")), name="static")
    include_api(app, dependencies=[Depends(check_csrf)])
    app.include_router(page_router, dependencies=[Depends(check_csrf)])

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        """Swagger UI from the vendored copy (the stock page loads it from a CDN)."""
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="Monotown API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
            swagger_ui_parameters={"syntaxHighlight": False},
        )

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:
        return RedirectResponse("/static/favicon.svg", status_code=301)

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
