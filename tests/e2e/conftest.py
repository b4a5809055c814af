"""The real app, built and served in production mode on a free port, and headless Debian Chromium."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy import Engine

from ebok_app.db import make_engine
from ebok_app.settings import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
]
START_TIMEOUT_S = 600
# how long an expectation waits for the page to get there (a 2-core CI machine builds, serves and
# drives the browser at once); a passing expectation returns as soon as it holds
expect.set_options(timeout=15_000)
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
ARTIFACTS = PROJECT_ROOT / "artifacts"


IDLE_TIMEOUT_S = 40  # short, so that the idle test waits less; each test acts well within it


@dataclass(frozen=True)
class RunningApp:
    url: str
    database_url: str
    env: dict[str, str]
    credentials: dict[str, dict]  # demo log-in data by login
    log_path: Path  # what the server wrote (e.g. a state Reflex could not pickle)

    def user(self, login: str) -> dict:
        return self.credentials[login]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _run(args: list[str], env: dict[str, str]) -> str:
    return subprocess.run(args, env=env, cwd=PROJECT_ROOT, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="session")
def running_app(tmp_path_factory) -> Iterator[RunningApp]:
    """`reflex run --env prod --single-port` on a demo database of its own."""
    if shutil.which("bun") is None or os.environ.get("REFLEX_USE_SYSTEM_BUN") != "1":
        pytest.fail("the browser tests need the project's Bun: run them through `make test`")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    database_url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'ebok-e2e.db'}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "EBOK_ALLOWED_ORIGINS": f"{url},http://localhost:{port}",
        "EBOK_DEMO": "1",
        "EBOK_IDLE_TIMEOUT_S": str(IDLE_TIMEOUT_S),
        "EBOK_SMS_CODES_PER_HOUR": "1000",
        "EBOK_LOGIN_ATTEMPTS_PER_ADDRESS": "1000",  # every test logs in from 127.0.0.1
        "EBOK_LOGIN_ATTEMPTS_PER_COMPANY": "1000",
        "EBOK_NOTIFY_INTERVAL_S": "0",  # the tests run `ebok notify run` themselves
    }
    _run(["ebok", "db", "upgrade"], env)
    # EBOK_E2E_FLEET_CONTRACTS=2000: the largest fleet of the issue (figures, tables); 30 keeps tests quick
    fleet = os.environ.get("EBOK_E2E_FLEET_CONTRACTS", "30")
    loaded = _run(["ebok", "demo", "load", "--fleet-contracts", fleet, "--json"], env)
    credentials = {c["login"]: c for c in json.loads(loaded[loaded.index("{") :])["credentials"]}
    log_path = tmp_path_factory.mktemp("e2e-log") / "reflex.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                "reflex",
                "run",
                "--env",
                "prod",
                "--single-port",
                "--backend-port",
                str(port),
                "--loglevel",
                "info",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _answers(url):
            if process.poll() is not None:
                pytest.fail(f"the app exited with {process.returncode}:\n{log_path.read_text()[-4000:]}")
            if time.monotonic() > deadline:
                pytest.fail(
                    f"the app did not answer within {START_TIMEOUT_S}s:\n{log_path.read_text()[-4000:]}"
                )
            time.sleep(0.5)  # polling interval while waiting for the port to answer
        yield RunningApp(
            url=url, database_url=database_url, env=env, credentials=credentials, log_path=log_path
        )
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """End the app's whole process group (it may have ended already)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _new_page(browser: Browser, name: str) -> Page:
    context = browser.new_context(viewport=VIEWPORTS[name], locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.viewport_name = name  # type: ignore[attr-defined]
    return page


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser: Browser) -> Iterator[Page]:
    """A fresh page at desktop and at phone size (each test taking it runs at both)."""
    page = _new_page(browser, request.param)
    yield page
    page.context.close()


@pytest.fixture
def desktop_page(browser: Browser) -> Iterator[Page]:
    """A fresh page at desktop size, for what does not depend on the screen."""
    page = _new_page(browser, "desktop")
    yield page
    page.context.close()


@pytest.fixture
def database(running_app: RunningApp) -> Iterator[Engine]:
    """The running app's database, for setting a scene up and for checking what happened."""
    engine = make_engine(running_app.database_url)
    yield engine
    engine.dispose()


def viewport(page: Page) -> str:
    return page.viewport_name  # type: ignore[attr-defined]


def screenshot(page: Page, name: str) -> Path:
    """Keep a picture of what the test saw (artifacts/, git-ignored) for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}-{page.viewport_name}.png"  # type: ignore[attr-defined]
    page.screenshot(path=str(path), full_page=True)
    return path
