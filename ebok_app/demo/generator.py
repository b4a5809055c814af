"""A deterministic generator of realistic demo portfolios (same seed and day -> the same data).

Pure Python: it returns rows as dicts keyed by column name, with ids assigned from 1, ready for a
bulk insert into an empty database, plus the log-in data of the demo users in plain text (which the
loader hashes and never stores). Each company draws from its own random stream, so the size of the
fleet does not change the other companies.
"""

from __future__ import annotations

import hashlib
import random
import string
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from ebok_app.content import current_terms
from ebok_app.demo import catalogue as cat
from ebok_app.demo.client_requests import add_requests
from ebok_app.documents.ksef.numbers import make_ksef_number
from ebok_app.models import AuthMethod, ItemKind, LeaseType, Role, StaffRight
from ebok_app.portfolio.dates import add_months
from ebok_app.portfolio.identifiers import VIN_ALPHABET, nip_check_digit, regon_check_digit, vin_check_digit
from ebok_app.portfolio.money import round_grosze, split_evenly, vat_of
from ebok_app.settings import DEMO_LESSOR

INVOICE_LEAD_DAYS = 14  # an invoice is issued this many days before the due date of its items
OFFLINE_DAYS = 2  # invoices issued in the last days have no KSeF number yet (offline)
CORRECTIONS = {"florist": 1, "builder": 2, "clinic": 3, "fleet": 5}  # KOR invoices per company
CORRECTION_REASON = "Obniżenie opłaty: rabat 10% przyznany po wystawieniu faktury"
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
MOBILE_PREFIXES = ("50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88")


@dataclass(frozen=True)
class UserSpec:
    role: Role
    auth_method: AuthMethod
    state: str = "active"  # active, first_login, locked


@dataclass(frozen=True)
class CompanySpec:
    key: str
    name: str
    place: int  # index into catalogue.PLACES
    contracts: int
    asset_mix: tuple[tuple[str, float], ...]  # (catalogue.ASSETS key, weight)
    users: tuple[UserSpec, ...]
    late_payer: float  # 0 = always on time, 1 = often late


@dataclass(frozen=True)
class DemoCredential:
    company: str
    millekod: str
    login: str
    name: str
    role: str
    auth_method: str
    state: str
    password: str  # the password (or temporary password) in plain text, shown to the demo user only
    phone: str
    totp_secret: str | None
    reader_key: str | None = None  # hex key of a token with a reader (OCRA), for the emulator and tests


@dataclass(frozen=True)
class StaffCredential:
    """A demo employee of the lessor: log-in data for /obsluga/logowanie."""

    login: str
    name: str
    rights: tuple[str, ...]
    password: str
    totp_secret: str


# (login, first name, last name, rights): a consultant who activates and helps, a helpdesk-only person,
# and a trainee with no rights yet (every staff page refuses them)
DEMO_STAFF: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("kkonsultant", "Katarzyna", "Konsultant", (StaffRight.ACTIVATE.value, StaffRight.HELPDESK.value)),
    ("hdesk", "Henryk", "Deskowski", (StaffRight.HELPDESK.value,)),
    ("tstazysta", "Tomasz", "Stażysta", ()),
)


@dataclass
class DemoData:
    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    credentials: list[DemoCredential] = field(default_factory=list)
    staff: list[StaffCredential] = field(default_factory=list)

    def add(self, table: str, row: dict) -> int:
        rows = self.rows[table]
        row["id"] = len(rows) + 1
        rows.append(row)
        return row["id"]


