"""The JSON API under /api/v1: one router per entity, each with list, get, export and writes."""

from __future__ import annotations

from fastapi import APIRouter

from monotown.web.api import audit, enterprises, regions, settlements, towns, users

api_router = APIRouter(prefix="/api/v1")
for module in (settlements, enterprises, regions, towns, audit, users):
    api_router.include_router(module.router)

__all__ = ["api_router"]
