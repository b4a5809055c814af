"""The language switch without a browser: the tab's choice before log-in becomes the user's, a
signed-in user's choice is saved in the database and followed by every later event and tab."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from ebok_app import db
from ebok_app.content import current_terms
from ebok_app.i18n.catalogues import gettext
from ebok_app.models import User
from ebok_app.settings import get_settings
from ebok_app.state.auth import AuthState
from ebok_app.state.boundary import REFUSED_PL
from ebok_app.state.client_requests import RequestsState
from ebok_app.state.company_users import NO_RIGHT_PL, CompanyUsersState
from ebok_app.state.staff_requests import StaffRequestsState
from tests import helpdesk_scene
from tests.state_tabs import Tab


@pytest.fixture
def scene(migrated_sqlite_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", migrated_sqlite_url)
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    built = helpdesk_scene.build(db.get_engine())
    with db.session_scope() as session:
        for user in session.exec(select(User)).all():
            user.terms_version = current_terms().version
    yield built
    db.get_engine.cache_clear()
    get_settings.cache_clear()


def stored_locale(user_id: int) -> str | None:
    with db.session_scope() as session:
        return session.get(User, user_id).locale


def test_a_new_user_follows_the_browser_until_choosing(scene):
    assert stored_locale(scene.users["afinanse"]) is None
    tab = Tab()
    tab.state(AuthState).locale = "en"  # chosen on the log-in page, kept by the browser
    tab.sign_in("afinanse")
    assert stored_locale(scene.users["afinanse"]) == "en"


def test_the_switch_saves_the_choice_and_shows_the_page_again(scene):
    tab = Tab().sign_in("afinanse")
    answer = tab.fire(AuthState, "set_locale", "en")
    assert "on_load_internal" in repr(answer)  # the page's data again, in English
    assert tab.state(AuthState).locale == "en" and stored_locale(scene.users["afinanse"]) == "en"
    tab.fire(CompanyUsersState, "load")  # finance may not manage users: the refusal, in English
    assert tab.state(CompanyUsersState).error == gettext(NO_RIGHT_PL, "en") != NO_RIGHT_PL
    assert gettext(REFUSED_PL, "en") in repr(tab.fire(CompanyUsersState, "change_role", "x"))


def test_another_browser_gets_the_users_language(scene):
    Tab().sign_in("afinanse").fire(AuthState, "set_locale", "en")
    other = Tab().sign_in("afinanse")  # its browser remembers Polish
    assert stored_locale(scene.users["afinanse"]) == "en"
    other.fire(AuthState, "require_login")
    assert other.state(AuthState).locale == "en"


@pytest.mark.parametrize("forged", ["xx", "", "e" * 10_000])
def test_a_forged_language_is_the_default(scene, forged):
    tab = Tab().sign_in("afinanse")
    tab.fire(AuthState, "set_locale", forged)
    assert tab.state(AuthState).locale == "pl" and stored_locale(scene.users["afinanse"]) == "pl"


def test_before_log_in_the_choice_stays_in_the_browser(scene):
    tab = Tab()
    answer = tab.fire(AuthState, "set_locale", "en")
    assert "setLanguage" in repr(answer) and "on_load_internal" not in repr(answer)  # no session to save
    assert tab.state(AuthState).locale == "en"


def test_a_request_form_is_explained_in_english_and_the_helpdesk_reads_polish(scene):
    tab = Tab().sign_in("afinanse")
    tab.fire(AuthState, "set_locale", "en")
    tab.fire(RequestsState, "send", {"kind": "balance", "as_of": "2001-01-01", "contract_id": ""})
    assert tab.state(RequestsState).problems == ["Balance as of: at most 10 years back."]
    start = date.today() + timedelta(days=3)
    form = {
        "kind": "abroad",
        "contract_id": str(scene.contracts["alfa"]),
        "countries": "Niemcy",
        "date_from": start.isoformat(),
        "date_to": (start + timedelta(days=2)).isoformat(),
        "driver": "Adam Kierowca",
    }
    tab.fire(RequestsState, "send", form)
    page = tab.state(RequestsState)
    assert page.problems == [] and page.notice.startswith("Request WN/")
    [row] = page.requests
    assert row["status_label"] == "new" and row["kind_label"] == "Consent to travel abroad"
    assert {"label": "Countries", "value": "Niemcy"} in row["fields"]
    desk = Tab().sign_in_staff("desk")
    desk.fire(StaffRequestsState, "load")
    [shown] = desk.state(StaffRequestsState).requests
    assert shown["status_label"] == "nowa" and {"label": "Kraje", "value": "Niemcy"} in shown["fields"]