def demo_companies(fleet_contracts: int) -> tuple[CompanySpec, ...]:
    """From a one-car florist to a fleet of `fleet_contracts` trucks, trailers, vans and cars."""
    sms, token, reader = AuthMethod.SMS, AuthMethod.TOKEN, AuthMethod.READER
    return (
        CompanySpec(
            "florist",
            "Kwiaciarnia Stokrotka Anna Wiśniewska",
            1,
            1,
            (("car", 1.0),),
            (UserSpec(Role.ADMIN, sms),),
            late_payer=0.6,
        ),
        CompanySpec(
            "builder",
            "Transbud Sp. z o.o.",
            2,
            9,
            (("van", 0.5), ("machine", 0.3), ("car", 0.2)),
            (
                UserSpec(Role.ADMIN, sms),
                UserSpec(Role.FINANCE, token),
                UserSpec(Role.VIEWER, sms, "first_login"),
            ),
            late_payer=0.4,
        ),
        CompanySpec(
            "clinic",
            "MedTech Diagnostyka Sp. z o.o.",
            3,
            24,
            (("medical", 0.6), ("it", 0.2), ("car", 0.2)),
            (UserSpec(Role.ADMIN, token), UserSpec(Role.FINANCE, sms), UserSpec(Role.VIEWER, sms, "locked")),
            late_payer=0.2,
        ),
        CompanySpec(
            "fleet",
            "Polflota Logistyka S.A.",
            0,
            fleet_contracts,
            (("tractor", 0.35), ("trailer", 0.3), ("van", 0.2), ("car", 0.15)),
            (
                UserSpec(Role.ADMIN, sms),
                UserSpec(Role.FINANCE, token),
                UserSpec(Role.FINANCE, sms),
                UserSpec(Role.VIEWER, reader),
            ),
            late_payer=0.1,
        ),
    )


def generate(
    seed: int, today: date, fleet_contracts: int = 400, companies: tuple[CompanySpec, ...] | None = None
) -> DemoData:
    """The whole demo portfolio for `seed` as seen on `today` (of `companies`, or the demo's four)."""
    data = DemoData()
    used_codes: set[str] = set()
    specs = companies or demo_companies(fleet_contracts)
    for spec in specs:
        _CompanyBuilder(data, spec, random.Random(f"{seed}:{spec.key}"), today, used_codes).build()
    for spec, company in zip(specs, data.rows["company"], strict=True):
        rng = random.Random(f"{seed}:{spec.key}:kor")
        _corrections(data, company["id"], CORRECTIONS.get(spec.key, 0), rng, today)
    _number_invoices(data, today)
    _external_ids(data)
    _staff(data, random.Random(f"{seed}:staff"), today)
    add_requests(data, random.Random(f"{seed}:requests"), today)
    return data


def _staff(data: DemoData, rng: random.Random, today: date) -> None:
    """The demo employees, from their own random stream (the portfolio does not change with them)."""
    for login, first, last, rights in DEMO_STAFF:
        password, secret = _demo_password(rng), "".join(rng.choice(BASE32) for _ in range(32))
        data.add(
            "staffuser",
            {
                "login": login,
                "first_name": first,
                "last_name": last,
                "password_hash": "",  # hashed by the loader
                "totp_secret": secret,
                "totp_last_step": None,
                "rights": list(rights),
                "failed_attempts": 0,
                "locked_at": None,
                "active": True,
                "last_login_at": None,
                "demo": True,
                "created_at": _at(today - timedelta(days=400)),
            },
        )
        data.staff.append(StaffCredential(login, f"{first} {last}", rights, password, secret))


