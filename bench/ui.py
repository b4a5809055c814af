"""Lighthouse (mobile and desktop presets) and axe-core on the log-in, Pulpit, Umowy, Faktury, Raty and
Prognoza, signed in as the administrator of the largest demo fleet. Prints the figures and writes
bench/ui.json: {"pages": {name: {"mobile": {...}, "desktop": {...}, "axe_serious": n, "axe_critical": n}}}
(each preset: the worse of two rounds, both kept under "runs"; "measured_on": the machine's load).
Lighthouse's own simulated throttling (mobile: 4x CPU, slow 4G), each page with an empty HTTP cache.
Run with `make bench-ui` (it installs Lighthouse into tools/; Debian's chromium via CHROME_PATH).
The figures are measured, never asserted (the browser tests assert axe-core's verdict)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from bench.serving import free_port, stop
from ebok_app import routes
from ebok_app.settings import PROJECT_ROOT
from tests.e2e.login_flow import log_in_ok

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "ui.json"
FLEET_CONTRACTS = "2000"
FLEET_ADMIN = "jzielinska"  # the demo fleet company's administrator (sees every page)
PAGES = {
    "logowanie": routes.LOGIN,
    "pulpit": routes.DASHBOARD,
    "umowy": routes.CONTRACTS,
    "faktury": routes.INVOICES,
    "raty": routes.INSTALLMENTS,
    "prognoza": routes.FORECAST,
}
AXE_SIZES = ({"width": 390, "height": 844}, {"width": 1280, "height": 800})
AXE = PROJECT_ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}))
  .violations.map(v => v.impact)"""
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
BUN = PROJECT_ROOT / "tools" / "node_modules" / ".bin" / "bun"
ROUNDS = 2  # Lighthouse twice (the machine is shared: its load changes the blocking time); the worse kept
LIGHTHOUSE_TIMEOUT_S = 1200  # six pages on a busy 2-core machine take minutes; a hang must not be forever


def _run(args: list[str], env: dict[str, str]) -> str:
    return subprocess.run(args, env=env, cwd=PROJECT_ROOT, check=True, capture_output=True, text=True).stdout


def _wait_for(url: str, process: subprocess.Popen, timeout_s: float = 900) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(1)  # polling interval while the app builds
    raise RuntimeError(f"{url} did not answer within {timeout_s}s")


