"""The feed's record kinds (format 1, see docs/feed.md): each raw record, from a JSON line or a CSV row,
is read field by field into the values of its table, or into the problems that name field and reason.

Pure Python: nothing here touches the database. References to other records (a contract's company, a
payment's invoice) stay external ids here; `ingest.batch` resolves them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from ebok_app.models import ItemKind, LeaseType
from ebok_app.portfolio.identifiers import is_valid_nip, is_valid_regon
from ebok_app.portfolio.money import VAT_RATES

FORMAT_VERSIONS = (1,)
MAX_TEXT = 200
AMOUNT_RE = re.compile(r"^\d{1,13}(\.\d+)?$")


class FieldError(ValueError):
    """A field's value that the feed format does not allow; the message is the reason."""


@dataclass(frozen=True)
class Problem:
    """Why a record (1-based position in the batch) or the batch as a whole (record 0) was refused."""

    record: int
    kind: str
    external_id: str
    field: str
    reason: str

    def as_dict(self) -> dict:
        return {
            "record": self.record,
            "kind": self.kind,
            "id": self.external_id,
            "field": self.field,
            "reason": self.reason,
        }

    def __str__(self) -> str:
        where = f"record {self.record}" if self.record else "batch"
        name = f" {self.kind} {self.external_id!r}" if self.kind else ""
        return f"{where}{name}, field {self.field}: {self.reason}"


@dataclass
class Record:
    """One record read from the feed: its table values and its references by external id."""

    position: int
    kind: str
    external_id: str
    version: int
    values: dict[str, object] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)  # reference field -> external id


# --- field readers ------------------------------------------------------------------------------


def text(value: object, max_length: int = MAX_TEXT) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise FieldError("must be text")
    result = str(value).strip()
    if not result:
        raise FieldError("must not be empty")
    if len(result) > max_length:
        raise FieldError(f"longer than {max_length} characters")
    return result


def integer(value: object, low: int = 0, high: int = 10**9) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise FieldError("must be a whole number")
    if isinstance(value, str):
        if not re.fullmatch(r"-?\d{1,12}", value.strip()):
            raise FieldError("must be a whole number")
        value = int(value)
    if not low <= value <= high:
        raise FieldError(f"must be between {low} and {high}")
    return value


def day(value: object) -> date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise FieldError("must be a date as YYYY-MM-DD")
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise FieldError(f"not a date of the calendar ({exc})") from exc


