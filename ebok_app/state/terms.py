"""Akceptacja regulaminu: the step between the log-in and the portal while the current terms are not
accepted (first log-in, or a new version published)."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes
from ebok_app.accounts import terms
from ebok_app.accounts.sessions import SignedIn
from ebok_app.content import current_terms
from ebok_app.models import User
from ebok_app.security.rights import Right
from ebok_app.state.auth import AuthState, now
from ebok_app.state.boundary import off_loop, protected
from ebok_app.state.transactions import transaction


class TermsState(rx.State):
    previous: str = ""  # the version the user accepted before ("" at the first log-in)
    error: str = ""

    @protected(Right.OWN_ACCOUNT)
    def open_page(self, info: SignedIn):
        """on_load of the page (its only one: without a session the boundary sends the tab to the log-in)."""
        with transaction() as session:
            user = session.get(User, info.user_id)
            if not terms.must_accept(user):
                return rx.redirect(routes.DASHBOARD)
            self.previous, self.error = user.terms_version or "", ""
        return None

    @protected(Right.OWN_ACCOUNT)
    async def accept(self, info: SignedIn, version: str):
        auth = await self.get_state(AuthState)
        if not await off_loop(self._accept, info, version, auth._client_ip()):
            self.error = "Opublikowano nowszą wersję regulaminu: odśwież stronę i przeczytaj ją."
            return None
        auth._terms_version = current_terms().version
        return rx.redirect(routes.DASHBOARD)

    def _accept(self, info: SignedIn, version: str, ip: str | None) -> bool:
        with transaction() as session:
            user = session.get(User, info.user_id)
            return terms.accept(session, user, version, info.actor, now(), ip)
