"""Every state of the app pickles (Redis keeps them between events; with several workers a state that does
not pickle is a view that is lost): no lambdas, open files or other unpicklable values in any state."""

from __future__ import annotations

import pickle

import reflex as rx

import ebok_app.ebok_app  # noqa: F401  (registers every page's state)


def _all_states(root: rx.State) -> list[rx.State]:
    found, todo = [], [root]
    while todo:
        state = todo.pop()
        found.append(state)
        todo.extend(state.substates.values())
    return found


def test_every_state_pickles_with_plain_pickle():
    root = rx.State(_reflex_internal_init=True)
    states = _all_states(root)
    names = {type(s).__name__ for s in states}
    assert {"InstallmentsState", "DashboardState", "ForecastState", "LoginState"} <= names
    for state in states:
        # the state as Reflex keeps it; plain pickle (Reflex falls back to dill and logs an error)
        restored = pickle.loads(pickle.dumps(state))
        assert type(restored) is type(state)


def test_a_fresh_installments_view_starts_this_month_after_a_round_trip():
    from ebok_app.state.installments import InstallmentsState

    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(InstallmentsState.get_full_name().split(".")[1:])
    restored = pickle.loads(pickle.dumps(state))
    restored._read({}, from_address=True)
    assert restored.due_from.endswith("-01")
