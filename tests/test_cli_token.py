"""`ebok token respond`: the demo emulator of a token with a reader, and `ebok demo credentials`."""

import json

from typer.testing import CliRunner

from ebok_app.cli import app
from ebok_app.security import reader
from ebok_app.settings import get_settings


def _reader_user(runner: CliRunner) -> dict:
    loaded = runner.invoke(app, ["demo", "load", "--fleet-contracts", "2", "--json"])
    assert loaded.exit_code == 0, loaded.output
    credentials = json.loads(loaded.output[loaded.output.index("{") :])["credentials"]
    return next(c for c in credentials if c["auth_method"] == "reader")


def test_the_emulator_answers_the_demo_users_reader_token(cli_env, monkeypatch):
    monkeypatch.setenv("EBOK_DEMO", "1")
    get_settings.cache_clear()
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    user = _reader_user(runner)
    result = runner.invoke(app, ["token", "respond", user["millekod"], user["login"], "31415926"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == reader.respond(bytes.fromhex(user["reader_key"]), "31415926")
    refused = runner.invoke(app, ["token", "respond", user["millekod"], "nikt", "31415926"])
    assert refused.exit_code == 1 and "no reader token" in refused.output
    listed = runner.invoke(app, ["demo", "credentials"])
    assert f"ebok token respond {user['millekod']} {user['login']} CHALLENGE" in listed.output


def test_the_emulator_is_off_outside_demo_mode(cli_env, monkeypatch):
    monkeypatch.setenv("EBOK_DEMO", "0")
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["token", "respond", "12345678", "jan", "31415926"])
    assert result.exit_code == 1 and "demo mode only" in result.output
