"""`ebok staff add` and `ebok staff unlock`: employees for installations without the demo."""

from datetime import UTC, datetime

import pyotp
from sqlmodel import Session, select
from typer.testing import CliRunner

from ebok_app import db
from ebok_app.accounts import staff
from ebok_app.cli import app
from ebok_app.models import AuditEntry, StaffUser
from ebok_app.security import sealing
from ebok_app.security.passwords import verify_password

PASSWORD = "Obsluga#Klienta2026"


def _add(runner: CliRunner, login: str, *rights: str, password: str = PASSWORD):
    args = ["staff", "add", login, "--first-name", "Anna", "--last-name", "Nowak"]
    for right in rights:
        args += ["--right", right]
    return runner.invoke(app, args, input=f"{password}\n{password}\n")


def test_an_employee_is_added_with_a_totp_secret_and_can_log_in(cli_env):
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = _add(runner, "ANowak", "helpdesk", "activate")
    assert result.exit_code == 0, result.output
    with Session(db.get_engine()) as session:
        employee = session.exec(select(StaffUser)).one()
        assert employee.login == "anowak" and employee.rights == ["activate", "helpdesk"]
        assert verify_password(PASSWORD, employee.password_hash) and PASSWORD not in result.output
        seed = sealing.open_secret(employee.totp_secret)
        assert seed in result.output and seed not in employee.totp_secret  # shown once, stored sealed
        now = datetime.now(UTC)
        code = pyotp.TOTP(seed).at(now)
        signed, _ = staff.authenticate(session, "anowak", PASSWORD, code, None, now, 3)
        assert signed is not None


def test_bad_employees_are_refused_and_a_locked_one_is_unlocked(cli_env):
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    weak = _add(runner, "anowak", "helpdesk", password="krotkie")
    assert weak.exit_code == 1 and "password" in weak.output and "Traceback" not in weak.output
    assert _add(runner, "anowak", "boss").exit_code == 1
    assert _add(runner, "anowak", "helpdesk").exit_code == 0
    assert "exists" in _add(runner, "anowak", "helpdesk").output
    with Session(db.get_engine()) as session:
        employee = session.exec(select(StaffUser)).one()
        employee.locked_at, employee.failed_attempts = datetime.now(UTC), 3
        session.commit()
    assert runner.invoke(app, ["staff", "unlock", "anowak"]).exit_code == 0
    assert runner.invoke(app, ["staff", "unlock", "nobody"]).exit_code == 1
    with Session(db.get_engine()) as session:
        employee = session.exec(select(StaffUser)).one()
        assert employee.locked_at is None and employee.failed_attempts == 0
        actions = session.exec(select(AuditEntry.action)).all()
        assert actions == ["staff_create", "staff_unlock"]
