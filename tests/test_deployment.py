"""Production refuses demo defaults; malformed settings are named; the app's settings map onto Reflex's
variables in one place."""

from __future__ import annotations

import secrets

import pytest
from typer.testing import CliRunner

from ebok_app import cli, deployment
from ebok_app.cli import app
from ebok_app.settings import SettingsError, get_settings, settings_from


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


def _problems(**changes: str) -> list[str]:
    return deployment.production_problems(settings_from(_production_env(**changes)))


def test_a_complete_production_environment_has_no_problems():
    assert _problems() == []
    assert _problems(EBOK_DEMO="<unset>") == []  # demo mode is off unless asked for


@pytest.mark.parametrize(
    ("changes", "mentioned"),
    [
        ({"EBOK_DEMO": "1"}, "EBOK_DEMO"),
        ({"EBOK_PASSWORD_PEPPER": "<unset>"}, "EBOK_PASSWORD_PEPPER is not set"),
        ({"EBOK_PASSWORD_PEPPER": "00" * 32}, "known example"),
        ({"EBOK_PASSWORD_PEPPER": "0123456789abcdef" * 4}, "known example"),
        ({"EBOK_PASSWORD_PEPPER": "abab" * 20}, "too regular"),
        ({"DATABASE_URL": "<unset>"}, "DATABASE_URL is not set"),
        ({"DATABASE_URL": "sqlite:///ebok.db"}, "not sqlite"),
        ({"DATABASE_URL": "postgresql+psycopg2://ebok@db/ebok"}, "psycopg 3"),
        ({"REDIS_URL": "<unset>"}, "REDIS_URL is not set"),
        ({"REDIS_URL": "http://cache:6379"}, "REDIS_URL must start"),
        ({"EBOK_ALLOWED_ORIGINS": "<unset>"}, "EBOK_ALLOWED_ORIGINS"),
        ({"EBOK_SMS_GATEWAY": "<unset>"}, "EBOK_SMS_GATEWAY must be http"),
        ({"EBOK_SMS_GATEWAY": "outbox"}, "EBOK_SMS_GATEWAY must be http"),
        ({"EBOK_LESSOR_ACCOUNT": "<unset>"}, "EBOK_LESSOR_ACCOUNT must be set"),
        ({"EBOK_LESSOR_NAME": "<unset>", "EBOK_LESSOR_NIP": "<unset>"}, "EBOK_LESSOR_NAME, EBOK_LESSOR_NIP"),
        ({"EBOK_LESSOR_ACCOUNT": "PL27 1140 2004 0000 3002 0135 5388"}, "not a valid IBAN"),
        ({"EBOK_LESSOR_ACCOUNT": "1140 2004 0000 3002 0135 5387"}, "not a valid IBAN"),
        ({"EBOK_LESSOR_NIP": "5260250275"}, "not a valid NIP"),
    ],
)
def test_each_missing_or_demo_setting_is_named(changes, mentioned):
    problems = _problems(**changes)
    assert len(problems) == 1
    assert mentioned in problems[0]


@pytest.mark.parametrize(
    ("changes", "mentioned"),
    [
        ({"EBOK_PASSWORD_PEPPER": "zz" * 32}, "EBOK_PASSWORD_PEPPER: Value error, must be hex"),
        ({"EBOK_PASSWORD_PEPPER": secrets.token_hex(16)}, "at least 32 bytes"),
        ({"EBOK_WORKERS": "0"}, "EBOK_WORKERS"),
        ({"EBOK_WORKERS": "many"}, "EBOK_WORKERS"),
        ({"EBOK_SMS_HTTP_TOKEN": "<unset>"}, "EBOK_SMS_HTTP_TOKEN"),
        ({"EBOK_DEMO": "maybe"}, "EBOK_DEMO"),  # one rule: a word that is neither yes nor no is an error
        ({"EBOK_MAX_FAILED_LOGINS": "three"}, "EBOK_MAX_FAILED_LOGINS"),
    ],
)
def test_malformed_settings_are_named_without_their_value(changes, mentioned):
    with pytest.raises(SettingsError) as refused:
        settings_from(_production_env(**changes))
    assert mentioned in str(refused.value)
    assert all(value not in str(refused.value) for value in changes.values() if len(value) > 8)


@pytest.mark.parametrize(
    ("raw", "demo"), [("0", False), ("off", False), ("no", False), ("1", True), ("on", True)]
)
def test_demo_mode_has_one_rule(raw, demo):
    settings = settings_from(_production_env(EBOK_DEMO=raw))
    assert settings.demo_mode is demo
    assert any("EBOK_DEMO" in p for p in deployment.production_problems(settings)) is demo


def test_the_default_environment_lists_every_problem():
    problems = deployment.production_problems(settings_from({}))
    assert [p.split()[0] for p in problems] == [  # demo mode is off unless asked for
        "EBOK_PASSWORD_PEPPER",
        "DATABASE_URL",
        "REDIS_URL",
        "EBOK_ALLOWED_ORIGINS",
        "EBOK_SMS_GATEWAY",
        "EBOK_LESSOR_NAME,",
    ]


def test_our_variables_map_onto_reflex_and_granian():
    mapped = deployment.reflex_environment(settings_from(_production_env(EBOK_WORKERS="3")), production=True)
    assert mapped["GRANIAN_WORKERS"] == "3"
    assert mapped["REFLEX_REDIS_URL"] == "redis://cache.internal:6379/0"
    assert mapped["REFLEX_TELEMETRY_ENABLED"] == "false"


def test_development_keeps_reflex_defaults():
    mapped = deployment.reflex_environment(settings_from({}), production=False)
    assert "GRANIAN_WORKERS" not in mapped
    assert "REFLEX_REDIS_URL" not in mapped
    assert settings_from({}).workers == 2


def test_serve_prod_refuses_demo_defaults_with_exit_code_2(monkeypatch):
    for name in ("EBOK_DEMO", "EBOK_PASSWORD_PEPPER", "DATABASE_URL", "REDIS_URL", "EBOK_ALLOWED_ORIGINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(cli.os, "execve", lambda *args: pytest.fail("serve started reflex"))
    monkeypatch.setattr(cli, "db_upgrade", lambda: pytest.fail("serve migrated"))
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["serve", "--prod"])
    get_settings.cache_clear()
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


def test_a_malformed_setting_stops_every_command_with_exit_code_2(monkeypatch):
    monkeypatch.setenv("EBOK_WORKERS", "many")
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["db", "upgrade"])
    get_settings.cache_clear()
    assert result.exit_code == 2
    assert "invalid settings: EBOK_WORKERS" in result.output
    assert "Traceback" not in result.output
