"""Benchmark of the KSeF documents: one invoice's FA(3) XML, and the accountant's ZIP of 10,000 invoices.

Run with `make bench` (or `python -m bench.ksef`). It loads the demo into a scratch SQLite file (or
reuses it), then measures what a client meets:
- xml_p95_ms: p95 of making one invoice's XML the first time (build, validate against the official
  FA(3) schema, check the totals, store), over BENCH_XML_ROUNDS invoices;
- a cold start: every stored PDF of the fleet deleted (BENCH_KSEF_KEEP_PDFS=1 keeps them), then the ZIP
  of BENCH_ZIP_COLD_INVOICES of the fleet's newest invoices, nothing stored: every PDF rendered (and
  stored) while the client waits -> zip_cold_ms_per_invoice;
- the setup: the background job (`ebok invoice pdfs`, BENCH_PDF_WORKERS processes) renders and stores the
  PDFs of the rest of the BENCH_ZIP_INVOICES -> pdf_setup_s, pdf_setup_cpu_ms_per_invoice;
- zip_10000_s and zip_10000_peak_mb: the ZIP of BENCH_ZIP_INVOICES invoices (PDF + XML each, CSV
  summary), every PDF stored, streamed to nowhere through invoice_package in a fresh process: its wall
  time and that process's peak resident memory; also zip_10000_cpu_s, its CPU time (the machine this runs
  on is shared: the load average is recorded beside the figures).
Figures go to bench/results.json under "ksef" (other keys are kept).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import delete as sqldelete
from sqlalchemy import func, select
from sqlmodel import Session

from bench import ksef_zip
from ebok_app import db
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.documents import stored_pdfs
from ebok_app.documents.ksef import issued
from ebok_app.models import Company, Invoice, InvoicePdf
from ebok_app.settings import get_settings

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results.json"
FLEET = int(os.environ.get("BENCH_KSEF_FLEET", "600"))  # enough contracts for 10,000 of the fleet's invoices
ZIP_INVOICES = int(os.environ.get("BENCH_ZIP_INVOICES", "10000"))
COLD_INVOICES = int(os.environ.get("BENCH_ZIP_COLD_INVOICES", "300"))
PDF_WORKERS = int(os.environ.get("BENCH_PDF_WORKERS", str(os.cpu_count() or 1)))
KEEP_PDFS = os.environ.get("BENCH_KSEF_KEEP_PDFS") == "1"
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


def _xml_p95(url: str, fleet_id: int) -> tuple[float, float]:
    """Milliseconds (wall, CPU) to make, check and store one invoice's XML, for invoices that have none
    yet: the p95 of each."""
    engine = db.make_engine(url)
    lessor = get_settings().lessor
    walls, cpus = [], []
    with Session(engine) as session:
        invoices = session.exec(
            select(Invoice)
            .where(Invoice.company_id == fleet_id)
            .order_by(Invoice.id.desc())
            .limit(XML_ROUNDS)
        ).scalars()
        for invoice in invoices:
            started, cpu_started = time.perf_counter(), time.process_time()
            issued.invoice_xml(session, invoice, lessor)
            walls.append((time.perf_counter() - started) * 1000)
            cpus.append((time.process_time() - cpu_started) * 1000)
        session.rollback()  # the ZIP below makes its XML itself, as it would in the portal
    engine.dispose()
    return tuple(statistics.quantiles(v, n=100, method="inclusive")[94] for v in (walls, cpus))


def _zip_in_fresh_process(url: str, fleet_id: int, count: int) -> dict:
    """bench/ksef_zip.py in a process of its own: its wall and CPU time, peak memory and size."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.ksef_zip", url, str(fleet_id), str(count)],
        stdout=subprocess.PIPE,
        check=True,
        cwd=ROOT.parent,
    )
    return json.loads(done.stdout.splitlines()[-1])