class _CompanyBuilder:
    def __init__(
        self, data: DemoData, spec: CompanySpec, rng: random.Random, today: date, used_codes: set[str]
    ) -> None:
        self.data, self.spec, self.rng, self.today = data, spec, rng, today
        self.used_codes = used_codes
        self.city, self.postal_prefix, self.plate_areas, self.streets = cat.PLACES[spec.place]
        self.company_id = 0
        self.millekod = ""
        self.logins: set[str] = set()

    def build(self) -> None:
        self._company()
        for index, user_spec in enumerate(self.spec.users):
            self._user(index, user_spec)
        kinds = [k for k, _ in self.spec.asset_mix]
        weights = [w for _, w in self.spec.asset_mix]
        for seq in range(self.spec.contracts):
            self._contract(seq, self.rng.choices(kinds, weights)[0])

    # --- company and users -------------------------------------------------------------------

    def _company(self) -> None:
        rng = self.rng
        millekod = str(rng.randint(10_000_000, 99_999_999))
        while millekod in self.used_codes:
            millekod = str(rng.randint(10_000_000, 99_999_999))
        self.used_codes.add(millekod)
        self.millekod = millekod
        self.company_id = self.data.add(
            "company",
            {
                "millekod": millekod,
                "name": self.spec.name,
                "nip": _random_nip(rng),
                "regon": _random_regon(rng),
                "street": f"ul. {rng.choice(self.streets)} {rng.randint(1, 180)}",
                "postal_code": f"{self.postal_prefix}{rng.randint(0, 9)}-{rng.randint(0, 999):03d}",
                "city": self.city,
                "created_at": _at(self.today - timedelta(days=rng.randint(400, 2000))),
                "data_version": 1,
                "einvoices": False,  # the company administrator chooses e-invoices in the portal
                "einvoices_changed_by": None,
                "einvoices_changed_at": None,
                "demo": True,
            },
        )

    def _user(self, index: int, spec: UserSpec) -> None:
        rng = self.rng
        female = rng.random() < 0.5
        if self.spec.key == "florist":
            first, last, female = "Anna", "Wiśniewska", True
        else:
            first = rng.choice(cat.FEMALE_FIRST if female else cat.MALE_FIRST)
            last = rng.choice(cat.LAST_NAMES)[1 if female else 0]
        login = _ascii(f"{first[0]}{last}").lower()
        if login in self.logins:
            login += str(index + 1)
        self.logins.add(login)
        phone = f"+48{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 9_999_999):07d}"
        password = _demo_password(rng)
        totp = (
            "".join(rng.choice(BASE32) for _ in range(32)) if spec.auth_method == AuthMethod.TOKEN else None
        )
        reader_key = (
            hashlib.sha256(f"reader:{self.millekod}:{login}:{password}".encode()).hexdigest()
            if spec.auth_method == AuthMethod.READER
            else None
        )  # from the user's own data: the company's random stream (its portfolio) stays the same
        created = self.today - timedelta(days=rng.randint(30, 365))
        user_id = self.data.add(
            "user",
            {
                "company_id": self.company_id,
                "login": login,
                "first_name": first,
                "last_name": last,
                "email": f"{login}@{_ascii(self.spec.name.split()[0]).lower()}.example.pl",
                "phone": phone,
                "role": spec.role.value,
                "auth_method": spec.auth_method.value,
                "totp_secret": totp,
                "totp_last_step": None,
                "ocra_secret": None,  # stored by the loader (security.reader)
                "masked_secret": None,
                "masking_enabled": True,
                "must_change_password": spec.state == "first_login",
                "failed_attempts": 3 if spec.state == "locked" else 0,
                "locked_at": _at(self.today - timedelta(days=1)) if spec.state == "locked" else None,
                "active": True,
                "last_login_at": None if spec.state == "first_login" else _at(self.today - timedelta(days=2)),
                "last_failed_login_at": _at(self.today - timedelta(days=1))
                if spec.state == "locked"
                else None,
                "created_at": _at(created),
                "terms_version": current_terms().version,  # accepted on the paper form at activation
                "terms_accepted_at": _at(created),
            },
        )
        self.data.add(
            "notificationpreference",
            {
                "user_id": user_id,
                "new_invoice": spec.role != Role.VIEWER,
                "due_reminder": spec.role != Role.VIEWER,
                "days_before_due": 3,
                "new_invoice_since": created if spec.role != Role.VIEWER else None,
                "updated_at": _at(created),
            },
        )
        self.data.credentials.append(
            DemoCredential(
                company=self.spec.name,
                millekod=self.millekod,
                login=login,
                name=f"{first} {last}",
                role=spec.role.value,
                auth_method=spec.auth_method.value,
                state=spec.state,
                password=password,
                phone=phone,
                totp_secret=totp,
                reader_key=reader_key,
            )
        )

    # --- contracts ------------------------------------------------------------------------------

    def _contract(self, seq: int, asset_group: str) -> None:
        rng, today = self.rng, self.today
        model = rng.choice(cat.ASSETS[asset_group])
        term = rng.choice(model.terms)
        if rng.random() < 0.04:  # signed recently, starts soon
            signed = today - timedelta(days=rng.randint(0, 20))
            start = today + timedelta(days=rng.randint(3, 40))
        else:
            start = today - timedelta(days=rng.randint(20, 30 * (term + 12)))
            signed = start - timedelta(days=rng.randint(3, 21))
        end = add_months(start, term)
        value = rng.randint(*model.price_pln) * 100
        lease_type = (
            LeaseType.OPERATING
            if rng.random() < (0.7 if asset_group in ("car", "van") else 0.5)
            else LeaseType.FINANCIAL
        )
        initial_fee = round_grosze(Decimal(value) * Decimal(rng.choice((0, 5, 10, 10, 15, 20, 25))) / 100)
        residual_pct = rng.randint(10, 30) if model.registered and lease_type == LeaseType.OPERATING else 1
        buyout = round_grosze(Decimal(value) * residual_pct / 100)
        rate_bp = rng.randint(650, 950)
        terminated = None
        if start < today - timedelta(days=400) and end > today and rng.random() < 0.03:
            terminated = start + timedelta(days=rng.randint(200, (today - start).days - 30))
        asset_id = self._asset(model, start)
        contract_id = self.data.add(
            "contract",
            {
                "company_id": self.company_id,
                "asset_id": asset_id,
                "number": f"UL/{signed.year}/{self.company_id:02d}{seq + 1:05d}",
                "lease_type": lease_type.value,
                "signed_on": signed,
                "start_date": start,
                "end_date": end,
                "terminated_on": terminated,
                "initial_net_gr": value,
                "initial_fee_gr": initial_fee,
                "buyout_net_gr": buyout,
                "installments_count": term,
                "annual_rate_bp": rate_bp,
                "currency": "PLN",
            },
        )
        items = _lease_schedule(
            value, initial_fee, buyout, term, rate_bp, start, terminated, pay_day=rng.choice((10, 15, 20))
        )
        items += self._fees(start, terminated or end, model)
        items += self._policies(contract_id, model, value, start, terminated or end)
        self._invoice_and_pay(contract_id, items)

    def _asset(self, model: cat.AssetModel, start: date) -> int:
        rng = self.rng
        year = start.year - (1 if rng.random() < 0.15 else 0)
        plate = vin = serial = None
        if model.registered:
            plate = _random_plate(rng, self.plate_areas)
            vin = _random_vin(rng, model.wmi or "SUU", year)
        else:
            serial = f"{_ascii(model.make)[:3].upper()}{rng.randint(100_000, 999_999)}-{year % 100:02d}"
        return self.data.add(
            "asset",
            {
                "company_id": self.company_id,
                "kind": model.kind,
                "make": model.make,
                "model": model.model,
                "year": year,
                "registration_number": plate,
                "vin": vin,
                "serial_number": serial,
            },
        )

    def _fees(self, start: date, end: date, model: cat.AssetModel) -> list[dict]:
        rng = self.rng
        fees = []
        if model.registered:
            fees.append(
                _item(ItemKind.FEE, 1, cat.FEES[0][0], start + timedelta(days=14), cat.FEES[0][1], "23")
            )
        for seq in range(2, 2 + (rng.random() < 0.25) + (rng.random() < 0.08)):
            name, amount = rng.choice(cat.FEES[1:])
            day = start + timedelta(days=rng.randint(60, max(61, (end - start).days - 30)))
            fees.append(_item(ItemKind.FEE, seq, name, day, amount, "23"))
        return fees

    def _policies(
        self, contract_id: int, model: cat.AssetModel, value: int, start: date, end: date
    ) -> list[dict]:
        """Yearly policies from the start (the ones already issued); premiums billed by the lessor
        (yearly or monthly) for most contracts, paid directly to the insurer for the rest."""
        rng, today = self.rng, self.today
        group = (
            "vehicle"
            if model.registered
            else ("machine" if model.make in ("JCB", "Komatsu", "Linde", "Volvo CE") else "electronic")
        )
        kind, variants, (low, high) = cat.INSURANCE[group]
        insurer, prefix = rng.choice(cat.INSURERS)
        variant = rng.choice(variants)
        billing = rng.choices(("yearly", "monthly", "direct"), (0.45, 0.3, 0.25))[0]
        items: list[dict] = []
        year = 0
        policy_start = start
        while policy_start < end and policy_start <= max(today, start):
            policy_end = min(add_months(start, 12 * (year + 1)) - timedelta(days=1), end)
            premium = round_grosze(Decimal(value) * Decimal(str(round(rng.uniform(low, high), 4))))
            self.data.add(
                "insurancepolicy",
                {
                    "company_id": self.company_id,
                    "contract_id": contract_id,
                    "number": f"{prefix}{rng.randint(10_000_000, 99_999_999)}",
                    "insurer": insurer,
                    "kind": kind,
                    "variant": variant,
                    "start_date": policy_start,
                    "end_date": policy_end,
                    "premium_gr": premium,
                    "sum_insured_gr": value,
                },
            )
            label = f"Ubezpieczenie {kind} {policy_start.year}/{policy_start.year + 1}"
            if billing == "yearly":
                items.append(_item(ItemKind.INSURANCE, year + 1, label, policy_start, premium, "zw"))
            elif billing == "monthly":
                for month, part in enumerate(split_evenly(premium, 12)):
                    due = add_months(policy_start, month)
                    if due <= policy_end:
                        items.append(
                            _item(
                                ItemKind.INSURANCE,
                                year * 12 + month + 1,
                                f"{label} (rata {month + 1}/12)",
                                due,
                                part,
                                "zw",
                            )
                        )
            year += 1
            policy_start = policy_end + timedelta(days=1)
        return items

    # --- invoices and payments -------------------------------------------------------------------

    def _invoice_and_pay(self, contract_id: int, items: list[dict]) -> None:
        """One invoice per due date for the items already invoiced (issued INVOICE_LEAD_DAYS ahead)."""
        by_due: dict[date, list[dict]] = defaultdict(list)
        for item in items:
            item["company_id"], item["contract_id"] = self.company_id, contract_id
            by_due[item["due_date"]].append(item)
        for due in sorted(by_due):
            group = by_due[due]
            issue = due - timedelta(days=INVOICE_LEAD_DAYS)
            invoice_id = None
            if issue <= self.today:
                invoice_id = self._invoice(contract_id, issue, due, group)
            for item in group:
                item["invoice_id"] = invoice_id
                self.data.add("scheduleitem", item)

    def _invoice(self, contract_id: int, issue: date, due: date, items: list[dict]) -> int:
        gross = sum(i["gross_gr"] for i in items)
        invoice_id = self.data.add(
            "invoice",
            {
                "company_id": self.company_id,
                "contract_id": contract_id,
                "number": "",
                "issue_date": issue,
                "sale_date": issue,
                "due_date": due,
                "net_gr": sum(i["net_gr"] for i in items),
                "vat_gr": sum(i["vat_gr"] for i in items),
                "gross_gr": gross,
                "paid_gr": 0,
                "currency": "PLN",
                "ksef_number": None,
                "corrects_id": None,
                "correction_reason": None,
            },
        )
        paid = 0
        for paid_on, amount in self._payments(issue, due, gross):
            self.data.add(
                "payment",
                {
                    "company_id": self.company_id,
                    "invoice_id": invoice_id,
                    "paid_on": paid_on,
                    "amount_gr": amount,
                    "reference": f"PRZELEW/{paid_on:%Y%m%d}/{invoice_id:07d}",
                },
            )
            paid += amount
        self.data.rows["invoice"][-1]["paid_gr"] = paid
        for item in items:  # payments settle the invoice's items in order
            item["paid_gr"] = min(item["gross_gr"], paid)
            paid -= item["paid_gr"]
        return invoice_id

    def _payments(self, issue: date, due: date, gross: int) -> list[tuple[date, int]]:
        """How this company paid: in full for old invoices (debts get collected), a mix for recent ones."""
        rng, today, late = self.rng, self.today, self.spec.late_payer
        age = (today - due).days
        if age > 180:  # old debts get collected: what is left unpaid is recent
            odds = (1.0, 0.0)
        elif age > 45:
            odds = (0.985 - 0.02 * late, 0.01 + 0.01 * late)
        elif age > 0:
            odds = (0.95 - 0.3 * late, 0.02 + 0.05 * late)
        else:
            odds = (0.2, 0.03)
        roll = rng.random()
        if roll < odds[0]:
            paid_on = min(today, due + timedelta(days=rng.randint(-10, int(3 + 20 * late))))
            paid_on = max(paid_on, issue)
            if gross > 2_000_00 and rng.random() < 0.1:
                first = round_grosze(Decimal(gross) * Decimal("0.5"))
                return [
                    (paid_on, first),
                    (min(today, paid_on + timedelta(days=rng.randint(1, 10))), gross - first),
                ]
            return [(paid_on, gross)]
        if roll < odds[0] + odds[1] and gross > 1_00:
            part = round_grosze(Decimal(gross) * Decimal(str(round(rng.uniform(0.2, 0.8), 2))))
            return [(max(issue, min(today, due + timedelta(days=rng.randint(-5, 10)))), part)]
        return []


