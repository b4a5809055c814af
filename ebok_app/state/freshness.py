"""Pages that show a company's portfolio: never wait for it on the event loop, and follow new data.

`_portfolio()` takes the newest frames there are without waiting (the frame cache builds a missing
version in a thread; the previous version serves meanwhile, and a company without frames yet shows
"Przygotowujemy dane…"). `watch`, a background event started by the page's on_load, looks at the
company's data version every few seconds (in a thread, without counting it as the user's activity) and
redraws the page when an ingested change arrived or the frames it waited for are ready. It ends when the
tab opens this page again (a newer watch) or another page, or when the session ends.
"""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime

import reflex as rx

from ebok_app.accounts import sessions
from ebok_app.accounts.sessions import SignedIn
from ebok_app.portfolio.frames import PortfolioFrames
from ebok_app.settings import get_settings
from ebok_app.state.auth import AuthState
from ebok_app.state.boundary import signed_in
from ebok_app.state.transactions import company_data_version, company_frames, ready_frames, transaction

WATCH_EVERY_S = 3.0  # an ingested change shows within this plus one redraw
CATCH_UP_EVERY_S = 0.3  # while the frames of the current version are being built


def _version_while_signed_in(session_id: int, company_id: int) -> int | None:
    """The company's data version, or None once the session is over (never counted as activity)."""
    with transaction() as session:
        if sessions.by_id(session, session_id, datetime.now(UTC), get_settings().idle_timeout_s) is None:
            return None
    return company_data_version(company_id)


class PortfolioView(rx.State, mixin=True):
    preparing: bool = False  # the company's first frames are being built: the page says so
    _session_id: int = 0
    _company_id: int = 0
    _shown_version: int = 0
    _behind: bool = False  # shows an older version (or nothing) while the current one is built
    _watch_id: str = ""

    async def _refresh(self, touch: bool = True):
        """Redraw the page from `_portfolio()`; `touch=False` when the page redraws by itself."""
        raise NotImplementedError

    async def _portfolio(self, touch: bool = True) -> tuple[SignedIn | None, PortfolioFrames | None]:
        """The signed-in user and the newest frames there are, without waiting for a build."""
        info = await signed_in(self, staff=False, touch=touch)
        if info is None:
            return None, None
        self._session_id, self._company_id = info.session_id, info.company_id
        frames, version = await asyncio.to_thread(ready_frames, info.company_id)
        self.preparing = frames is None
        self._behind = frames is None or frames.data_version != version
        self._shown_version = frames.data_version if frames is not None else 0
        return info, frames

    @rx.event(background=True)
    async def watch(self):
        """Follow the company's data version while the tab shows this page (see the module)."""
        async with self:
            watch_id = self._watch_id = secrets.token_hex(8)
            page = (await self.get_state(AuthState))._page
        while True:
            async with self:
                shown_page = (await self.get_state(AuthState))._page
                if self._watch_id != watch_id or not self._session_id or shown_page != page:
                    return  # the tab opened this page again, or another page, or signed out
                behind, shown = self._behind, self._shown_version
                session_id, company_id = self._session_id, self._company_id
            await asyncio.sleep(CATCH_UP_EVERY_S if behind else WATCH_EVERY_S)
            version = await asyncio.to_thread(_version_while_signed_in, session_id, company_id)
            if version is None:
                return  # the idle timer of the page sends the tab to the log-in
            if behind or version != shown:
                async with self:
                    if self._watch_id != watch_id:
                        return
                    await self._refresh(touch=False)


async def portfolio_of(company_id: int) -> PortfolioFrames:
    """The current version's frames for work that needs them all (a contract, an export, the forecast),
    built in a thread if missing: the event loop serves everyone else meanwhile."""
    return await asyncio.to_thread(company_frames, company_id)
