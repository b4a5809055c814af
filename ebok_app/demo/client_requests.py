"""Demo requests (Wnioski): a few per company in every status, sent by a user who may send them and
answered by the demo helpdesk, so that both sides have something to look at from the first log-in."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from stdnum import iban

from ebok_app.client_requests.catalogue import CHANGE_SUBJECTS, DUPLICATE_REASONS, Kind
from ebok_app.models import RequestStatus, Role

HELPDESK = "helpdesk:hdesk"
# (kind, status, the helpdesk's comment) per company key; a company gets as many as it has here
SCRIPT: dict[int, tuple[tuple[str, str, str], ...]] = {
    1: (
        (Kind.BALANCE, RequestStatus.DONE, "Potwierdzenie salda wysłaliśmy pocztą na adres siedziby firmy."),
        (Kind.ABROAD, RequestStatus.NEW, ""),
    ),
    2: (
        (Kind.ABROAD, RequestStatus.IN_PROGRESS, ""),
        (Kind.DUPLICATE, RequestStatus.DONE, "Duplikat faktury wysłaliśmy na adres e-mail do faktur."),
        (Kind.BANK_ACCOUNT, RequestStatus.NEEDS_INFO, "Brakuje potwierdzenia z banku: prosimy je dołączyć."),
    ),
    3: (
        (Kind.CONTRACT_CHANGE, RequestStatus.REJECTED, "Zmiana użytkownika pojazdu wymaga aneksu do umowy."),
        (Kind.BALANCE, RequestStatus.NEW, ""),
    ),
    4: (
        (Kind.ABROAD, RequestStatus.DONE, "Zgoda udzielona; zabierz ją ze sobą w podróż."),
        (Kind.DUPLICATE, RequestStatus.IN_PROGRESS, ""),
        (
            Kind.BANK_ACCOUNT,
            RequestStatus.NEEDS_INFO,
            "Numer rachunku różni się od potwierdzenia z banku.",
        ),
        (Kind.CONTRACT_CHANGE, RequestStatus.NEW, ""),
    ),
}


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _demo_iban(rng: random.Random) -> str:
    bban = f"10205561{rng.randint(0, 10**16 - 1):016d}"
    return iban.format(f"PL{iban.calc_check_digits('PL00' + bban)}{bban}")


def _details(kind: str, rng: random.Random, today: date, contract: dict, asset: dict, invoices: list) -> dict:
    plate = f", nr rej. {asset['registration_number']}" if asset.get("registration_number") else ""
    on_contract = {"contract_id": contract["id"], "contract_number": contract["number"]}
    if kind == Kind.ABROAD:
        start = today + timedelta(days=rng.randint(5, 30))
        return {
            **on_contract,
            "vehicle": f"{asset['make']} {asset['model']}{plate}",
            "countries": rng.choice((["Niemcy", "Francja"], ["Czechy", "Austria", "Włochy"], ["Litwa"])),
            "date_from": start.isoformat(),
            "date_to": (start + timedelta(days=rng.randint(3, 20))).isoformat(),
            "driver": rng.choice(("Jan Kowalski", "Marek Nowak", "Ewa Zielińska")),
        }
    if kind == Kind.BALANCE:
        return {"as_of": (today - timedelta(days=today.day)).isoformat(), "contract_id": "wszystkie"}
    if kind == Kind.DUPLICATE:
        return {"invoices": [i["number"] for i in invoices[:2]], "reason": DUPLICATE_REASONS[0]}
    if kind == Kind.CONTRACT_CHANGE:
        return {**on_contract, "subject": CHANGE_SUBJECTS[4], "new_value": "Oddział w Gdańsku, ul. Portowa 7"}
    return {"iban": _demo_iban(rng), "holder": "", "contract_id": "wszystkie"}


def add_requests(data, rng: random.Random, today: date) -> None:
    """The SCRIPT's requests of each company (by its id), with their steps."""
    for company in data.rows["company"]:
        script = SCRIPT.get(company["id"], ())
        senders = [
            u for u in data.rows["user"] if u["company_id"] == company["id"] and u["role"] != Role.VIEWER
        ]
        contracts = [
            c
            for c in data.rows["contract"]
            if c["company_id"] == company["id"] and c["end_date"] > today + timedelta(days=60)
        ]
        invoices = [i for i in data.rows["invoice"] if i["company_id"] == company["id"]]
        if not senders or not contracts:
            continue
        for n, (kind, status, comment) in enumerate(script):
            contract = contracts[n % len(contracts)]
            asset = data.rows["asset"][contract["asset_id"] - 1]
            details = _details(kind, rng, today, contract, asset, invoices)
            if kind == Kind.BANK_ACCOUNT:
                details["holder"] = company["name"]
            sender = {
                **senders[n % len(senders)],
                "actor": f"{company['millekod']}/{senders[n % len(senders)]['login']}",
            }
            _request(data, company["id"], sender, kind, status, comment, details, today, n)


def _request(data, company_id, sender, kind, status, comment, details, today, n) -> None:
    sent = _at(today - timedelta(days=14 - 3 * n), 9 + n)  # the later in the script, the newer
    answered = sent + timedelta(hours=26) if comment else None
    taken = status != RequestStatus.NEW
    request_id = data.add(
        "clientrequest",
        {
            "company_id": company_id,
            "user_id": sender["id"],
            "contract_id": details["contract_id"] if isinstance(details.get("contract_id"), int) else None,
            "kind": str(kind),
            "details": {k: v for k, v in details.items() if k != "contract_id" or isinstance(v, str)},
            "status": str(status),
            "created_at": sent,
            "updated_at": answered or (sent + timedelta(hours=2) if taken else sent),
            "handled_by": HELPDESK if taken else None,
            "answer": comment or None,
            "answered_at": answered,
        },
    )
    steps = [(sent, sender["actor"], False, RequestStatus.NEW, None)]
    if taken:
        steps.append((sent + timedelta(hours=2), HELPDESK, True, RequestStatus.IN_PROGRESS, None))
    if comment:
        steps.append((answered, HELPDESK, True, status, comment))
    for at, who, by_staff, step_status, text in steps:
        data.add(
            "clientrequeststep",
            {
                "request_id": request_id,
                "at": at,
                "actor": who,
                "by_staff": by_staff,
                "status": str(step_status),
                "comment": text,
            },
        )
