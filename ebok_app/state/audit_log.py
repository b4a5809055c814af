"""The company's audit log, for its administrators."""

from __future__ import annotations

from typing import TypedDict

import reflex as rx

from ebok_app.accounts.sessions import SignedIn
from ebok_app.models import AuditEntry
from ebok_app.portfolio.formatting import format_moment
from ebok_app.security import audit
from ebok_app.security.rights import Right
from ebok_app.state.boundary import protected
from ebok_app.state.company_users import NO_RIGHT_PL
from ebok_app.state.transactions import transaction

ACTIONS_PL = {
    "login": "logowanie",
    "lockout": "blokada dostępu",
    "logout": "wylogowanie",
    "logout_everywhere": "wylogowanie ze wszystkich sesji",
    "session_end": "zakończenie sesji przez system",
    "session_reuse": "użycie sesji z innego miejsca",
    "password_set": "ustawienie hasła",
    "password_change": "zmiana hasła",
    "masking_toggle": "maskowanie hasła",
    "unlock_current_password": "odblokowanie obecnego hasła",
    "unlock_new_password": "odblokowanie generowania nowego hasła",
    "password_reset": "nadanie nowego hasła tymczasowego",
    "download_invoice": "pobranie faktury (PDF)",
    "download_invoice_xml": "pobranie faktury (XML, KSeF)",
    "download_invoice_package": "pobranie paczki faktur dla księgowego (ZIP)",
    "einvoice_consent": "wybór faktur elektronicznych zamiast papierowych",
    "export_invoices": "eksport listy faktur",
    "export_forecast": "eksport prognozy kosztów",
    "role_change": "zmiana uprawnień",
    "contact_message": "wiadomość z formularza kontaktowego",
    "contact_take": "przyjęcie wiadomości do realizacji",
    "contact_answer": "odpowiedź na wiadomość",
    "contact_attachment": "dołączenie pliku do wiadomości",
    "contact_attachment_download": "pobranie pliku z wiadomości",
    "activation": "aktywacja usługi",
    "phone_change": "zmiana numeru telefonu",
    "phone_change_request": "prośba o zmianę numeru telefonu",
    "phone_change_start": "zmiana numeru telefonu: kod wysłany",
    "phone_change_approve": "akceptacja prośby o zmianę numeru",
    "phone_change_cancel": "anulowanie zmiany numeru telefonu",
    "phone_change_confirm": "potwierdzenie nowego numeru kodem",
    "auth_change_request": "zmiana narzędzia autoryzacji: zlecenie",
    "auth_change_code": "zmiana narzędzia autoryzacji: kod SMS",
    "auth_change_prove": "zmiana narzędzia autoryzacji: obecne narzędzie",
    "auth_change_complete": "zmiana narzędzia autoryzacji: nowe narzędzie",
    "auth_change_cancel": "zmiana narzędzia autoryzacji: anulowanie",
    "user_deactivate": "wyłączenie użytkownika",
    "staff_login": "logowanie pracownika",
    "staff_lockout": "blokada konta pracownika",
    "staff_logout": "wylogowanie pracownika",
    "staff_session_end": "zakończenie sesji pracownika przez system",
    "staff_session_reuse": "użycie sesji pracownika z innego miejsca",
    "staff_create": "dodanie pracownika",
    "staff_unlock": "odblokowanie pracownika",
    "client_search": "wyszukiwanie klientów",
    "audit_view": "podgląd dziennika",
    "failed_sms_view": "podgląd nieudanych SMS",
    "contact_inbox": "skrzynka wiadomości",
    "event_refused": "odmowa operacji (brak uprawnienia lub błędne dane)",
}
RESULTS_PL = {
    "ok": "sukces",
    "failed": "niepowodzenie",
    "denied": "odmowa",
    "locked": "zablokowany",
    "must_change_password": "wymagana zmiana hasła",
    "idle": "brak aktywności",
    "logout": "sukces",
    "refused": "odmowa",
    "reauth_failed": "błędne obecne hasło",
    "expired": "upływ czasu sesji",
    "agent": "inna przeglądarka",
    "account": "konto zablokowane lub wyłączone",
}


class AuditRow(TypedDict):
    at: str
    actor: str
    action: str
    result: str
    ok: bool  # the result's badge is green
    ip: str


class StaffAuditRow(AuditRow):
    millekod: str


def audit_row(entry: AuditEntry, actor: str) -> AuditRow:
    return {
        "at": format_moment(entry.at, seconds=True),
        "actor": actor,
        "action": ACTIONS_PL.get(entry.action, entry.action),
        "result": RESULTS_PL.get(entry.result, entry.result),
        "ok": entry.result in ("ok", "logout"),
        "ip": entry.ip or "—",
    }


class AuditLogState(rx.State):
    entries: list[AuditRow] = []
    error: str = ""

    def _refused(self, right: Right) -> None:
        self.error, self.entries = NO_RIGHT_PL, []

    @protected(Right.READ_AUDIT)
    def load(self, info: SignedIn):
        self.error = ""
        with transaction() as session:
            rows = audit.company_entries(session, company_id=info.company_id)
            self.entries = [audit_row(e, e.actor) for e in rows]
        return None
