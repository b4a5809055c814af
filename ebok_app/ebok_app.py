"""The eBOK Reflex app: pages, their routes and titles, and the start-up tasks."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import reflex as rx

from ebok_app import db, routes, theme
from ebok_app.pages.dashboard import dashboard_page
from ebok_app.pages.upcoming import UPCOMING_ROUTES, upcoming_page


def _title(route: str) -> str:
    return f"{routes.section(route).label} · eBOK"


@contextlib.asynccontextmanager
async def _upgraded_schema() -> AsyncIterator[None]:
    """Start-up: the database schema is brought up to date before the backend serves."""
    await asyncio.to_thread(db.upgrade)
    yield


app = rx.App(
    style=theme.STYLE,
    head_components=[rx.el.meta(name="theme-color", content=theme.NAVY)],
    html_lang="pl",
)
app.register_lifespan_task(_upgraded_schema)
app.add_page(dashboard_page, route=routes.DASHBOARD, title=_title(routes.DASHBOARD))
for _route in UPCOMING_ROUTES:
    app.add_page(lambda r=_route: upcoming_page(r), route=_route, title=_title(_route))
