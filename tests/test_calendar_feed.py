"""The calendar feed: parsed back with icalendar, its events are exactly the company's schedule, policy
ends and contract ends; its secret address can be renewed and revoked and opens only its user's feed."""

from datetime import UTC, date, datetime

import icalendar
from sqlalchemy import text
from sqlmodel import Session, select
from starlette.testclient import TestClient

from ebok_app import api, db
from ebok_app.calendar_feed import tokens
from ebok_app.calendar_feed.ical import calendar, first_day
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.models import CalendarFeed, Contract, User
from ebok_app.portfolio.frames import load_frames

PEPPER = b"calendar-test-pepper-0123456789abcdef"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _expected(connection, company_id: int, since) -> dict[str, tuple]:
    """uid -> (day, text in the summary), straight from the tables."""
    params = {"company": company_id, "since": since}
    expected = {}
    for id_, due, number in connection.execute(
        text(
            "SELECT s.id, s.due_date, c.number FROM scheduleitem s JOIN contract c ON c.id = s.contract_id "
            "WHERE s.company_id = :company AND s.due_date >= :since"
        ),
        params,
    ):
        expected[f"item-{id_}@ebok"] = (str(due), number)
    for id_, end, number in connection.execute(
        text(
            "SELECT id, end_date, number FROM insurancepolicy "
            "WHERE company_id = :company AND end_date >= :since"
        ),
        params,
    ):
        expected[f"policy-{id_}@ebok"] = (str(end), number)
    for id_, end, number in connection.execute(
        text("SELECT id, end_date, number FROM contract WHERE company_id = :company AND end_date >= :since"),
        params,
    ):
        expected[f"contract-{id_}@ebok"] = (str(end), number)
    return expected


def test_the_feed_holds_exactly_the_companys_dates(engine, today):
    insert_demo(engine, generate(5, today, fleet_contracts=8), PEPPER)
    with engine.connect() as connection:
        companies = [row[0] for row in connection.execute(text("SELECT id FROM company ORDER BY id"))]
        for company_id in companies[:3]:
            ics = calendar(load_frames(engine, company_id, 1), today, "Terminy")
            parsed = icalendar.Calendar.from_ical(ics)
            assert str(parsed["version"]) == "2.0" and parsed["prodid"]
            events = {
                str(e["uid"]): (str(e.decoded("dtstart")), str(e["summary"])) for e in parsed.walk("VEVENT")
            }
            expected = _expected(connection, company_id, first_day(today))
            assert expected and set(events) == set(expected)
            for uid, (day, summary) in events.items():
                assert day == expected[uid][0]
                assert expected[uid][1] in summary  # the contract (or policy) number
            others = (
                _expected(connection, companies[-1], first_day(today)) if company_id != companies[-1] else {}
            )
            assert not set(others) & set(events)


def test_the_secret_address_is_renewed_revoked_and_kept_hashed(engine, today):
    insert_demo(engine, generate(5, today, fleet_contracts=2), PEPPER)
    with Session(engine) as session:
        user = session.exec(select(User).order_by(User.id)).first()
        first = tokens.issue(session, user_id=user.id, company_id=user.company_id, now=NOW)
        session.commit()
        assert tokens.resolve(session, token=first, now=NOW).company_id == user.company_id
        stored = session.exec(select(CalendarFeed)).one()
        assert first not in stored.token_hash and len(stored.token_hash) == 64
        second = tokens.issue(session, user_id=user.id, company_id=user.company_id, now=NOW)
        session.commit()
        assert second != first
        assert tokens.resolve(session, token=first, now=NOW) is None  # the old address stopped working
        assert tokens.resolve(session, token=second, now=NOW).user_id == user.id
        user.active = False
        session.add(user)
        session.commit()
        assert tokens.resolve(session, token=second, now=NOW) is None  # a disabled user's feed is closed
        assert tokens.revoke(session, user_id=user.id)
        session.commit()
        assert tokens.feed_made_at(session, user_id=user.id) is None
        assert tokens.resolve(session, token="", now=NOW) is None
        assert tokens.resolve(session, token="x" * 500, now=NOW) is None


def test_the_feed_is_served_over_http_only_for_a_live_token(cli_env, today):
    db.upgrade(cli_env)
    insert_demo(db.get_engine(), generate(5, today, fleet_contracts=2), PEPPER)
    with db.session_scope() as session:
        user = session.exec(select(User).where(User.active).order_by(User.id)).first()
        token = tokens.issue(session, user_id=user.id, company_id=user.company_id, now=NOW)
        company_id = user.company_id
    path = tokens.feed_url("", token)
    with TestClient(api.http_app) as client:
        answer = client.get(path)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/calendar")
        uids = {str(e["uid"]) for e in icalendar.Calendar.from_ical(answer.content).walk("VEVENT")}
        with Session(db.get_engine()) as session:
            own = session.exec(
                select(Contract.id).where(
                    Contract.company_id == company_id, Contract.end_date >= first_day(date.today())
                )
            ).all()
            other = session.exec(select(Contract.id).where(Contract.company_id != company_id)).all()
        assert own and {f"contract-{i}@ebok" for i in own} <= uids
        assert not {f"contract-{i}@ebok" for i in other} & uids
        with db.session_scope() as session:
            tokens.revoke(session, user_id=user.id)
        assert client.get(path).status_code == 404
        assert client.get(tokens.feed_url("", "not-a-token")).status_code == 404
