"""Production refuses demo defaults; the app's environment maps onto Reflex's in one place."""

from __future__ import annotations

import secrets

import pytest
from typer.testing import CliRunner

from ebok_app import cli, deployment
from ebok_app.cli import app


def _production_env(**changes: str) -> dict[str, str]:
    env = {
        "EBOK_DEMO": "0",
        "EBOK_PASSWORD_PEPPER": secrets.token_hex(32),
        "DATABASE_URL": "postgresql+psycopg://ebok@db.internal:5432/ebok",
        "REDIS_URL": "redis://cache.internal:6379/0",
        "EBOK_ALLOWED_ORIGINS": "https://ebok.example.pl",
        "EBOK_WORKERS": "4",
        "EBOK_SMS_GATEWAY": "http",
        "EBOK_SMS_HTTP_URL": "https://api.smsapi.pl/sms.do",
        "EBOK_SMS_HTTP_TOKEN": secrets.token_hex(20),
        "EBOK_LESSOR_NAME": "Leasing Polska S.A.",
        "EBOK_LESSOR_ADDRESS": "ul. Długa 1, 00-001 Warszawa",
        "EBOK_LESSOR_NIP": "5260250274",
        "EBOK_LESSOR_ACCOUNT": "PL27 1140 2004 0000 3002 0135 5387",
    }
    env.update(changes)
    return {name: value for name, value in env.items() if value != "<unset>"}


def test_a_complete_production_environment_has_no_problems():
    assert deployment.production_problems(_production_env()) == []


@pytest.mark.parametrize(
    ("changes", "mentioned"),
    [
        ({"EBOK_DEMO": "<unset>"}, "EBOK_DEMO"),  # demo is on by default
        ({"EBOK_DEMO": "1"}, "EBOK_DEMO"),
        ({"EBOK_PASSWORD_PEPPER": "<unset>"}, "EBOK_PASSWORD_PEPPER is not set"),
        ({"EBOK_PASSWORD_PEPPER": "00" * 32}, "known example"),
        ({"EBOK_PASSWORD_PEPPER": "0123456789abcdef" * 4}, "known example"),
        ({"EBOK_PASSWORD_PEPPER": "abab" * 20}, "too regular"),
        ({"EBOK_PASSWORD_PEPPER": "zz" * 32}, "must be hex"),
        ({"EBOK_PASSWORD_PEPPER": secrets.token_hex(16)}, "at least 32 bytes"),
        ({"DATABASE_URL": "<unset>"}, "DATABASE_URL is not set"),
        ({"DATABASE_URL": "sqlite:///ebok.db"}, "not sqlite"),
        ({"DATABASE_URL": "postgresql+psycopg2://ebok@db/ebok"}, "psycopg 3"),
        ({"REDIS_URL": "<unset>"}, "REDIS_URL is not set"),
        ({"REDIS_URL": "http://cache:6379"}, "REDIS_URL must start"),
        ({"EBOK_ALLOWED_ORIGINS": "<unset>"}, "EBOK_ALLOWED_ORIGINS"),
        ({"EBOK_WORKERS": "0"}, "EBOK_WORKERS"),
        ({"EBOK_WORKERS": "many"}, "EBOK_WORKERS"),
        ({"EBOK_SMS_GATEWAY": "<unset>"}, "EBOK_SMS_GATEWAY must be http"),
        ({"EBOK_SMS_GATEWAY": "outbox"}, "EBOK_SMS_GATEWAY must be http"),
        ({"EBOK_SMS_HTTP_TOKEN": "<unset>"}, "EBOK_SMS_HTTP_TOKEN"),
        ({"EBOK_LESSOR_ACCOUNT": "<unset>"}, "EBOK_LESSOR_ACCOUNT must be set"),
        ({"EBOK_LESSOR_NAME": "<unset>", "EBOK_LESSOR_NIP": "<unset>"}, "EBOK_LESSOR_NAME, EBOK_LESSOR_NIP"),
    ],
)
def test_each_missing_or_demo_setting_is_named(changes, mentioned):
    problems = deployment.production_problems(_production_env(**changes))
    assert len(problems) == 1
    assert mentioned in problems[0]


def test_the_default_environment_lists_every_problem():
    problems = deployment.production_problems({})
    assert [p.split()[0] for p in problems] == [
        "EBOK_DEMO",
        "EBOK_PASSWORD_PEPPER",
        "DATABASE_URL",
        "REDIS_URL",
        "EBOK_ALLOWED_ORIGINS",
        "EBOK_SMS_GATEWAY",
        "EBOK_LESSOR_NAME,",
    ]


def test_our_variables_map_onto_reflex_and_granian():
    env = _production_env(EBOK_WORKERS="3")
    mapped = deployment.reflex_environment(env, production=True)
    assert mapped["GRANIAN_WORKERS"] == "3"
    assert mapped["REFLEX_REDIS_URL"] == "redis://cache.internal:6379/0"
    assert mapped["REFLEX_TELEMETRY_ENABLED"] == "false"


def test_development_keeps_reflex_defaults():
    mapped = deployment.reflex_environment({}, production=False)
    assert "GRANIAN_WORKERS" not in mapped
    assert "REFLEX_REDIS_URL" not in mapped
    assert deployment.workers({}) == deployment.DEFAULT_WORKERS


def test_serve_prod_refuses_demo_defaults_with_exit_code_2(monkeypatch):
    for name in ("EBOK_DEMO", "EBOK_PASSWORD_PEPPER", "DATABASE_URL", "REDIS_URL", "EBOK_ALLOWED_ORIGINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(cli.os, "execve", lambda *args: pytest.fail("serve started reflex"))
    monkeypatch.setattr(cli, "db_upgrade", lambda: pytest.fail("serve migrated"))
    result = CliRunner().invoke(app, ["serve", "--prod"])
    assert result.exit_code == 2
    assert "refusing to start in production" in result.output
    assert "EBOK_PASSWORD_PEPPER is not set" in result.output


def test_the_tab_states_directory_is_private(tmp_path):
    states = tmp_path / ".states"
    states.mkdir(mode=0o755)
    (states / "tab.pkl").write_bytes(b"state")
    (states / "tab.pkl").chmod(0o644)
    deployment.make_private(states)
    assert states.stat().st_mode & 0o777 == 0o700
    assert (states / "tab.pkl").stat().st_mode & 0o777 == 0o600
