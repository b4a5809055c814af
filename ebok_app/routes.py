"""Every route of the portal and the sections of the navigation, in one place."""

from __future__ import annotations

from dataclasses import dataclass

DASHBOARD = "/"
CONTRACTS = "/umowy"
CONTRACT = "/umowy/[contract_id]"
INVOICES = "/faktury"
INSTALLMENTS = "/raty"
FORECAST = "/prognoza"
INSURANCE = "/ubezpieczenia"
NOTIFICATIONS = "/powiadomienia"
PROFILE = "/profil"
LOGIN = "/logowanie"
COMPANY_USERS = "/uzytkownicy"
AUDIT_LOG = "/dziennik"
DEMO_SMS = "/demo/sms"
DEMO_TOKEN = "/demo/token"
CONTACT = "/kontakt"
REQUESTS = "/wnioski"
ACCESSIBILITY = "/dostepnosc"
STAFF_LOGIN = "/obsluga/logowanie"
STAFF_CLIENTS = "/obsluga"
STAFF_ACTIVATION = "/obsluga/aktywacja"
STAFF_MESSAGES = "/obsluga/wiadomosci"
STAFF_REQUESTS = "/obsluga/wnioski"
STAFF_AUDIT = "/obsluga/dziennik"
STAFF_FAILED_SMS = "/obsluga/sms"
HELP = "/pomoc"  # public: the FAQ, before and after log-in
TERMS = "/regulamin"  # public: the current service terms
TERMS_ACCEPT = "/regulamin/akceptacja"  # after log-in, while the current terms are not accepted


def contract(contract_id: int) -> str:
    """The address of one contract's page (CONTRACT with its id)."""
    return CONTRACT.replace("[contract_id]", str(int(contract_id)))


def requests(kind: str = "", contract_id: int | None = None) -> str:
    """The requests page with a type and a contract chosen (from a contract's page)."""
    params = [f"rodzaj={kind}"] if kind else []
    params += [f"umowa={int(contract_id)}"] if contract_id else []
    return REQUESTS + ("?" + "&".join(params) if params else "")


def login(reason: str = "") -> str:
    """The log-in page, with why the tab was sent there (`powod`: sesja, wylogowano, bezczynnosc)."""
    return f"{LOGIN}?powod={reason}" if reason else LOGIN


def staff_login(reason: str = "") -> str:
    return f"{STAFF_LOGIN}?powod={reason}" if reason else STAFF_LOGIN


@dataclass(frozen=True)
class Section:
    route: str
    label: str
    icon: str  # lucide icon name
    lead: str  # one sentence under the page title


SECTIONS: tuple[Section, ...] = (
    Section(DASHBOARD, "Pulpit", "layout-dashboard", "Wszystko, co wymaga Twojej uwagi, w jednym miejscu."),
    Section(
        CONTRACTS,
        "Umowy",
        "file-text",
        "Lista umów leasingu z harmonogramami, fakturami i polisami każdej umowy.",
    ),
    Section(
        INVOICES,
        "Faktury",
        "receipt",
        "Faktury elektroniczne do wszystkich umów, gotowe do pobrania.",
    ),
    Section(
        INSTALLMENTS,
        "Raty",
        "calendar-clock",
        "Uporządkowane zestawienie rat do wszystkich Twoich umów.",
    ),
    Section(
        FORECAST,
        "Prognoza kosztów",
        "chart-line",
        "Jakie wydatki czekają Twoją firmę w związku z zawartymi umowami leasingu.",
    ),
    Section(
        INSURANCE,
        "Ubezpieczenia",
        "shield-check",
        "Polisy przedmiotów leasingu i terminy ich ważności.",
    ),
    Section(
        NOTIFICATIONS,
        "Powiadomienia",
        "bell",
        "Powiadomienia SMS o fakturach na Twój numer telefonu komórkowego.",
    ),
    Section(
        REQUESTS,
        "Wnioski",
        "clipboard-list",
        "Zgoda na wyjazd za granicę, potwierdzenie salda, duplikat faktury, zmiany w umowie: "
        "złóż wniosek i śledź jego status.",
    ),
    Section(
        CONTACT,
        "Kontakt",
        "mail",
        "Napisz do nas w sprawie umowy; odpowiedź zobaczysz tutaj.",
    ),
    Section(
        PROFILE,
        "Profil",
        "user-round",
        "Twoje dane, ustawienia haseł i historia logowań.",
    ),
)


ADMIN_SECTIONS: tuple[Section, ...] = (
    Section(
        COMPANY_USERS,
        "Użytkownicy",
        "users",
        "Użytkownicy Twojej firmy: stan dostępu, uprawnienia, odblokowanie hasła.",
    ),
    Section(
        AUDIT_LOG,
        "Dziennik zdarzeń",
        "scroll-text",
        "Rejestr operacji wykonanych przez użytkowników Twojej firmy.",
    ),
)


STAFF_SECTIONS: tuple[Section, ...] = (
    Section(STAFF_CLIENTS, "Klienci", "search", "Wyszukaj firmę lub użytkownika i pomóż mu."),
    Section(
        STAFF_ACTIVATION,
        "Aktywacja",
        "signature",
        "Aktywacja usługi na podstawie podpisanego Wniosku o Konfigurację użytkowników.",
    ),
    Section(STAFF_MESSAGES, "Wiadomości", "inbox", "Wiadomości z formularza kontaktowego."),
    Section(
        STAFF_REQUESTS, "Wnioski", "clipboard-list", "Wnioski klientów: przyjmij, odpowiedz, dołącz dokument."
    ),
    Section(STAFF_AUDIT, "Dziennik", "scroll-text", "Dziennik zdarzeń wszystkich firm i pracowników."),
    Section(STAFF_FAILED_SMS, "Nieudane SMS", "message-square-x", "SMS-y, których nie udało się dostarczyć."),
)


def section(route: str) -> Section:
    return next(s for s in SECTIONS + ADMIN_SECTIONS + STAFF_SECTIONS if s.route == route)