def _stored_pdfs(url: str, fleet_id: int, *, delete: bool) -> int:
    engine = db.make_engine(url)
    with Session(engine) as session:
        if delete:
            session.execute(sqldelete(InvoicePdf).where(InvoicePdf.company_id == fleet_id))
            session.commit()
        count = session.execute(select(func.count()).where(InvoicePdf.company_id == fleet_id)).scalar_one()
    engine.dispose()
    return count


def _setup(url: str, fleet_id: int) -> dict:
    """The background job: render and store the PDFs of the ZIP's invoices that have none yet."""
    engine = db.make_engine(url)
    settings = get_settings()
    ids = ksef_zip.newest(engine, fleet_id, ZIP_INVOICES)["id"].to_list()
    started = time.perf_counter()
    cpu_started = _cpu_with_children()
    made = stored_pdfs.render_stale(
        engine, settings.lessor, settings.ksef_qr_url, invoice_ids=ids, workers=PDF_WORKERS
    )
    engine.dispose()
    return {
        "seconds": time.perf_counter() - started,
        "cpu": _cpu_with_children() - cpu_started,
        "rendered": made.rendered,
    }


def _cpu_with_children() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    url, fleet_id = _database()
    xml_p95, xml_p95_cpu = _xml_p95(url, fleet_id)
    print(
        f"one invoice's XML (build, validate, check, store): p95 {xml_p95:.2f} ms "
        f"({xml_p95_cpu:.2f} ms of CPU)"
    )
    before = _stored_pdfs(url, fleet_id, delete=not KEEP_PDFS)
    print(f"cold start: {before} PDFs of the fleet stored" + ("" if KEEP_PDFS else " (the rest deleted)"))
    cold = _zip_in_fresh_process(url, fleet_id, COLD_INVOICES) if not before else None
    if cold:
        print(
            f"cold ZIP of {cold['invoices']} invoices, every PDF rendered (and stored) on the way: "
            f"{cold['seconds']:.1f} s ({cold['cpu'] / cold['invoices'] * 1000:.0f} ms of CPU per invoice), "
            f"peak memory {cold['peak_mb']:.0f} MB"
        )
    setup = _setup(url, fleet_id)
    per_pdf = (
        f"{setup['cpu'] / setup['rendered'] * 1000:.0f} ms per PDF" if setup["rendered"] else "all current"
    )
    print(
        f"setup (the background job, {PDF_WORKERS} processes): {setup['rendered']} PDFs rendered and "
        f"stored in {setup['seconds']:.1f} s ({setup['cpu']:.1f} s of CPU, {per_pdf})"
    )
    zipped = _zip_in_fresh_process(url, fleet_id, ZIP_INVOICES)
    n = zipped["invoices"]
    print(
        f"ZIP of {n} invoices, every PDF stored ({zipped['bytes'] / 1e6:.0f} MB): {zipped['seconds']:.1f} s "
        f"({zipped['cpu']:.1f} s of CPU), peak memory {zipped['peak_mb']:.0f} MB"
    )
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["ksef"] = {
        f"zip_{n}_s": round(zipped["seconds"], 1),
        f"zip_{n}_peak_mb": round(zipped["peak_mb"], 1),
        f"zip_{n}_cpu_s": round(zipped["cpu"], 1),
        "xml_p95_ms": round(xml_p95, 2),
        "xml_p95_cpu_ms": round(xml_p95_cpu, 2),
        "zip_mb": round(zipped["bytes"] / 1e6, 1),
        "zip_cold_invoices": cold["invoices"] if cold else 0,
        "zip_cold_s": round(cold["seconds"], 1) if cold else None,
        "zip_cold_cpu_ms_per_invoice": round(cold["cpu"] / cold["invoices"] * 1000, 1) if cold else None,
        "zip_cold_peak_mb": round(cold["peak_mb"], 1) if cold else None,
        "pdf_setup_rendered": setup["rendered"],
        "pdf_setup_s": round(setup["seconds"], 1),
        "pdf_setup_cpu_s": round(setup["cpu"], 1),
        "pdf_setup_workers": PDF_WORKERS,
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 1),
    }
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
