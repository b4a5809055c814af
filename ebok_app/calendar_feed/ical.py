"""The calendar of a company's dates as iCalendar (RFC 5545): what falls due, what ends.

All-day events, one per schedule item (installment, fee, insurance, buyout), per policy end and per
contract end, from the first day of the previous month onwards. Built from the company's frames only:
nothing of another company can reach the feed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar
import polars as pl

from ebok_app.portfolio.dates import add_months
from ebok_app.portfolio.frames import PortfolioFrames
from ebok_app.portfolio.money import format_pln

PRODID = "-//eBOK//Kalendarz platnosci//PL"
UID_DOMAIN = "ebok"
ITEM_LABELS_PL = {
    "installment": "Rata",
    "initial_fee": "Opłata wstępna",
    "buyout": "Wykup",
    "fee": "Opłata",
    "insurance": "Ubezpieczenie",
}


def first_day(today: date) -> date:
    """The feed starts on the first day of the previous month: recent dates stay visible."""
    return add_months(today.replace(day=1), -1)


def _event(uid: str, day: date, summary: str, description: str, stamp: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)  # a date: an all-day event, DTEND defaults to the next day
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def item_events(frames: PortfolioFrames, since: date, stamp: datetime) -> list[icalendar.Event]:
    items = frames.items.filter(pl.col("due_date") >= since).sort(["due_date", "id"])
    events = []
    for item in items.iter_rows(named=True):
        left = item["gross_gr"] - item["paid_gr"]
        label = ITEM_LABELS_PL.get(item["kind"], item["kind"])
        state = "zapłacono" if left <= 0 else f"do zapłaty {format_pln(left)}"
        events.append(
            _event(
                f"item-{item['id']}",
                item["due_date"],
                f"{label} {format_pln(item['gross_gr'])} · {item['contract_number']}",
                f"{item['description']}, umowa {item['contract_number']}: {state}.",
                stamp,
            )
        )
    return events


def policy_events(frames: PortfolioFrames, since: date, stamp: datetime) -> list[icalendar.Event]:
    policies = frames.policies.filter(pl.col("end_date") >= since).sort(["end_date", "id"])
    return [
        _event(
            f"policy-{p['id']}",
            p["end_date"],
            f"Koniec polisy {p['number']} · {p['contract_number']}",
            f"Polisa {p['kind']} ({p['insurer']}) do umowy {p['contract_number']} wygasa.",
            stamp,
        )
        for p in policies.iter_rows(named=True)
    ]


def contract_events(frames: PortfolioFrames, since: date, stamp: datetime) -> list[icalendar.Event]:
    contracts = frames.contracts.filter(pl.col("end_date") >= since).sort(["end_date", "id"])
    return [
        _event(
            f"contract-{c['id']}",
            c["end_date"],
            f"Koniec umowy {c['number']}",
            f"Umowa {c['number']} ({c['asset_kind']} {c['plate'] or ''}) kończy się.".replace(" )", ")"),
            stamp,
        )
        for c in contracts.iter_rows(named=True)
    ]


def calendar(frames: PortfolioFrames, today: date, name: str) -> bytes:
    """The company's calendar as an .ics file."""
    stamp = datetime.now(UTC).replace(microsecond=0)
    since = first_day(today)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Warsaw")
    for event in (
        *item_events(frames, since, stamp),
        *policy_events(frames, since, stamp),
        *contract_events(frames, since, stamp),
    ):
        cal.add_component(event)
    return cal.to_ical()
