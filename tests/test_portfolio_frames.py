"""Loading a company's frames from the database, and the cache that keeps them."""

import threading

import polars as pl
from sqlmodel import Session, select

from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.models import Asset, Company, Contract
from ebok_app.portfolio import frames as frames_module
from ebok_app.portfolio import queries
from ebok_app.portfolio.forecast import forecast_items
from ebok_app.portfolio.frames import FrameCache, prepare_today

PEPPER = bytes(range(32))


def test_frames_hold_exactly_one_companys_rows_and_the_cache_follows_the_data_version(engine, today):
    data = generate(5, today, fleet_contracts=6)
    insert_demo(engine, data, PEPPER)
    builder = next(c for c in data.rows["company"] if c["name"].startswith("Transbud"))
    cache = FrameCache(size=2)
    frames = cache.get(engine, builder["id"])
    expected = [c for c in data.rows["contract"] if c["company_id"] == builder["id"]]
    assert sorted(frames.contracts["number"].to_list()) == sorted(c["number"] for c in expected)
    own_items = [i for i in data.rows["scheduleitem"] if i["company_id"] == builder["id"]]
    assert frames.items.height == len(own_items)
    assert frames.items["gross_gr"].sum() == sum(i["gross_gr"] for i in own_items)
    assert frames.invoices.height == sum(i["company_id"] == builder["id"] for i in data.rows["invoice"])
    assert frames.items["contract_number"].null_count() == 0

    assert cache.get(engine, builder["id"]) is frames and cache.loads == 1
    with Session(engine) as session:
        company = session.exec(select(Company).where(Company.id == builder["id"])).one()
        company.data_version += 1
        session.add(company)
        session.commit()
    fresh = cache.get(engine, builder["id"])
    assert fresh is not frames and fresh.data_version == frames.data_version + 1 and cache.loads == 2

    for company in data.rows["company"]:
        cache.get(engine, company["id"])
    assert len(cache._frames) == 2  # bounded


def test_concurrent_readers_share_one_build(engine, today):
    data = generate(6, today, fleet_contracts=20)
    insert_demo(engine, data, PEPPER)
    fleet = data.rows["company"][-1]["id"]
    cache = FrameCache()
    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get(engine, fleet))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.loads == 1
    assert all(r is results[0] for r in results)


def test_ready_never_waits_for_a_build_and_serves_the_previous_version_meanwhile(engine, today, monkeypatch):
    data = generate(7, today, fleet_contracts=4)
    insert_demo(engine, data, PEPPER)
    company_id = data.rows["company"][0]["id"]
    release = threading.Event()
    real_load = frames_module.load_frames

    def held_load(*args):
        assert release.wait(timeout=60), "the test never released the build"
        return real_load(*args)

    monkeypatch.setattr(frames_module, "load_frames", held_load)
    cache = FrameCache()
    frames, version = cache.ready(engine, company_id)  # the build is held: ready() must come back anyway
    assert frames is None and version == 1 and cache.loads == 0
    release.set()
    first = cache.get(engine, company_id)  # waits for the build ready() started (one build, not two)
    assert cache.loads == 1 and cache.ready(engine, company_id) == (first, 1)

    release.clear()
    with Session(engine) as session:
        company = session.get(Company, company_id)
        company.data_version += 1
        session.commit()
    assert cache.ready(engine, company_id) == (first, 2)  # the previous version serves meanwhile
    release.set()
    second = cache.get(engine, company_id)
    assert second.data_version == 2 and cache.ready(engine, company_id) == (second, 2) and cache.loads == 2


def test_text_with_quotes_commas_and_new_lines_empty_text_and_nulls_arrive_as_stored(engine, today):
    data = generate(8, today, fleet_contracts=3)
    insert_demo(engine, data, PEPPER)
    company_id = data.rows["company"][0]["id"]
    with Session(engine) as session:
        contract = session.exec(select(Contract).where(Contract.company_id == company_id)).first()
        asset = session.get(Asset, contract.asset_id)
        asset.make, asset.model, asset.vin, asset.serial_number = 'Ma"rka, "X"', "", None, "S/1\nbis;'2'"
        session.add(asset)
        session.commit()
        contract_id = contract.id
    row = FrameCache(shared=False).get(engine, company_id).contracts.filter(pl.col("id") == contract_id)
    assert row.select("asset_make", "asset_model", "vin", "serial_number").row(0) == (
        'Ma"rka, "X"',
        "",
        None,
        "S/1\nbis;'2'",
    )


def test_the_day_tables_from_the_shared_files_equal_those_computed_in_memory(engine, today):
    data = generate(9, today, fleet_contracts=30)
    insert_demo(engine, data, PEPPER)
    fleet = data.rows["company"][-1]["id"]
    in_memory = FrameCache(shared=False).get(engine, fleet)
    FrameCache(prepare=prepare_today).get(engine, fleet)  # the builder writes the files and day tables
    mapped = FrameCache().get(engine, fleet)  # another worker maps them
    for table in (
        lambda f: queries.contracts_table(f, today),
        lambda f: queries.invoices_table(f, today),
        lambda f: queries.items_table(f, today),
        lambda f: queries.policies_table(f, today, 30),
        lambda f: forecast_items(f, today),
    ):
        assert table(mapped).equals(table(in_memory))
    assert mapped.items.equals(in_memory.items) and mapped.invoices.equals(in_memory.invoices)
