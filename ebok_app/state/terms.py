"""Akceptacja regulaminu: the step between the log-in and the portal while the current terms are not
accepted (first log-in, or a new version published)."""

from __future__ import annotations

import reflex as rx

from ebok_app import db, routes
from ebok_app.content import current_terms
from ebok_app.models import User
from ebok_app.security import terms
from ebok_app.state.auth import AuthState, guard, now, to_login


class TermsState(rx.State):
    previous: str = ""  # the version the user accepted before ("" at the first log-in)
    error: str = ""

    @rx.event
    async def load(self):
        info = await guard(self)
        if info is None:
            return rx.redirect(routes.LOGIN)
        with db.session_scope() as session:
            user = session.get(User, info.user_id)
            if not terms.must_accept(user):
                return rx.redirect(routes.DASHBOARD)
            self.previous, self.error = user.terms_version or "", ""
        return None

    @rx.event
    async def accept(self, version: str):
        info = await guard(self)
        if info is None:
            return to_login()
        auth = await self.get_state(AuthState)
        with db.session_scope() as session:
            user = session.get(User, info.user_id)
            if not terms.accept(session, user, str(version), info.actor, now(), auth.client_ip()):
                self.error = "Opublikowano nowszą wersję regulaminu: odśwież stronę i przeczytaj ją."
                return None
        auth._terms_version = current_terms().version
        return rx.redirect(routes.DASHBOARD)
