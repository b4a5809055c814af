"""Loading the demo into a real database, and the `ebok` command around it."""

import json

import pytest
from sqlalchemy import func, select
from sqlmodel import Session
from typer.testing import CliRunner

from ebok_app import db
from ebok_app.cli import app
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import DemoDataExists, insert_demo, wipe
from ebok_app.models import PORTFOLIO_TABLES, Company, Invoice, User
from ebok_app.security.passwords import verify_password
from ebok_app.settings import get_settings

PEPPER = bytes(range(32))


def _counts(engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            m.__tablename__: session.exec(select(func.count()).select_from(m)).one()[0]
            for m in PORTFOLIO_TABLES
        }


def test_load_writes_every_generated_row_and_hashes_passwords(engine, today):
    data = generate(3, today, fleet_contracts=12)
    expected = {table: len(rows) for table, rows in data.rows.items()}
    insert_demo(engine, data, PEPPER)
    counts = _counts(engine)
    assert {t: n for t, n in counts.items() if n} == expected
    with Session(engine) as session:
        users = session.exec(select(User, Company).join(Company)).all()
        by_key = {(company.millekod, user.login): user for user, company in users}
        for credential in data.credentials:
            stored = by_key[(credential.millekod, credential.login)].password_hash
            assert stored.startswith("$argon2id$")
            assert credential.password not in stored
            assert verify_password(credential.password, stored)
            assert not verify_password(credential.password + "x", stored)


def test_load_refuses_a_database_with_data_and_wipe_empties_it(engine, today):
    insert_demo(engine, generate(3, today, fleet_contracts=2), PEPPER)
    with pytest.raises(DemoDataExists):
        insert_demo(engine, generate(4, today, fleet_contracts=2), PEPPER)
    wipe(engine)
    assert set(_counts(engine).values()) == {0}


def test_ids_continue_after_a_load(engine, today):
    """PostgreSQL sequences must move past the explicit ids of the demo rows."""
    data = generate(3, today, fleet_contracts=2)
    insert_demo(engine, data, PEPPER)
    with db.session_scope(engine) as session:
        row = data.rows["invoice"][0] | {
            "id": None,
            "number": "FV/TEST/1",
            "external_id": None,
            "ksef_number": None,
        }
        invoice = Invoice(**row)
        session.add(invoice)
        session.flush()
        assert invoice.id == len(data.rows["invoice"]) + 1


def test_cli_upgrade_load_json_and_refusal(cli_env, today):
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(
        app, ["demo", "load", "--fleet-contracts", "5", "--today", today.isoformat(), "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout[result.stdout.index("{") :])
    credentials = payload["credentials"]
    assert {c["company"] for c in credentials} >= {"Transbud Sp. z o.o.", "Polflota Logistyka S.A."}
    expected = generate(get_settings().demo_seed, today, 5).credentials
    assert [(c["millekod"], c["login"], c["password"]) for c in credentials] == [
        (c.millekod, c.login, c.password) for c in expected
    ]

    again = runner.invoke(app, ["demo", "load"])
    assert again.exit_code == 1
    assert "already has companies" in again.output
    assert "Traceback" not in again.output

    skipped = runner.invoke(app, ["demo", "load", "--if-empty"])
    assert skipped.exit_code == 0
    assert expected[0].login in skipped.stdout


def test_cli_rejects_a_bad_date_clearly(cli_env):
    runner = CliRunner()
    runner.invoke(app, ["db", "upgrade"])
    result = runner.invoke(app, ["demo", "load", "--today", "23.11.2026"])
    assert result.exit_code == 1
    assert "YYYY-MM-DD" in result.output
