"""A tab's token replayed in another browser (copied from sessionStorage) opens no session: the socket
is refused its session, the page goes to the log-in, and the attempt is audited."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, col, select

from ebok_app import routes
from ebok_app.models import AuditEntry, UserSession
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.login_flow import log_in_ok

pytestmark = pytest.mark.e2e


def _wait_until_recorded_gone(database, timeout_s: float = 20) -> None:
    """Until the server recorded that the newest session's tab lost its socket (what a replay follows)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with Session(database) as session:
            newest = session.exec(select(UserSession).order_by(col(UserSession.id).desc())).first()
            if newest.disconnected_at is not None:
                return
        time.sleep(0.2)  # polling interval while waiting for the condition
    pytest.fail("the closed tab's disconnect was never recorded")


def test_a_replayed_tab_token_is_refused_and_audited(
    desktop_page: Page, browser: Browser, running_app, database
):
    log_in_ok(desktop_page, running_app.url, running_app.user("awisniewska"))
    token = desktop_page.evaluate("window.sessionStorage.getItem('token')")
    desktop_page.close()  # the tab is gone; its token is all the attacker has
    _wait_until_recorded_gone(database)
    thief = browser.new_context(viewport=VIEWPORTS["desktop"], user_agent="Mozilla/5.0 (Thief) Replay/1.0")
    try:
        thief.add_init_script(f"window.sessionStorage.setItem('token', {token!r})")
        page = thief.new_page()
        page.goto(running_app.url + routes.DASHBOARD)
        page.wait_for_url("**" + routes.LOGIN + "**")
        expect(page.get_by_role("heading", name="Logowanie do eBOK")).to_be_visible()
        with Session(database) as session:
            refusal = session.exec(select(AuditEntry).where(AuditEntry.action == "session_reuse")).first()
        assert refusal is not None and refusal.details["reason"] == "agent"
        assert refusal.actor.endswith("/awisniewska")
    finally:
        thief.close()
