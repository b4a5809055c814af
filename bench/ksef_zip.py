"""The accountant's ZIP as the download route makes it, in a process of its own so that its peak memory is
the ZIP's: `python -m bench.ksef_zip DATABASE_URL COMPANY_ID COUNT` streams the ZIP of the company's
newest COUNT invoices (the Faktury list unfiltered) to nowhere and prints its figures as JSON (run by
bench/ksef.py). It imports only what the route's producer does."""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import date

import polars as pl
from sqlalchemy import Engine

from ebok_app import db
from ebok_app.documents import invoice_package
from ebok_app.portfolio import queries
from ebok_app.portfolio.frames import FrameCache
from ebok_app.settings import get_settings


def newest(engine: Engine, company_id: int, count: int) -> pl.DataFrame:
    """The company's invoice list as Faktury shows it unfiltered, its first `count` rows."""
    frames = FrameCache().get(engine, company_id)
    return queries.filter_invoices(frames, queries.InvoiceFilter(), date.today()).head(count)


def main(url: str, company_id: int, count: int) -> dict:
    engine = db.make_engine(url)
    settings = get_settings()
    started, cpu_started = time.perf_counter(), time.process_time()
    table = newest(engine, company_id, count)  # the route filters the list first, in the same process
    size = 0
    chunks = invoice_package.stream_package(
        engine, company_id=company_id, invoices=table, seller=settings.lessor, qr_url=settings.ksef_qr_url
    )
    for n, chunk in enumerate(chunks):  # chunk 0: the CSV summary, then one per invoice
        size += len(chunk)
        if n and n % 2000 == 0:
            print(f"  {n} invoices: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu_started,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "invoices": table.height,
        "bytes": size,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))))
