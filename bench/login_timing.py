"""Benchmark of step one of the log-in: how long `login.begin` takes for a real SMS user, a real token
user and an unknown login (MilleKod + login), on a demo database in a temporary SQLite file. The SMS
goes out after the response (`login.send_login_code`), so the three should match; prints p50 / p95 in
ms and the ratio of medians, and writes them to bench/results.json under "login_step_one".
Run with `python -m bench.login_timing`.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ebok_app import db
from ebok_app.accounts import login
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.settings import get_settings

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results.json"
ROUNDS = 200


def _p(values: list[float], q: float) -> float:
    return round(sorted(values)[int(q * (len(values) - 1))] * 1000, 3)


def main() -> None:
    settings = get_settings().model_copy(update={"sms_codes_per_hour": 10**6})
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        db.upgrade(url)
        engine = db.make_engine(url)
        data = generate(settings.demo_seed, datetime.now(UTC).date(), fleet_contracts=0)
        insert_demo(engine, data, settings.password_pepper)
        sms = next(c for c in data.credentials if c.auth_method == "sms" and c.state == "active")
        token = next(c for c in data.credentials if c.auth_method == "token")
        logins = {
            "sms_user": (sms.millekod, sms.login),
            "token_user": (token.millekod, token.login),
            "unknown": (sms.millekod, "nikt.taki"),
        }
        samples: dict[str, list[float]] = {name: [] for name in logins}
        start = datetime.now(UTC)
        for i in range(ROUNDS):
            for name, (millekod, user_login) in logins.items():  # interleaved: load hits all alike
                began = time.perf_counter()
                with db.session_scope(engine) as session:
                    login.begin(session, millekod, user_login, None, start + timedelta(seconds=i), settings)
                samples[name].append(time.perf_counter() - began)
        engine.dispose()
    figures = {name: {"p50_ms": _p(v, 0.5), "p95_ms": _p(v, 0.95)} for name, v in samples.items()}
    unknown = statistics.median(samples["unknown"])
    for name, values in samples.items():
        figures[name]["median_vs_unknown"] = round(statistics.median(values) / unknown, 3)
        print(
            f"{name:<11} p50 {figures[name]['p50_ms']:8.3f} ms  p95 {figures[name]['p95_ms']:8.3f} ms  "
            f"median / unknown {figures[name]['median_vs_unknown']:.3f}"
        )
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["login_step_one"] = {"rounds": ROUNDS, **figures}
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