def _lease_schedule(
    value: int,
    initial_fee: int,
    buyout: int,
    term: int,
    rate_bp: int,
    start: date,
    terminated: date | None,
    pay_day: int,
) -> list[dict]:
    """Initial fee, `term` annuity installments with a balloon of `buyout`, and the buyout itself.

    Capital parts add up exactly: initial fee + installment capital + buyout = initial net value.
    An early termination replaces the installments after it with a buyout of the remaining capital.
    """
    items = []
    if initial_fee:
        items.append(
            _item(ItemKind.INITIAL_FEE, 1, "Opłata wstępna", start, initial_fee, "23", capital=initial_fee)
        )
    financed = value - initial_fee
    monthly = Decimal(rate_bp) / Decimal(120_000)
    discount = (1 + monthly) ** -term
    installment = round_grosze((Decimal(financed) - Decimal(buyout) * discount) * monthly / (1 - discount))
    balance = financed
    for n in range(1, term + 1):
        due = add_months(start, n, pay_day)
        if terminated is not None and due > terminated:
            items.append(
                _item(ItemKind.BUYOUT, 1, "Wykup przedterminowy", terminated, balance, "23", capital=balance)
            )
            return items
        interest = round_grosze(Decimal(balance) * monthly)
        capital = installment - interest if n < term else balance - buyout
        balance -= capital
        items.append(
            _item(
                ItemKind.INSTALLMENT,
                n,
                f"Rata leasingowa {n}/{term}",
                due,
                capital + interest,
                "23",
                capital=capital,
            )
        )
    items.append(
        _item(
            ItemKind.BUYOUT,
            1,
            "Wykup przedmiotu leasingu",
            add_months(start, term, pay_day) + timedelta(days=14),
            buyout,
            "23",
            capital=buyout,
        )
    )
    return items


