"""The company's audit log, for its administrators."""

from __future__ import annotations

from typing import TypedDict

import reflex as rx

from ebok_app.accounts.sessions import SignedIn
from ebok_app.i18n import formats
from ebok_app.i18n.catalogues import N_, gettext
from ebok_app.models import AuditEntry
from ebok_app.security import audit
from ebok_app.security.rights import Right
from ebok_app.state.boundary import protected
from ebok_app.state.company_users import NO_RIGHT_PL
from ebok_app.state.transactions import transaction

ACTIONS_PL = {
    "login": N_("logowanie"),
    "lockout": N_("blokada dostępu"),
    "logout": N_("wylogowanie"),
    "logout_everywhere": N_("wylogowanie ze wszystkich sesji"),
    "session_end": N_("zakończenie sesji przez system"),
    "session_reuse": N_("użycie sesji z innego miejsca"),
    "password_set": N_("ustawienie hasła"),
    "password_change": N_("zmiana hasła"),
    "masking_toggle": N_("maskowanie hasła"),
    "unlock_current_password": N_("odblokowanie obecnego hasła"),
    "unlock_new_password": N_("odblokowanie generowania nowego hasła"),
    "password_reset": N_("nadanie nowego hasła tymczasowego"),
    "download_invoice": N_("pobranie faktury (PDF)"),
    "download_invoice_xml": N_("pobranie faktury (XML, KSeF)"),
    "download_invoice_package": N_("pobranie paczki faktur dla księgowego (ZIP)"),
    "einvoice_consent": N_("wybór faktur elektronicznych zamiast papierowych"),
    "export_invoices": N_("eksport listy faktur"),
    "export_forecast": N_("eksport prognozy kosztów"),
    "role_change": N_("zmiana uprawnień"),
    "contact_message": N_("wiadomość z formularza kontaktowego"),
    "contact_take": N_("przyjęcie wiadomości do realizacji"),
    "contact_answer": N_("odpowiedź na wiadomość"),
    "contact_attachment": N_("dołączenie pliku do wiadomości"),
    "contact_attachment_download": N_("pobranie pliku z wiadomości"),
    "activation": N_("aktywacja usługi"),
    "phone_change": N_("zmiana numeru telefonu"),
    "phone_change_request": N_("prośba o zmianę numeru telefonu"),
    "phone_change_start": N_("zmiana numeru telefonu: kod wysłany"),
    "phone_change_approve": N_("akceptacja prośby o zmianę numeru"),
    "phone_change_cancel": N_("anulowanie zmiany numeru telefonu"),
    "phone_change_confirm": N_("potwierdzenie nowego numeru kodem"),
    "auth_change_request": N_("zmiana narzędzia autoryzacji: zlecenie"),
    "auth_change_code": N_("zmiana narzędzia autoryzacji: kod SMS"),
    "auth_change_prove": N_("zmiana narzędzia autoryzacji: obecne narzędzie"),
    "auth_change_complete": N_("zmiana narzędzia autoryzacji: nowe narzędzie"),
    "auth_change_cancel": N_("zmiana narzędzia autoryzacji: anulowanie"),
    "user_deactivate": N_("wyłączenie użytkownika"),
    "staff_login": N_("logowanie pracownika"),
    "staff_lockout": N_("blokada konta pracownika"),
    "staff_logout": N_("wylogowanie pracownika"),
    "staff_session_end": N_("zakończenie sesji pracownika przez system"),
    "staff_session_reuse": N_("użycie sesji pracownika z innego miejsca"),
    "staff_create": N_("dodanie pracownika"),
    "staff_unlock": N_("odblokowanie pracownika"),
    "client_search": N_("wyszukiwanie klientów"),
    "audit_view": N_("podgląd dziennika"),
    "failed_sms_view": N_("podgląd nieudanych SMS"),
    "contact_inbox": N_("skrzynka wiadomości"),
    "event_refused": N_("odmowa operacji (brak uprawnienia lub błędne dane)"),
}
RESULTS_PL = {
    "ok": N_("sukces"),
    "failed": N_("niepowodzenie"),
    "denied": N_("odmowa"),
    "locked": N_("zablokowany"),
    "must_change_password": N_("wymagana zmiana hasła"),
    "idle": N_("brak aktywności"),
    "logout": N_("sukces"),
    "refused": N_("odmowa"),
    "reauth_failed": N_("błędne obecne hasło"),
    "expired": N_("upływ czasu sesji"),
    "agent": N_("inna przeglądarka"),
    "account": N_("konto zablokowane lub wyłączone"),
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
        "at": formats.moment(entry.at, seconds=True),
        "actor": actor,
        "action": gettext(ACTIONS_PL.get(entry.action, entry.action)),
        "result": gettext(RESULTS_PL.get(entry.result, entry.result)),
        "ok": entry.result in ("ok", "logout"),
        "ip": entry.ip or "—",
    }


class AuditLogState(rx.State):
    entries: list[AuditRow] = []
    error: str = ""

    def _refused(self, right: Right) -> None:
        self.error, self.entries = gettext(NO_RIGHT_PL), []

    @protected(Right.READ_AUDIT)
    def load(self, info: SignedIn):
        self.error = ""
        with transaction() as session:
            rows = audit.company_entries(session, company_id=info.company_id)
            self.entries = [audit_row(e, e.actor) for e in rows]
        return None
