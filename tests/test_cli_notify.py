"""`ebok notify run`, the cron entry of the notification job, on the demo data."""

from collections import Counter
from datetime import UTC, datetime

from sqlmodel import Session, select
from typer.testing import CliRunner

from ebok_app import db
from ebok_app.cli import app
from ebok_app.models import NotificationPreference, SmsMessage, SmsStatus


def test_notify_run_queues_and_delivers_once_per_event(cli_env, today):
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    loaded = runner.invoke(app, ["demo", "load", "--fleet-contracts", "2", "--today", today.isoformat()])
    assert loaded.exit_code == 0, loaded.output
    first = runner.invoke(app, ["notify", "run", "--today", today.isoformat()])
    assert first.exit_code == 0, first.output
    with Session(db.get_engine()) as session:
        sent = session.exec(
            select(SmsMessage).where(SmsMessage.purpose.in_(["new_invoice", "due_reminder"]))
        ).all()
        asking = session.exec(
            select(NotificationPreference.user_id).where(
                NotificationPreference.new_invoice | NotificationPreference.due_reminder
            )
        ).all()
    assert sent, "the demo data has invoices due within three days for users who asked for reminders"
    assert {m.user_id for m in sent} <= set(asking)
    assert all(m.status == SmsStatus.SENT for m in sent)
    assert max(Counter((m.user_id, m.purpose) for m in sent).values()) == 1
    assert f"{len(sent)} SMS queued" in first.stdout
    second = runner.invoke(app, ["notify", "run", "--today", today.isoformat()])
    assert second.exit_code == 0 and "0 SMS queued" in second.stdout


def test_notify_run_refuses_a_bad_date(cli_env):
    result = CliRunner().invoke(app, ["notify", "run", "--today", "23.11.2026"])
    assert result.exit_code == 1 and "YYYY-MM-DD" in result.output


def test_the_helpdesk_lists_failed_sms_without_their_text(cli_env):
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert "no failed SMS" in runner.invoke(app, ["sms", "failed"]).output
    with Session(db.get_engine()) as session:
        for status, body in ((SmsStatus.FAILED, "secret 123456"), (SmsStatus.SENT, "delivered")):
            session.add(
                SmsMessage(
                    phone="+48600100200",
                    purpose="login_code",
                    body=body,
                    idempotency_key=f"k-{status}",
                    status=status,
                    attempts=5,
                    last_error="HTTP 503",
                    created_at=datetime.now(UTC),
                )
            )
        session.commit()
    listed = runner.invoke(app, ["sms", "failed"])
    assert listed.exit_code == 0 and "+48600100200  login_code  attempts 5  HTTP 503" in listed.stdout
    assert "123456" not in listed.stdout and "delivered" not in listed.stdout