def amount(value: object) -> int:
    """An amount in PLN ("1234.56" or a JSON number) as grosze; more than two decimals is refused."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FieldError("must be an amount in PLN such as 1234.56")
    written = repr(value) if isinstance(value, float) else str(value).strip()
    if not AMOUNT_RE.fullmatch(written):
        raise FieldError("must be an amount in PLN such as 1234.56 (not negative)")
    try:
        parsed = Decimal(written)
    except InvalidOperation as exc:
        raise FieldError("must be an amount in PLN such as 1234.56") from exc
    if parsed.as_tuple().exponent < -2:  # type: ignore[operator]
        raise FieldError("has more than two decimals")
    return int(parsed * 100)


def one_of(allowed: tuple[str, ...]) -> Callable[[object], str]:
    def read(value: object) -> str:
        result = text(value, 20)
        if result not in allowed:
            raise FieldError(f"must be one of {', '.join(allowed)}")
        return result

    return read


def digits(length: tuple[int, ...], check: Callable[[str], bool] | None = None) -> Callable[[object], str]:
    def read(value: object) -> str:
        result = text(value, 20).replace("-", "").replace(" ", "")
        if not result.isdigit() or len(result) not in length:
            raise FieldError(f"must be {' or '.join(map(str, length))} digits")
        if check is not None and not check(result):
            raise FieldError("has a wrong check digit")
        return result

    return read


def postal_code(value: object) -> str:
    result = text(value, 6)
    if not re.fullmatch(r"\d{2}-\d{3}", result):
        raise FieldError("must be a Polish postal code such as 00-950")
    return result


def currency(value: object) -> str:
    result = text(value, 3)
    if result != "PLN":
        raise FieldError("only PLN is supported")
    return result


def short(max_length: int) -> Callable[[object], str]:
    return lambda value: text(value, max_length)


def year(value: object) -> int:
    return integer(value, 1950, 2100)


# --- record kinds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """A field of a kind: its name in the feed, its column, its reader, whether it may be left out."""

    name: str
    reader: Callable[[object], object]
    column: str | None = None  # default: the same as the name
    optional: bool = False
    default: object = None


KINDS: dict[str, tuple[Spec, ...]] = {
    "company": (
        Spec("millekod", digits(tuple(range(4, 11)))),
        Spec("name", short(200)),
        Spec("nip", digits((10,), is_valid_nip)),
        Spec("regon", digits((9, 14), is_valid_regon)),
        Spec("street", short(200)),
        Spec("postal_code", postal_code),
        Spec("city", short(100)),
    ),
    "contract": (
        Spec("number", short(32)),
        Spec("lease_type", one_of(tuple(LeaseType))),
        Spec("signed_on", day),
        Spec("start_date", day),
        Spec("end_date", day),
        Spec("terminated_on", day, optional=True),
        Spec("initial_net", amount, "initial_net_gr"),
        Spec("initial_fee", amount, "initial_fee_gr", optional=True, default=0),
        Spec("buyout_net", amount, "buyout_net_gr", optional=True, default=0),
        Spec("installments_count", lambda v: integer(v, 1, 600)),
        Spec("annual_rate_bp", lambda v: integer(v, 0, 10_000)),
        Spec("currency", currency, optional=True, default="PLN"),
        Spec("asset_kind", short(60), "asset.kind"),
        Spec("asset_make", short(60), "asset.make"),
        Spec("asset_model", short(80), "asset.model"),
        Spec("asset_year", year, "asset.year"),
        Spec("asset_registration_number", short(10), "asset.registration_number", optional=True),
        Spec("asset_vin", short(17), "asset.vin", optional=True),
        Spec("asset_serial_number", short(40), "asset.serial_number", optional=True),
    ),
    "invoice": (
        Spec("number", short(32)),
        Spec("issue_date", day),
        Spec("sale_date", day),
        Spec("due_date", day),
        Spec("net", amount, "net_gr"),
        Spec("vat", amount, "vat_gr"),
        Spec("gross", amount, "gross_gr"),
        Spec("currency", currency, optional=True, default="PLN"),
    ),
    "schedule_item": (
        Spec("item_kind", one_of(tuple(ItemKind)), "kind"),
        Spec("seq_no", lambda v: integer(v, 1, 10_000)),
        Spec("description", short(120)),
        Spec("due_date", day),
        Spec("net", amount, "net_gr"),
        Spec("vat_rate", one_of(tuple(VAT_RATES))),
        Spec("vat", amount, "vat_gr"),
        Spec("gross", amount, "gross_gr"),
        Spec("capital", amount, "capital_gr", optional=True, default=0),
    ),
    "payment": (
        Spec("paid_on", day),
        Spec("amount", amount, "amount_gr"),
        Spec("reference", short(64)),
    ),
    "policy": (
        Spec("number", short(40)),
        Spec("insurer", short(80)),
        Spec("policy_kind", short(80), "kind"),
        Spec("variant", short(80)),
        Spec("start_date", day),
        Spec("end_date", day),
        Spec("premium", amount, "premium_gr"),
        Spec("sum_insured", amount, "sum_insured_gr", optional=True, default=0),
    ),
}
# reference fields of each kind: field -> (kind referred to, may it be left out)
REFERENCES: dict[str, dict[str, tuple[str, bool]]] = {
    "company": {},
    "contract": {"company": ("company", False)},
    "invoice": {"contract": ("contract", False)},
    "schedule_item": {"contract": ("contract", False), "invoice": ("invoice", True)},
    "payment": {"invoice": ("invoice", False)},
    "policy": {"contract": ("contract", False)},
}
COMMON_FIELDS = ("format", "kind", "id", "record_version")
DATE_ORDER = {  # (earlier, later) fields of a kind
    "contract": (("signed_on", "end_date"), ("start_date", "end_date")),
    "invoice": (("issue_date", "due_date"),),
    "policy": (("start_date", "end_date"),),
}


def read_record(position: int, raw: Mapping[str, object]) -> tuple[Record | None, list[Problem]]:
    """Read one raw record; a record with any problem comes back as None with all its problems."""
    kind = raw.get("kind")
    external_id = str(raw.get("id", ""))[:64]

    def problem(name: str, reason: str) -> Problem:
        return Problem(position, str(kind or ""), external_id, name, reason)

    if raw.get("format") not in FORMAT_VERSIONS and str(raw.get("format")) not in map(str, FORMAT_VERSIONS):
        return None, [problem("format", f"unsupported feed format; this portal reads {FORMAT_VERSIONS}")]
    if kind not in KINDS:
        return None, [problem("kind", f"unknown record kind; one of {', '.join(KINDS)}")]
    problems: list[Problem] = []
    try:
        external_id = text(raw.get("id"), 64) if raw.get("id") is not None else ""
        if not external_id:
            raise FieldError("is required")
    except FieldError as exc:
        problems.append(problem("id", str(exc)))
    version = 0
    try:
        version = integer(raw.get("record_version", ""), 1, 2**62)
    except FieldError as exc:
        problems.append(problem("record_version", str(exc)))
    record = Record(position, str(kind), external_id, version)
    for spec in KINDS[str(kind)]:
        value = raw.get(spec.name)
        if value is None or value == "":
            if not spec.optional:
                problems.append(problem(spec.name, "is required"))
            else:
                record.values[spec.column or spec.name] = spec.default
            continue
        try:
            record.values[spec.column or spec.name] = spec.reader(value)
        except FieldError as exc:
            problems.append(problem(spec.name, str(exc)))
    for name, (_, optional) in REFERENCES[str(kind)].items():
        value = raw.get(name)
        if value is None or value == "":
            if not optional:
                problems.append(problem(name, "is required"))
            continue
        try:
            record.refs[name] = text(value, 64)
        except FieldError as exc:
            problems.append(problem(name, str(exc)))
    known = {spec.name for spec in KINDS[str(kind)]} | set(REFERENCES[str(kind)]) | set(COMMON_FIELDS)
    problems += [problem(name, "is not a field of this kind") for name in raw if name not in known]
    problems += _consistency(record, problem)
    return (None, problems) if problems else (record, [])


def _consistency(record: Record, problem: Callable[[str, str], Problem]) -> list[Problem]:
    values, found = record.values, []
    for earlier, later in DATE_ORDER.get(record.kind, ()):
        first, second = values.get(earlier), values.get(later)
        if isinstance(first, date) and isinstance(second, date) and second < first:
            found.append(problem(later, f"is before {earlier}"))
    net, vat, gross = (values.get(k) for k in ("net_gr", "vat_gr", "gross_gr"))
    summed = isinstance(net, int) and isinstance(vat, int) and isinstance(gross, int)
    if record.kind in ("invoice", "schedule_item") and summed and net + vat != gross:  # type: ignore[operator]
        found.append(problem("gross", "is not net + vat"))
    if record.kind == "payment" and values.get("amount_gr") == 0:
        found.append(problem("amount", "must be more than 0"))
    return found


def write_record(
    kind: str, external_id: str, version: int, values: Mapping[str, object], **refs: str
) -> dict:
    """A feed record (format 1) of `kind` from table values (columns as in `KINDS`): what the core
    system would send; the inverse of `read_record`, for demo feeds and tests."""
    record: dict[str, object] = {"format": FORMAT_VERSIONS[-1], "kind": kind, "id": external_id}
    record["record_version"] = version
    for spec in KINDS[kind]:
        value = values.get(spec.column or spec.name)
        if value is None:
            continue
        if spec.reader is amount:
            value = f"{int(value) // 100}.{int(value) % 100:02d}"  # type: ignore[call-overload]
        elif isinstance(value, date):
            value = value.isoformat()
        record[spec.name] = value
    return record | {name: target for name, target in refs.items() if target}