def _item(
    kind: ItemKind, seq: int, description: str, due: date, net: int, rate: str, capital: int = 0
) -> dict:
    vat = vat_of(net, rate)
    return {
        "kind": kind.value,
        "seq_no": seq,
        "description": description,
        "due_date": due,
        "net_gr": net,
        "vat_rate": rate,
        "vat_gr": vat,
        "gross_gr": net + vat,
        "capital_gr": capital,
        "paid_gr": 0,
    }


def _corrections(data: DemoData, company_id: int, count: int, rng: random.Random, today: date) -> None:
    """A few corrections (KOR) of paid invoices a month or more old: a 10% discount on the first item."""
    first_item: dict[int, dict] = {}
    for item in data.rows["scheduleitem"]:
        if item["company_id"] == company_id and item["invoice_id"] is not None:
            first_item.setdefault(item["invoice_id"], item)
    candidates = [
        i
        for i in data.rows["invoice"]
        if i["company_id"] == company_id
        and i["corrects_id"] is None
        and 30 <= (today - i["issue_date"]).days <= 400
        and first_item[i["id"]]["net_gr"] >= 100_00
    ]
    for original in rng.sample(candidates, min(count, len(candidates))):
        item = first_item[original["id"]]
        net = -round_grosze(Decimal(item["net_gr"]) / 10)
        vat = vat_of(net, item["vat_rate"])
        issue = original["issue_date"] + timedelta(days=rng.randint(7, 25))
        data.add(
            "invoice",
            {
                **{k: original[k] for k in ("company_id", "contract_id", "currency")},
                "number": "",
                "issue_date": issue,
                "sale_date": issue,
                "due_date": issue + timedelta(days=INVOICE_LEAD_DAYS),
                "net_gr": net,
                "vat_gr": vat,
                "gross_gr": net + vat,
                "paid_gr": 0,
                "ksef_number": None,
                "corrects_id": original["id"],
                "correction_reason": CORRECTION_REASON,
            },
        )


