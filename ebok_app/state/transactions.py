"""The one place the state layer reaches the database: a unit of work handed to domain services, and the
company's portfolio frames. The queries themselves live in the domain packages; handlers call these from
the boundary's worker thread, never on the event loop."""

from __future__ import annotations

from contextlib import AbstractContextManager

from sqlmodel import Session

from ebok_app import db
from ebok_app.portfolio.frames import PortfolioFrames, data_version, frame_cache


def transaction() -> AbstractContextManager[Session]:
    """A session committed at the end of the block and rolled back if the block raises."""
    return db.session_scope()


def company_frames(company_id: int) -> PortfolioFrames:
    """The company's cached portfolio frames (built on first use: call it off the event loop)."""
    return frame_cache.get(db.get_engine(), company_id)


def warm_up_frames(company_id: int) -> None:
    """Start building the company's frames in the background (at log-in: the portfolio is ready sooner)."""
    frame_cache.warm_up(db.get_engine(), company_id)


def ready_frames(company_id: int) -> tuple[PortfolioFrames | None, int]:
    """The newest frames there are without waiting for a build, and the company's current data version."""
    return frame_cache.ready(db.get_engine(), company_id)


def company_data_version(company_id: int) -> int:
    return data_version(db.get_engine(), company_id)
