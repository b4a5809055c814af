"""Who may do what: one table of rights for the client roles and the staff rights, read by the event
boundary (state/boundary.py) before any handler runs, and shown to company administrators.

A client's role (models.Role) and an employee's rights (models.StaffRight) each grant a set of rights;
every protected event handler declares the one right it needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TypedDict

from ebok_app.models import Role, StaffRight


class Right(StrEnum):
    # client rights
    VIEW = "view"  # dashboard, contracts, invoices (and their PDF), installments, policies
    EXPORT = "export"  # CSV/XLSX lists
    FORECAST = "forecast"  # the cost forecast and its what-if
    PAY = "pay"  # paying invoices online
    BUYOUT = "buyout"  # a contract's buyout quote and the request to buy out
    SEND_REQUESTS = "send_requests"  # requests from the catalogue (abroad, balance, ...) and completing them
    OWN_ACCOUNT = "own_account"  # own profile, password, masking, SMS notifications
    WRITE_MESSAGES = "write_messages"  # the contact form and its attachments
    MANAGE_USERS = "manage_users"  # colleagues' roles
    SET_PHONES = "set_phones"  # colleagues' SMS numbers and authorisation tools
    UNLOCK = "unlock"  # unlock a colleague's password
    READ_AUDIT = "read_audit"  # the company's audit log
    # staff rights
    ACTIVATE_COMPANIES = "activate_companies"
    SEARCH_CLIENTS = "search_clients"
    UNLOCK_USERS = "unlock_users"
    CHANGE_PHONES = "change_phones"
    DEACTIVATE_USERS = "deactivate_users"
    ANSWER_MESSAGES = "answer_messages"
    HANDLE_REQUESTS = "handle_requests"
    READ_ALL_AUDIT = "read_all_audit"
    READ_FAILED_SMS = "read_failed_sms"

    @property
    def for_staff(self) -> bool:
        return self in STAFF_RIGHTS


CLIENT_RIGHTS: tuple[Right, ...] = (
    Right.VIEW,
    Right.EXPORT,
    Right.FORECAST,
    Right.PAY,
    Right.BUYOUT,
    Right.SEND_REQUESTS,
    Right.OWN_ACCOUNT,
    Right.WRITE_MESSAGES,
    Right.MANAGE_USERS,
    Right.SET_PHONES,
    Right.UNLOCK,
    Right.READ_AUDIT,
)
STAFF_RIGHTS: frozenset[Right] = frozenset(Right) - frozenset(CLIENT_RIGHTS)

_EVERY_USER = frozenset({Right.VIEW, Right.OWN_ACCOUNT, Right.WRITE_MESSAGES})
_FINANCE = _EVERY_USER | {Right.EXPORT, Right.FORECAST, Right.PAY, Right.BUYOUT, Right.SEND_REQUESTS}

ROLE_RIGHTS: dict[Role, frozenset[Right]] = {
    Role.ADMIN: _FINANCE | {Right.MANAGE_USERS, Right.SET_PHONES, Right.UNLOCK, Right.READ_AUDIT},
    Role.FINANCE: _FINANCE,
    Role.VIEWER: _EVERY_USER,
}

STAFF_RIGHT_GRANTS: dict[StaffRight, frozenset[Right]] = {
    StaffRight.ACTIVATE: frozenset({Right.ACTIVATE_COMPANIES}),
    StaffRight.HELPDESK: frozenset(
        {
            Right.SEARCH_CLIENTS,
            Right.UNLOCK_USERS,
            Right.CHANGE_PHONES,
            Right.DEACTIVATE_USERS,
            Right.ANSWER_MESSAGES,
            Right.HANDLE_REQUESTS,
            Right.READ_ALL_AUDIT,
            Right.READ_FAILED_SMS,
        }
    ),
}

RIGHT_LABELS_PL: dict[Right, str] = {
    Right.VIEW: "Przeglądanie umów, faktur, rat i polis",
    Right.EXPORT: "Eksport list do CSV i XLSX",
    Right.FORECAST: "Prognoza kosztów",
    Right.PAY: "Płatności online za faktury",
    Right.BUYOUT: "Wycena wykupu i prośba o wykup",
    Right.SEND_REQUESTS: "Składanie wniosków (zgoda na wyjazd, saldo, duplikat, zmiany)",
    Right.OWN_ACCOUNT: "Własny profil, hasło i powiadomienia",
    Right.WRITE_MESSAGES: "Wiadomości do HelpDesku",
    Right.MANAGE_USERS: "Zmiana uprawnień użytkowników",
    Right.SET_PHONES: "Numery telefonów i narzędzia autoryzacji użytkowników",
    Right.UNLOCK: "Odblokowanie i nadawanie haseł użytkownikom",
    Right.READ_AUDIT: "Dziennik zdarzeń firmy",
    Right.ACTIVATE_COMPANIES: "Aktywacja firm",
    Right.SEARCH_CLIENTS: "Wyszukiwanie klientów",
    Right.UNLOCK_USERS: "Odblokowanie haseł klientów",
    Right.CHANGE_PHONES: "Zmiana numerów telefonów i narzędzi autoryzacji",
    Right.DEACTIVATE_USERS: "Wyłączanie użytkowników",
    Right.ANSWER_MESSAGES: "Odpowiadanie na wiadomości",
    Right.HANDLE_REQUESTS: "Obsługa wniosków klientów",
    Right.READ_ALL_AUDIT: "Dziennik zdarzeń wszystkich firm",
    Right.READ_FAILED_SMS: "Nieudane SMS",
}


def role_has(role: str, right: Right) -> bool:
    """Whether a client user of `role` holds `right` (an unknown role holds nothing)."""
    try:
        return right in ROLE_RIGHTS[Role(role)]
    except ValueError:
        return False


def staff_has(staff_rights: Iterable[str], right: Right) -> bool:
    """Whether an employee with the StaffRight values `staff_rights` holds `right`."""
    known = {r.value for r in StaffRight}
    return any(right in STAFF_RIGHT_GRANTS[StaffRight(v)] for v in staff_rights if v in known)


class RoleRights(TypedDict):
    """One right and whether each role has it (the keys are the values of models.Role)."""

    right: str
    admin: bool
    finance: bool
    viewer: bool


def role_table() -> list[RoleRights]:
    """The client rights × roles, for the administrators' page: one row per right, a flag per role."""
    return [
        {
            "right": RIGHT_LABELS_PL[right],
            "admin": right in ROLE_RIGHTS[Role.ADMIN],
            "finance": right in ROLE_RIGHTS[Role.FINANCE],
            "viewer": right in ROLE_RIGHTS[Role.VIEWER],
        }
        for right in CLIENT_RIGHTS
    ]