def _number_invoices(data: DemoData, today: date) -> None:
    """Invoice numbers FV/YYYY/MM/NNNNNN (corrections KOR/YYYY/MM/NNNNNN), consecutive per month of issue
    across the lessor's clients; KSeF numbers for all but the last OFFLINE_DAYS' invoices."""
    counters: dict[tuple[str, int, int], int] = defaultdict(int)
    for invoice in sorted(data.rows["invoice"], key=lambda r: (r["issue_date"], r["id"])):
        day = invoice["issue_date"]
        key = ("KOR" if invoice["corrects_id"] else "FV", day.year, day.month)
        counters[key] += 1
        invoice["number"] = f"{key[0]}/{key[1]}/{key[2]:02d}/{counters[key]:06d}"
        if (today - day).days >= OFFLINE_DAYS:
            technical = hashlib.sha256(invoice["number"].encode()).hexdigest()[:12]
            invoice["ksef_number"] = make_ksef_number(DEMO_LESSOR.nip, day, technical)


FED_TABLES = ("company", "contract", "scheduleitem", "invoice", "payment", "insurancepolicy")


def _external_ids(data: DemoData) -> None:
    """The demo core system's ids ("invoice-17") and first record versions: what its feed refers to."""
    for table in FED_TABLES:
        for row in data.rows[table]:
            row["external_id"] = f"{table}-{row['id']}"
            row["record_version"] = 1


