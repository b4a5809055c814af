"""Benchmark of the KSeF documents: one invoice's FA(3) XML, and the accountant's ZIP of 10,000 invoices.

Run with `make bench` (or `python -m bench.ksef`). It loads the demo into a scratch SQLite file (or
reuses it), then
- xml_p95_ms: p95 of making one invoice's XML the first time (build, validate against the official
  FA(3) schema, check the totals, store), over BENCH_XML_ROUNDS invoices;
- zip_10000_s and zip_10000_peak_mb: the ZIP of BENCH_ZIP_INVOICES invoices (PDF + XML each, CSV summary)
  streamed to nowhere in a fresh process, its wall time and that process's peak resident memory; also
  zip_10000_cpu_s, the CPU time it took (what the wall time would be on an idle core: the machine this
  runs on is shared, and the load average is recorded beside the figures).
Figures go to bench/results.json under "ksef" (other keys are kept).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import statistics
import time
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from ebok_app import db
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.documents import invoice_package
from ebok_app.documents.ksef import issued
from ebok_app.models import Company, Invoice
from ebok_app.portfolio import queries
from ebok_app.portfolio.frames import FrameCache
from ebok_app.settings import get_settings

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results.json"
FLEET = int(os.environ.get("BENCH_KSEF_FLEET", "600"))  # enough contracts for 10,000 of the fleet's invoices
ZIP_INVOICES = int(os.environ.get("BENCH_ZIP_INVOICES", "10000"))
XML_ROUNDS = int(os.environ.get("BENCH_XML_ROUNDS", "300"))
TODAY = date.today()


def _database() -> tuple[str, int]:
    url = f"sqlite:///{ROOT / f'bench-ksef-{FLEET}.db'}"
    db.upgrade(url)
    engine = db.make_engine(url)
    if not db.company_count(engine):
        started = time.perf_counter()
        insert_demo(engine, generate(2026, TODAY, FLEET), bytes(32))
        print(f"loaded the demo with a {FLEET}-contract fleet in {time.perf_counter() - started:.1f} s")
    with engine.connect() as connection:
        fleet_id = connection.execute(
            select(Company.id).where(Company.name.startswith("Polflota"))
        ).scalar_one()
    engine.dispose()
    return url, fleet_id


def _xml_p95(url: str, fleet_id: int) -> float:
    """Milliseconds to make, check and store one invoice's XML, for invoices that have none yet."""
    engine = db.make_engine(url)
    lessor = get_settings().lessor
    samples = []
    with Session(engine) as session:
        invoices = session.exec(
            select(Invoice)
            .where(Invoice.company_id == fleet_id)
            .order_by(Invoice.id.desc())
            .limit(XML_ROUNDS)
        ).scalars()
        for invoice in invoices:
            started = time.perf_counter()
            issued.invoice_xml(session, invoice, lessor)
            samples.append((time.perf_counter() - started) * 1000)
        session.rollback()  # the ZIP below makes its XML itself, as it would in the portal
    engine.dispose()
    return statistics.quantiles(samples, n=100, method="inclusive")[94]


def _zip(url: str, fleet_id: int, report: multiprocessing.Queue) -> None:
    """In a fresh process: stream the ZIP of the fleet's newest ZIP_INVOICES invoices to nowhere."""
    engine = db.make_engine(url)
    settings = get_settings()
    frames = FrameCache().get(engine, fleet_id)
    table = queries.filter_invoices(frames, queries.InvoiceFilter(), TODAY).head(ZIP_INVOICES)
    started, cpu_started = time.perf_counter(), time.process_time()
    size = 0
    chunks = invoice_package.stream_package(
        engine, company_id=fleet_id, invoices=table, seller=settings.lessor, qr_url=settings.ksef_qr_url
    )
    for n, chunk in enumerate(chunks):  # chunk 0: the CSV summary, then one per invoice
        size += len(chunk)
        if n and n % 1000 == 0:
            print(f"  {n} invoices: {time.perf_counter() - started:.0f} s", flush=True)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report.put({"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb, "invoices": table.height, "bytes": size})


def main() -> None:
    url, fleet_id = _database()
    xml_p95 = _xml_p95(url, fleet_id)
    print(f"one invoice's XML (build, validate, check, store): p95 {xml_p95:.2f} ms")
    context = multiprocessing.get_context("spawn")
    report = context.Queue()
    worker = context.Process(target=_zip, args=(url, fleet_id, report))
    worker.start()
    worker.join()
    if worker.exitcode != 0:
        raise SystemExit("the ZIP process failed (see above)")
    zipped = report.get()
    print(
        f"ZIP of {zipped['invoices']} invoices ({zipped['bytes'] / 1e6:.0f} MB): {zipped['seconds']:.1f} s "
        f"({zipped['cpu']:.1f} s of CPU), peak memory {zipped['peak_mb']:.0f} MB"
    )
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["ksef"] = {
        f"zip_{zipped['invoices']}_s": round(zipped["seconds"], 1),
        f"zip_{zipped['invoices']}_peak_mb": round(zipped["peak_mb"], 1),
        f"zip_{zipped['invoices']}_cpu_s": round(zipped["cpu"], 1),
        "xml_p95_ms": round(xml_p95, 2),
        "zip_mb": round(zipped["bytes"] / 1e6, 1),
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 1),
    }
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
