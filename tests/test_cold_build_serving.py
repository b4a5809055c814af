"""While one company's portfolio is built for the first time (held here until the test lets it go),
another company's user opens Umowy and gets the page: no handler waits for someone else's build."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from ebok_app import db
from ebok_app.models import Contract
from ebok_app.portfolio import frames as frames_module
from ebok_app.portfolio.frames import frame_cache
from ebok_app.state.contracts import ContractsState
from tests import helpdesk_scene
from tests.state_tabs import Tab

WAIT_S = 60  # a guard against a hang, never a timing


@pytest.fixture
def scene(migrated_sqlite_url, monkeypatch):
    with helpdesk_scene.in_app_database(migrated_sqlite_url, monkeypatch) as built:
        yield built


def _contracts_of(company_id: int) -> list[str]:
    with Session(db.get_engine()) as session:
        return list(session.exec(select(Contract.number).where(Contract.company_id == company_id)).all())


def test_another_users_page_answers_while_a_cold_build_runs(scene, monkeypatch):
    alfa, beta = scene.companies["alfa"], scene.companies["beta"]
    frame_cache.get(db.get_engine(), beta)  # Beta's portfolio is ready; Alfa's is cold
    started, release = threading.Event(), threading.Event()
    real_load = frames_module.load_frames

    def held_load(engine, company_id, *args):
        if company_id == alfa:
            started.set()
            assert release.wait(WAIT_S), "the test never let the build go"
        return real_load(engine, company_id, *args)

    monkeypatch.setattr(frames_module, "load_frames", held_load)
    alfa_tab, beta_tab = Tab().sign_in("aadmin"), Tab().sign_in("badmin")

    alfa_tab.fire(ContractsState, "load")  # starts Alfa's build in a thread and answers at once
    alfa_page = alfa_tab.state(ContractsState)
    assert started.wait(WAIT_S) and alfa_page.preparing and alfa_page.rows == []

    beta_tab.fire(ContractsState, "load")  # answered while Alfa's build is held
    beta_page = beta_tab.state(ContractsState)
    assert not release.is_set()
    assert not beta_page.preparing
    assert [r["number"] for r in beta_page.rows] == _contracts_of(beta)
    with Session(db.get_engine()) as session:
        count = session.exec(select(func.count()).where(Contract.company_id == beta)).one()
    assert beta_page.total == count

    release.set()
    frame_cache.get(db.get_engine(), alfa)  # waits for the build the page started (the same one)
    alfa_tab.fire(ContractsState, "load")
    assert not alfa_page.preparing
    assert [r["number"] for r in alfa_page.rows] == _contracts_of(alfa)