def _random_nip(rng: random.Random) -> str:
    while True:
        first9 = f"{rng.randint(1, 9)}{rng.randint(0, 99_999_999):08d}"
        check = nip_check_digit(first9)
        if check is not None:
            return f"{first9}{check}"


def _random_regon(rng: random.Random) -> str:
    first8 = f"{rng.randint(1, 9)}{rng.randint(0, 9_999_999):07d}"
    return f"{first8}{regon_check_digit(first8)}"


def _random_plate(rng: random.Random, areas: tuple[str, ...]) -> str:
    area = rng.choice(areas)
    letters = "ACEFGHJKLMNPRSTUVWXY"
    if len(area) == 2:
        tail = rng.choice(
            (
                f"{rng.randint(10_000, 99_999)}",
                f"{rng.randint(1000, 9999)}{rng.choice(letters)}",
                f"{rng.randint(100, 999)}{rng.choice(letters)}{rng.choice(letters)}",
            )
        )
    else:
        tail = rng.choice(
            (
                f"{rng.randint(1000, 9999)}",
                f"{rng.choice(letters)}{rng.randint(100, 999)}",
                f"{rng.randint(10, 99)}{rng.choice(letters)}{rng.choice(letters)}",
            )
        )
    return f"{area} {tail}"


def _random_vin(rng: random.Random, wmi: str, year: int) -> str:
    year_codes = "ABCDEFGHJKLMNPRSTVWXY123456789"  # model-year letters from 2010
    body = wmi + "".join(rng.choice(VIN_ALPHABET[10:]) for _ in range(5))
    tail = year_codes[(year - 2010) % 30] + rng.choice(VIN_ALPHABET) + f"{rng.randint(0, 999_999):06d}"
    vin = f"{body}0{tail}"
    return f"{body}{vin_check_digit(vin)}{tail}"


def _demo_password(rng: random.Random) -> str:
    """Readable demo passwords that meet a bank's policy: 12+ characters, upper, lower, digit, symbol."""
    first, second = rng.sample(cat.PASSWORD_WORDS, 2)
    return f"{first}{rng.randint(10, 99)}{rng.choice('!#%*')}{second.lower()}{rng.randint(10, 99)}"


def _ascii(text: str) -> str:
    table = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
    return "".join(c for c in text.translate(table) if c in string.ascii_letters + string.digits)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=UTC)
