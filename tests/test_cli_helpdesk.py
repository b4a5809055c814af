"""The helpdesk's `ebok users unlock` and the demo `ebok sms outbox`."""

from sqlmodel import Session, select
from typer.testing import CliRunner

from ebok_app import db
from ebok_app.cli import app
from ebok_app.models import AuditEntry, Company, SmsMessage, User
from ebok_app.settings import get_settings


def _load(runner: CliRunner, today) -> dict:
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["demo", "load", "--fleet-contracts", "2", "--today", today.isoformat()])
    assert result.exit_code == 0, result.output
    engine = db.get_engine()
    with Session(engine) as session:
        locked = session.exec(select(User).where(User.locked_at.is_not(None))).one()
        return {"id": locked.id, "login": locked.login, "company_id": locked.company_id}


def _millekod(user_id: int) -> str:
    with Session(db.get_engine()) as session:
        return session.get(Company, session.get(User, user_id).company_id).millekod


def test_helpdesk_unlocks_the_current_password(cli_env, today):
    runner = CliRunner()
    locked = _load(runner, today)
    result = runner.invoke(
        app, ["users", "unlock", _millekod(locked["id"]), locked["login"], "--operator", "anna"]
    )
    assert result.exit_code == 0, result.output
    with Session(db.get_engine()) as session:
        user = session.get(User, locked["id"])
        assert user.locked_at is None and user.failed_attempts == 0 and not user.must_change_password
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "unlock_current_password")).one()
        assert entry.actor == "helpdesk:anna" and entry.result == "ok"


def test_helpdesk_unlocks_with_a_new_password_sent_by_sms(cli_env, today, monkeypatch):
    monkeypatch.setenv("EBOK_DEMO", "1")  # the outbox is readable in demo mode only
    get_settings.cache_clear()
    runner = CliRunner()
    locked = _load(runner, today)
    result = runner.invoke(
        app, ["users", "unlock", _millekod(locked["id"]), locked["login"], "--new-password"]
    )
    assert result.exit_code == 0, result.output
    with Session(db.get_engine()) as session:
        user = session.get(User, locked["id"])
        assert user.must_change_password and user.locked_at is None and user.masked_secret is None
        sms = session.exec(select(SmsMessage).where(SmsMessage.purpose == "temp_password")).one()
        assert sms.user_id == user.id and sms.phone == user.phone
    outbox = runner.invoke(app, ["sms", "outbox"])
    assert outbox.exit_code == 0 and "hasło tymczasowe" in outbox.stdout


def test_unknown_user_and_closed_outbox_give_clear_errors(cli_env, today, monkeypatch):
    runner = CliRunner()
    _load(runner, today)
    result = runner.invoke(app, ["users", "unlock", "12345678", "nobody"])
    assert result.exit_code == 1 and "no user" in result.output and "Traceback" not in result.output
    monkeypatch.setenv("EBOK_DEMO", "0")
    get_settings.cache_clear()
    closed = runner.invoke(app, ["sms", "outbox"])
    assert closed.exit_code == 1 and "demo mode" in closed.output
