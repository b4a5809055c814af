"""The rights table, enforced: every handler of every protected page, fired as a forged event by each
client role and each kind of employee, runs exactly when the table grants its declared right."""

from __future__ import annotations

import inspect
from typing import get_args, get_type_hints

import pytest

import ebok_app.ebok_app  # noqa: F401  (registers every page, and with them every state)
from ebok_app.models import Role
from ebok_app.security.rights import CLIENT_RIGHTS, ROLE_RIGHTS, Right, role_has, staff_has
from ebok_app.state.boundary import REFUSED_PL, RecordId
from ebok_app.state.forecast import ForecastState
from ebok_app.state.invoices import InvoicesState
from tests.state_tabs import Tab, refusals
from tests.test_boundary import scene  # noqa: F401  (the fixture)
from tests.test_boundary_coverage import app_states

CLIENTS = {"aadmin": Role.ADMIN, "afinanse": Role.FINANCE, "aview": Role.VIEWER}
STAFF = {"kons": ["activate", "helpdesk"], "desk": ["helpdesk"], "akt": ["activate"], "nikt": []}
SAMPLE = {RecordId: 1, int: 1, str: "x", bool: True}


def _handlers(staff: bool) -> list[tuple[type, str, Right]]:
    return sorted(
        (
            (state, name, handler.fn.ebok_right)
            for state in app_states()
            for name, handler in state.event_handlers.items()
            if getattr(handler.fn, "ebok_right", None) is not None
            and handler.fn.ebok_right.for_staff == staff
        ),
        key=lambda h: (h[0].__name__, h[1]),
    )


def _arguments(state: type, name: str) -> list:
    """Well-formed arguments for the handler, so that only its right decides."""
    fn = state.event_handlers[name].fn
    hints = get_type_hints(fn, include_extras=True)
    args = []
    for param in list(inspect.signature(fn).parameters)[1:]:
        hint = hints[param]
        args.append([] if get_args(hint) else SAMPLE.get(hint, {}))
    return args


def test_the_table_follows_the_roles_of_models_py():
    assert not role_has(Role.VIEWER, Right.EXPORT) and not role_has(Role.VIEWER, Right.FORECAST)
    assert role_has(Role.FINANCE, Right.EXPORT) and role_has(Role.FINANCE, Right.FORECAST)
    assert not role_has(Role.FINANCE, Right.MANAGE_USERS) and not role_has(Role.FINANCE, Right.UNLOCK)
    assert ROLE_RIGHTS[Role.ADMIN] == frozenset(CLIENT_RIGHTS)
    assert not role_has("root", Right.VIEW)
    assert staff_has(["helpdesk"], Right.CHANGE_PHONES)
    assert not staff_has(["helpdesk"], Right.ACTIVATE_COMPANIES)
    assert not staff_has(["root"], Right.SEARCH_CLIENTS)
    assert not any(role_has(role, right) for role in Role for right in Right if right.for_staff)


@pytest.mark.parametrize("login", CLIENTS)
def test_each_client_role_runs_exactly_the_handlers_its_rights_allow(scene, login):  # noqa: F811
    handlers = _handlers(staff=False)
    assert len(handlers) > 25
    for state, name, right in handlers:
        tab = Tab().sign_in(login)
        before = len(refusals())
        answer = tab.fire(state, name, *_arguments(state, name))
        refused = [e for e in refusals()[before:] if e.details["reason"] == f"right {right.value} missing"]
        allowed = right in ROLE_RIGHTS[CLIENTS[login]]
        assert len(refused) == (0 if allowed else 1), f"{login}: {state.__name__}.{name}"
        if not allowed and not hasattr(tab.state(state), "_refused"):
            assert REFUSED_PL in repr(answer)


@pytest.mark.parametrize("login", STAFF)
def test_each_employee_runs_exactly_the_handlers_their_rights_allow(scene, login):  # noqa: F811
    handlers = _handlers(staff=True)
    assert len(handlers) > 15
    for state, name, right in handlers:
        tab = Tab().sign_in_staff(login)
        before = len(refusals())
        tab.fire(state, name, *_arguments(state, name))
        refused = [e for e in refusals()[before:] if e.details["reason"] == f"right {right.value} missing"]
        allowed = staff_has(STAFF[login], right)
        assert len(refused) == (0 if allowed else 1), f"{login}: {state.__name__}.{name}"


def test_a_client_session_opens_no_staff_handler_and_an_employee_none_of_a_client(scene):  # noqa: F811
    for state, name, _right in _handlers(staff=True):
        answer = Tab().sign_in("aadmin").fire(state, name, *_arguments(state, name))
        assert answer is None or "/obsluga/logowanie" in repr(answer)
    for state, name, _right in _handlers(staff=False):
        answer = Tab().sign_in_staff("kons").fire(state, name, *_arguments(state, name))
        assert answer is None or "/logowanie?powod=sesja" in repr(answer)
    assert refusals() == []


def test_a_viewer_neither_exports_nor_sees_the_forecast(scene):  # noqa: F811
    viewer = Tab().sign_in("aview")
    assert REFUSED_PL in repr(viewer.fire(InvoicesState, "export", "csv"))
    viewer.fire(ForecastState, "load")
    assert viewer.state(ForecastState).rows == [] and "administrator" in viewer.state(ForecastState).error
    finance = Tab().sign_in("afinanse")
    assert "/pobierz/" in repr(finance.fire(InvoicesState, "export", "csv"))  # the HTTP download
    finance.fire(ForecastState, "load")
    assert finance.state(ForecastState).error == "" and finance.state(ForecastState).rows
