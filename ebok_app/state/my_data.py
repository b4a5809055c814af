"""Profil > Kalendarz and Moje dane: the secret calendar address, and the download of the user's data."""

from __future__ import annotations

import reflex as rx

from ebok_app.accounts.sessions import SignedIn
from ebok_app.calendar_feed import tokens
from ebok_app.portfolio.formatting import format_moment
from ebok_app.security import audit
from ebok_app.security.rights import Right
from ebok_app.state.auth import download, now
from ebok_app.state.boundary import protected
from ebok_app.state.transactions import transaction


class MyDataState(rx.State):
    feed_since: str = ""  # when the current calendar address was made; empty: there is none
    feed_url: str = ""  # shown once, right after it was made (only its hash is kept)
    feed_message: str = ""

    @protected(Right.OWN_ACCOUNT)
    def load(self, info: SignedIn):
        self.feed_url, self.feed_message = "", ""
        with transaction() as session:
            made = tokens.feed_made_at(session, user_id=info.user_id)
        self.feed_since = format_moment(made) if made else ""
        return None

    @protected(Right.OWN_ACCOUNT)
    def new_feed(self, info: SignedIn):
        """A new secret address (the old one, if any, stops working at once)."""
        moment = now()
        with transaction() as session:
            token = tokens.issue(session, user_id=info.user_id, company_id=info.company_id, now=moment)
            audit.record(
                session,
                "calendar_feed_issue",
                "ok",
                info.actor,
                company_id=info.company_id,
                user_id=info.user_id,
                ip=self.router.session.client_ip or None,
            )
        self.feed_url = tokens.feed_url(rx.config.get_config().api_url, token)
        self.feed_since = format_moment(moment)
        self.feed_message = "Nowy adres kalendarza jest gotowy. Poprzedni (jeśli był) już nie działa."
        return None

    @protected(Right.OWN_ACCOUNT)
    def revoke_feed(self, info: SignedIn):
        with transaction() as session:
            tokens.revoke(session, user_id=info.user_id)
            audit.record(
                session,
                "calendar_feed_revoke",
                "ok",
                info.actor,
                company_id=info.company_id,
                user_id=info.user_id,
                ip=self.router.session.client_ip or None,
            )
        self.feed_url, self.feed_since = "", ""
        self.feed_message = "Kalendarz wyłączony: jego adres już nie działa."
        return None

    @protected(Right.OWN_ACCOUNT)
    def export(self, info: SignedIn, fmt: str):
        """Moje dane as JSON or as CSV files in a zip, over the HTTP download."""
        if fmt not in ("json", "csv"):
            return None
        return download(info.session_id, "my_data", format=fmt)
