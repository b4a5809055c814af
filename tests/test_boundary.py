"""The event boundary without a browser: forged arguments, missing rights and sessions are refused with
the generic message and audited; nothing changes behind a refusal."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from ebok_app import db
from ebok_app.models import User
from ebok_app.state.auth import AuthState
from ebok_app.state.boundary import MAX_ID, MAX_TEXT, REFUSED_PL
from ebok_app.state.company_users import NO_RIGHT_PL, CompanyUsersState
from ebok_app.state.helpdesk import HelpdeskState
from tests import helpdesk_scene
from tests.state_tabs import IP, Tab, refusals


@pytest.fixture
def scene(migrated_sqlite_url, monkeypatch):
    with helpdesk_scene.in_app_database(migrated_sqlite_url, monkeypatch) as built:
        yield built


def _lock(user_id: int) -> None:
    with db.session_scope() as session:
        user = session.get(User, user_id)
        user.locked_at, user.failed_attempts = helpdesk_scene.NOW, 3


def _locked(user_id: int) -> bool:
    with Session(db.get_engine()) as session:
        return session.get(User, user_id).locked_at is not None


@pytest.mark.parametrize(
    "forged",
    ["abc", -1, 0, MAX_ID + 1, 10**30, True, 1.5, None, [1], {"id": 1}, "١٢", "9" * 40],
    ids=repr,
)
def test_a_forged_id_is_refused_with_the_generic_message_and_audited(scene, forged):
    victim = scene.users["afinanse"]
    _lock(victim)
    tab = Tab().sign_in("aadmin")
    answer = tab.fire(CompanyUsersState, "unlock_current", forged)
    assert REFUSED_PL in repr(answer)
    assert _locked(victim)
    (entry,) = refusals()
    assert entry.result == "denied" and entry.ip == IP and entry.actor.endswith("/aadmin")
    assert entry.details["event"] == "CompanyUsersState.unlock_current"
    assert "arguments" in entry.details["reason"]


@pytest.mark.parametrize(
    "role", ["x" * (MAX_TEXT + 1), "admin\ud800", 7, None], ids=["huge", "lone surrogate", "int", "none"]
)
def test_a_forged_string_is_refused(scene, role):
    target = scene.users["aview"]
    tab = Tab().sign_in("aadmin")
    answer = tab.fire(CompanyUsersState, "change_role", target, role)
    assert REFUSED_PL in repr(answer)
    with Session(db.get_engine()) as session:
        assert session.get(User, target).role == "viewer"
    assert len(refusals()) == 1


@pytest.mark.parametrize(
    "form",
    [
        {"user_id": "1", "phone": "601\udc00234567"},
        {"user_id": "1", "phone": "6" * (MAX_TEXT + 1)},
        {"user_id": "1", "phone": ["601234567"]},
        {"user_id": "1", "phone": {"nested": "601234567"}},
        {f"f{i}": "x" for i in range(200)},
        "user_id=1&phone=601234567",
    ],
    ids=["lone surrogate", "huge", "list", "nested", "too many fields", "not a form"],
)
def test_a_forged_form_of_a_staff_page_is_refused(scene, form):
    target = scene.users["aview"]
    tab = Tab().sign_in_staff("desk")
    answer = tab.fire(HelpdeskState, "change_phone", form)
    assert REFUSED_PL in repr(answer)
    with Session(db.get_engine()) as session:
        assert session.get(User, target).phone == "+48601000003"
    (entry,) = refusals()
    assert entry.actor == "helpdesk:desk" and entry.ip == IP
    assert entry.details["event"] == "HelpdeskState.change_phone"


def test_missing_and_extra_arguments_are_refused(scene):
    tab = Tab().sign_in("aadmin")
    assert REFUSED_PL in repr(tab.fire(CompanyUsersState, "change_role", scene.users["aview"]))
    assert REFUSED_PL in repr(tab.fire(CompanyUsersState, "unlock_current", 1, extra="x"))
    assert len(refusals()) == 2


def test_a_well_formed_call_goes_through(scene):
    victim = scene.users["afinanse"]
    _lock(victim)
    tab = Tab().sign_in("aadmin")
    tab.fire(CompanyUsersState, "unlock_current", str(victim))  # a digit string is an id as well
    assert not _locked(victim)
    assert refusals() == []
    assert "Odblokowano" in tab.state(CompanyUsersState).message


def test_another_companys_id_is_refused_and_audited(scene):
    victim = scene.users["badmin"]
    _lock(victim)
    tab = Tab().sign_in("aadmin")
    tab.fire(CompanyUsersState, "unlock_current", victim)
    assert _locked(victim)
    assert tab.state(CompanyUsersState).error == NO_RIGHT_PL


def test_without_a_session_the_tab_goes_to_the_log_in(scene):
    answer = Tab().fire(CompanyUsersState, "unlock_current", scene.users["afinanse"])
    assert "/logowanie?powod=sesja" in repr(answer)
    assert Tab().fire(CompanyUsersState, "load") is None  # require_login redirects the page load
    assert refusals() == []


def test_a_page_load_without_the_right_shows_the_refusal_on_the_page(scene):
    tab = Tab().sign_in("afinanse")
    tab.fire(CompanyUsersState, "load")
    state = tab.state(CompanyUsersState)
    assert state.error == NO_RIGHT_PL and state.users == [] and state.rights == []
    (entry,) = refusals()
    assert entry.details["reason"] == "right manage_users missing"


def test_administrators_see_the_rights_table(scene):
    tab = Tab().sign_in("aadmin")
    tab.fire(CompanyUsersState, "load")
    state = tab.state(CompanyUsersState)
    assert {u["login"] for u in state.users} == {"aadmin", "afinanse", "aview"}
    export = next(r for r in state.rights if r["right"] == "Eksport list do CSV i XLSX")
    assert export == {"right": "Eksport list do CSV i XLSX", "admin": True, "finance": True, "viewer": False}


def test_the_session_handlers_run_off_the_loop_and_still_decide(scene):
    tab = Tab().sign_in("aview")
    assert tab.fire(AuthState, "require_login") is None
    assert tab.state(AuthState).user_name == "Aview Testowa" and not tab.state(AuthState).can_export
    assert "/logowanie?powod=wylogowano" in repr(tab.fire(AuthState, "logout"))
    assert "'/logowanie'" in repr(tab.fire(AuthState, "require_login"))  # the session is gone
    assert "/logowanie?powod=sesja" in repr(tab.fire(CompanyUsersState, "unlock_current", 1))
