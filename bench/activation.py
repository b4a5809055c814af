"""Benchmark of the lessor's side: activating a company from the configuration form and the helpdesk's
client search on the demo database. Prints p50 / p95 and writes them to bench/results.json under
"activation" (other keys are kept). Run with `python -m bench.activation`.

An activation hashes one temporary password per user with argon2id (libpass defaults, m=64 MiB, t=3),
so its time grows with the users of the form; the search is a few indexed queries.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import Session

from ebok_app import db, helpdesk
from ebok_app.accounts.staff import Staff
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.models import StaffRight
from ebok_app.onboarding import activation
from ebok_app.onboarding.activation import CompanyForm, UserForm
from ebok_app.portfolio.identifiers import nip_check_digit

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results.json"
ROUNDS = 8
STAFF = Staff(0, 1, "bench", "Bench", frozenset({StaffRight.ACTIVATE.value, StaffRight.HELPDESK.value}))


def _nips():
    """Valid NIPs, one per activation."""
    for n in range(100_000_000, 999_999_999):
        check = nip_check_digit(str(n))
        if check is not None:
            yield f"{n}{check}"


def _form(nip: str, users: int) -> CompanyForm:
    people = [
        UserForm("Jan", f"Testowy{i}", f"jtestowy{i}", f"60{i:07d}", "admin" if i == 0 else "viewer", "sms")
        for i in range(users)
    ]
    return CompanyForm("Bench Sp. z o.o.", nip, "123456785", "ul. Prosta 1", "00-001", "Warszawa", people)


def _times(run) -> dict[str, float]:
    laps = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        run()
        laps.append((time.perf_counter() - start) * 1000)
    laps.sort()
    return {
        "p50_ms": round(statistics.median(laps), 1),
        "p95_ms": round(laps[int(0.95 * (len(laps) - 1))], 1),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/bench-activation.db"
        db.upgrade(url)
        engine = db.make_engine(url)
        insert_demo(engine, generate(2026, date.today(), 400), b"p" * 32)
        nips = _nips()
        figures = {}
        for users in (1, 5):

            def activate(users=users) -> None:
                with Session(engine) as session:
                    activation.activate(session, STAFF, _form(next(nips), users), datetime.now(UTC), "eBOK")
                    session.commit()

            figures[f"activate_{users}_users"] = _times(activate)

        def search() -> None:
            with Session(engine) as session:
                helpdesk.search_clients(session, STAFF, "kow")

        figures["client_search"] = _times(search)
        engine.dispose()
    for name, figure in figures.items():
        print(f"{name:<22} p50 {figure['p50_ms']:>8} ms   p95 {figure['p95_ms']:>8} ms")
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["activation"] = figures
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