def _app(work: Path) -> tuple[subprocess.Popen, str, dict]:
    """The production build on a demo database with the largest fleet; (process, url, credentials)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'ebok-bench.db'}",
        "EBOK_ALLOWED_ORIGINS": f"{url},http://localhost:{port}",
        "EBOK_DEMO": "1",
        "EBOK_SMS_CODES_PER_HOUR": "1000",
        "EBOK_NOTIFY_INTERVAL_S": "0",
    }
    _run(["ebok", "db", "upgrade"], env)
    loaded = _run(["ebok", "demo", "load", "--fleet-contracts", FLEET_CONTRACTS, "--json"], env)
    credentials = {c["login"]: c for c in json.loads(loaded[loaded.index("{") :])["credentials"]}
    log = (work / "reflex.log").open("w")
    process = subprocess.Popen(
        ["reflex", "run", "--env", "prod", "--single-port", "--backend-port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    _wait_for(url, process)
    return process, url, credentials


def _lighthouse(cdp: str, tab: str, preset: str, urls: list[str]) -> dict[str, dict]:
    """Lighthouse 13 under the project's Bun (it needs a newer JavaScript than Debian's Node 20)."""
    script = (ROOT / "lighthouse_flow.mjs").read_text()
    env = {**os.environ, "EBOK_LH_ARGS": json.dumps([cdp, tab, preset, *urls])}
    _progress(f"Lighthouse {preset}: {len(urls)} page(s)")
    done = subprocess.run(
        [str(BUN), "-e", script],
        env=env,
        cwd=PROJECT_ROOT / "tools",  # the packages resolve from here
        capture_output=True,
        text=True,
        timeout=LIGHTHOUSE_TIMEOUT_S,
    )
    if done.returncode != 0:
        raise RuntimeError(f"Lighthouse failed:\n{done.stderr[-3000:]}")
    return {
        url: {k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()}
        for url, r in json.loads(done.stdout).items()
    }


def _progress(step: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}, load {os.getloadavg()[0]:.1f}] {step}", file=sys.stderr, flush=True)


def _axe(browser: Browser, url: str, user: dict) -> dict[str, dict[str, int]]:
    counts = {name: {"serious": 0, "critical": 0} for name in PAGES}
    for size in AXE_SIZES:
        context = browser.new_context(viewport=size, locale="pl-PL")
        page = context.new_page()
        page.goto(url + routes.LOGIN)
        _count(page, counts["logowanie"])
        log_in_ok(page, url, user)
        for name, route in PAGES.items():
            if route != routes.LOGIN:
                page.goto(url + route)
                page.wait_for_load_state("networkidle")
                _count(page, counts[name])
        context.close()
    return counts


def _count(page, counts: dict[str, int]) -> None:
    page.add_script_tag(path=str(AXE))
    for impact in page.evaluate(AXE_RUN):
        if impact in counts:
            counts[impact] += 1


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        process, url, credentials = _app(work)
        cdp_port = free_port()
        chromium = subprocess.Popen(
            [
                CHROMIUM,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                f"--remote-debugging-port={cdp_port}",
                f"--user-data-dir={work / 'chromium'}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        cdp = f"http://127.0.0.1:{cdp_port}"
        try:
            _wait_for(cdp + "/json/version", chromium, 60)
            with sync_playwright() as playwright:
                browser = playwright.chromium.connect_over_cdp(cdp)
                context = browser.contexts[0]
                runs: dict[str, dict[str, list[dict]]] = {n: {"mobile": [], "desktop": []} for n in PAGES}
                loads = []
                for _ in range(ROUNDS):
                    loads.append(round(os.getloadavg()[0], 1))
                    _measure(context, cdp, url, credentials[FLEET_ADMIN], runs)
                _progress("axe-core at 390x844 and 1280x800")
                axe = _axe(browser, url, credentials[FLEET_ADMIN])
        finally:
            stop(chromium)
            stop(process)
    results = {
        name: {
            **{preset: _worst(measured) for preset, measured in runs[name].items()},
            "axe_serious": axe[name]["serious"],
            "axe_critical": axe[name]["critical"],
            "runs": runs[name],
        }
        for name in PAGES
    }
    measured_on = {"rounds": ROUNDS, "load_average_1min": loads, "cores": os.cpu_count()}
    RESULTS.write_text(
        json.dumps({"pages": results, "measured_on": measured_on}, indent=2, ensure_ascii=False) + "\n"
    )
    for name, figures in results.items():
        print(name, json.dumps({k: v for k, v in figures.items() if k != "runs"}, ensure_ascii=False))
    print("measured on", json.dumps(measured_on))


def _measure(context, cdp: str, url: str, user: dict, runs: dict[str, dict[str, list[dict]]]) -> None:
    """One round: the log-in page in a fresh tab, then the signed-in pages in the tab that logged in."""
    login_tab = context.new_page()
    login_tab.goto(url + routes.LOGIN)
    for preset in ("mobile", "desktop"):
        runs["logowanie"][preset].append(
            _lighthouse(cdp, routes.LOGIN, preset, [url + routes.LOGIN])[url + routes.LOGIN]
        )
    login_tab.close()
    tab = context.new_page()
    _progress("logging in")
    log_in_ok(tab, url, user)
    signed = {name: url + route for name, route in PAGES.items() if route != routes.LOGIN}
    for preset in ("mobile", "desktop"):
        measured = _lighthouse(cdp, url, preset, list(signed.values()))
        for name, page_url in signed.items():
            runs[name][preset].append(measured[page_url])
    tab.close()


def _worst(measured: list[dict]) -> dict:
    """Of the rounds, the one with the lowest performance score (the figures are kept as measured)."""
    worst = min(measured, key=lambda r: r["performance"] if r["performance"] is not None else -1)
    return {k: worst[k] for k in ("performance", "accessibility", "cls", "tbt_ms")}


if __name__ == "__main__":
    main()
