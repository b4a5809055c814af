"""The day's tables of a company's frames (statuses, search text, default orders, the forecast's items),
prepared right after the frames by whichever worker builds them, so that no page computes them."""

from __future__ import annotations

from datetime import date

from ebok_app.portfolio import queries
from ebok_app.portfolio.forecast import forecast_items
from ebok_app.portfolio.frames import PortfolioFrames
from ebok_app.settings import get_settings


def prepare_day(frames: PortfolioFrames, today: date) -> None:
    queries.contracts_table(frames, today)
    queries.invoices_table(frames, today)
    queries.items_table(frames, today)
    queries.policies_table(frames, today, get_settings().expiring_policy_days)
    forecast_items(frames, today)
