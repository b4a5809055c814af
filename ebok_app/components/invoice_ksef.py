"""What both invoice lists (Faktury and a contract's tab) show of KSeF: the KSeF number (or OFFLINE),
corrections, PDF / XML / KOD I / transfer title (buttons in a card, one menu in a table row), and the
KOD I link panel."""

from __future__ import annotations

import reflex as rx

from ebok_app import theme
from ebok_app.state.invoices import ContractInvoiceRow
from ebok_app.state.invoices import InvoicesState as S


def ksef_number(r: rx.Var[ContractInvoiceRow]) -> rx.Component:
    return rx.cond(
        r["offline"],
        rx.tooltip(
            rx.badge("OFFLINE", color_scheme="gray", variant="outline", size="1"),
            content="Faktura czeka na numer KSeF",
        ),
        # on two lines, "NIP-date-" / "technical part-checksum": a 35-character number in one line would
        # widen every table past a laptop's screen (Chromium never breaks it at its hyphens)
        rx.vstack(
            rx.text(r["ksef_head"], size="1", font_family="monospace", white_space="nowrap"),
            rx.text(r["ksef_tail"], size="1", font_family="monospace", white_space="nowrap"),
            spacing="0",
            data_testid="ksef-number",
        ),
    )


def corrections(r: rx.Var[ContractInvoiceRow]) -> rx.Component:
    """A correction names the invoice it corrects; an invoice names its (latest) correction."""
    return rx.fragment(
        rx.cond(
            r["corrects"] != "",
            rx.badge("korekta faktury " + r["corrects"], color_scheme="violet", size="1"),
        ),
        rx.cond(
            r["corrected_by"] != "",
            rx.badge("skorygowana: " + r["corrected_by"], color_scheme="amber", size="1"),
        ),
    )


def _icon_button(icon: str, label: rx.Var[str], on_click: rx.EventSpec, text: str = "") -> rx.Component:
    return rx.tooltip(
        rx.button(
            rx.icon(icon, size=14),
            text,
            size="1",
            variant="soft",
            on_click=on_click,
            aria_label=label,
        ),
        content=label,
    )


def _copy_title(r: rx.Var[ContractInvoiceRow]) -> list[rx.EventSpec]:
    return [rx.set_clipboard(r["transfer_title"]), rx.toast.success("Skopiowano tytuł przelewu")]


def actions(r: rx.Var[ContractInvoiceRow]) -> rx.Component:
    """PDF, XML, the KOD I link and the transfer title as buttons (a phone's card has room for them)."""
    number = r["number"]
    return rx.hstack(
        _icon_button("file-down", "Pobierz PDF faktury " + number, S.download_pdf(r["id"]), "PDF"),
        _icon_button("file-code", "Pobierz XML (KSeF) faktury " + number, S.download_xml(r["id"]), "XML"),
        _icon_button(
            "shield-check", "Link weryfikacyjny KSeF faktury " + number, S.show_verification(r["id"])
        ),
        _icon_button("copy", "Kopiuj tytuł przelewu: " + r["transfer_title"], _copy_title(r)),
        spacing="1",
        wrap="wrap",
        data_testid="invoice-actions",
    )


def _menu_item(icon: str, text: str, on_select) -> rx.Component:
    return rx.dropdown_menu.item(rx.icon(icon, size=14, aria_hidden="true"), text, on_select=on_select)


def actions_menu(r: rx.Var[ContractInvoiceRow]) -> rx.Component:
    """The same four as one button of a table row (one line however narrow the column): a menu that
    Enter, Space or the arrow keys open, named after the invoice for screen readers."""
    number = r["number"]
    return rx.dropdown_menu.root(
        rx.dropdown_menu.trigger(
            rx.button(
                rx.icon("ellipsis", size=16),
                size="1",
                variant="soft",
                aria_label="Pliki i KSeF faktury " + number,
                title="PDF, XML, link KSeF, tytuł przelewu",
                data_testid="invoice-menu",
            )
        ),
        rx.dropdown_menu.content(
            _menu_item("file-down", "Pobierz PDF", S.download_pdf(r["id"])),
            _menu_item("file-code", "Pobierz XML (KSeF)", S.download_xml(r["id"])),
            _menu_item("shield-check", "Link weryfikacyjny KSeF (KOD I)", S.show_verification(r["id"])),
            _menu_item("copy", "Kopiuj tytuł przelewu", _copy_title(r)),
            size="1",
            align="end",
        ),
        modal=False,
    )


def transfer_title(r: rx.Var[ContractInvoiceRow]) -> rx.Component:
    """The ready transfer title, for the phone's card."""
    return rx.hstack(
        rx.text("Tytuł przelewu:", size="1", color=theme.MUTED),
        rx.text(r["transfer_title"], size="1", font_family="monospace", word_break="break-all"),
        spacing="1",
        align="baseline",
    )


def verification_panel() -> rx.Component:
    """The KOD I link of the chosen invoice: open it, or copy it."""
    link = S.verification.get("link", "")
    return rx.cond(
        S.verification.contains("link"),
        rx.callout.root(
            rx.callout.icon(rx.icon("shield-check")),
            rx.vstack(
                rx.text(
                    "Link weryfikacyjny KSeF (KOD I) faktury " + S.verification.get("number", ""),
                    weight="medium",
                    size="2",
                ),
                rx.link(link, href=link, is_external=True, size="1", word_break="break-all"),
                rx.hstack(
                    rx.button(
                        rx.icon("copy", size=14),
                        "Kopiuj link",
                        size="1",
                        variant="soft",
                        on_click=[rx.set_clipboard(link), rx.toast.success("Skopiowano link")],
                    ),
                    rx.button("Zamknij", size="1", variant="ghost", on_click=S.hide_verification),
                    spacing="2",
                ),
                spacing="1",
                width="100%",
            ),
            color_scheme="green",
            width="100%",
            margin_bottom="12px",
            data_testid="verification-panel",
        ),
    )
