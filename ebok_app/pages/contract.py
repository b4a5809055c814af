"""Umowa: the contract and its asset, then tabs with the schedule (installments, fees, insurance),
the invoices and the policies of this contract."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components import invoice_ksef
from ebok_app.components.feedback import error_callout, success_callout
from ebok_app.components.listing import (
    PAYMENT_STATUS_CHOICES,
    card_facts,
    choice_filter,
    desktop_only,
    labelled,
    overdue_mark,
    phone_only,
    scroll_region,
    status_badge,
)
from ebok_app.components.shell import card, shell
from ebok_app.components.translated import t
from ebok_app.state.buyout_quote import BuyoutQuoteState as Q
from ebok_app.state.contract import SCHEDULE_KIND_CHOICES, ContractPolicyRow
from ebok_app.state.contract import ContractState as S
from ebok_app.state.installments import ItemRow
from ebok_app.state.invoices import ContractInvoiceRow

FACTS = (
    (t("Numer umowy"), "number"),
    (t("Typ umowy"), "type"),
    (t("Status"), "status"),
    (t("Data zawarcia"), "signed_on"),
    (t("Okres leasingu"), "period"),
    (t("Wartość początkowa netto"), "value"),
    (t("Raty pozostałe do końca"), "installments"),
    (t("Przedmiot leasingu"), "asset"),
    (t("Nr rejestracyjny / seryjny"), "plate"),
    ("VIN", "vin"),
)


def header() -> rx.Component:
    return card(
        rx.grid(
            *[
                rx.vstack(
                    rx.text(label, size="1", color=theme.MUTED),
                    rx.text(S.contract[key], size="3", weight="medium"),
                    spacing="0",
                )
                for label, key in FACTS
            ],
            columns=rx.breakpoints(initial="1", sm="2", lg="3"),
            spacing="4",
        ),
        data_testid="contract-header",
        margin_bottom="16px",
    )


def kind_boxes() -> rx.Component:
    """Several kinds of items at once; none ticked shows them all."""
    return rx.vstack(
        rx.text(t("Pozycje (nic nie zaznaczone = wszystkie)"), size="1", color=theme.MUTED),
        rx.flex(
            *[
                rx.el.label(
                    rx.el.input(
                        type="checkbox",
                        name=f"kind_{value}",
                        default_checked=S.schedule_kinds.contains(value),
                        style={"width": "16px", "height": "16px", "accent_color": theme.NAVY},
                    ),
                    rx.text(label, size="2"),
                    display="flex",
                    align_items="center",
                    gap="6px",
                    cursor="pointer",
                )
                for label, value in SCHEDULE_KIND_CHOICES
            ],
            wrap="wrap",
            min_height="32px",
            align="center",
            style={"column_gap": "16px", "row_gap": "6px"},
        ),
        spacing="1",
    )


def schedule_filters() -> rx.Component:
    return rx.form(
        rx.flex(
            kind_boxes(),
            choice_filter(t("Status"), "status", PAYMENT_STATUS_CHOICES, S.schedule_status),
            labelled(t("Termin od"), rx.input(type="date", name="from", aria_label=t("Termin od"))),
            labelled(t("Termin do"), rx.input(type="date", name="to", aria_label=t("Termin do"))),
            rx.button(rx.icon("filter", size=16), t("Pokaż"), type="submit"),
            wrap="wrap",
            align="end",
            style={"gap": "12px"},
        ),
        on_submit=S.filter_schedule,
        class_name="ebok-filters",
        padding_y="12px",
        key=S.schedule_key,
    )


def empty_note(sentence: str, next_step: str | rx.Component) -> rx.Component:
    """An empty tab: what is (not) there and what to do next, instead of bare column headers."""
    return rx.vstack(
        rx.text(sentence, size="2", weight="medium"),
        rx.text(next_step, size="2", color=theme.MUTED) if isinstance(next_step, str) else next_step,
        spacing="1",
        padding_y="12px",
        data_testid="empty",
    )


def schedule_card(r: rx.Var[ItemRow]) -> rx.Component:
    """A schedule item on a phone: every column of the table."""
    return card(
        rx.hstack(
            rx.text(r["due"], weight="bold", color=theme.NAVY),
            overdue_mark(r),
            rx.spacer(),
            status_badge(r["status"], r["status_color"]),
            width="100%",
            align="center",
        ),
        rx.text(r["description"], size="2"),
        card_facts(
            (t("Brutto"), r["gross"]), (t("Zapłacono"), r["paid"]), (t("Netto"), r["net"]), ("VAT", r["vat"])
        ),
        padding="12px",
        width="100%",
        data_testid="schedule-card",
    )


def schedule_tab() -> rx.Component:
    def row(r: rx.Var[ItemRow]) -> rx.Component:
        return rx.table.row(
            rx.table.cell(rx.vstack(r["due"], overdue_mark(r), spacing="1"), white_space="nowrap"),
            rx.table.cell(r["description"]),
            rx.table.cell(r["net"], text_align="right", white_space="nowrap"),
            rx.table.cell(r["vat"], text_align="right", white_space="nowrap"),
            rx.table.cell(r["gross"], text_align="right", white_space="nowrap"),
            rx.table.cell(r["paid"], text_align="right", white_space="nowrap"),
            rx.table.cell(status_badge(r["status"], r["status_color"])),
            data_testid="schedule-row",
        )

    headers = (t("Termin"), t("Pozycja"), t("Netto"), "VAT", t("Brutto"), t("Zapłacono"), t("Status"))
    return rx.vstack(
        schedule_filters(),
        rx.text(
            t("Razem brutto ")
            + S.schedule_sums["gross_gr"]
            + t(" · zapłacono ")
            + S.schedule_sums["paid_gr"]
            + t(" · pozostało ")
            + S.schedule_sums["left_gr"],
            size="2",
            weight="medium",
            data_testid="schedule-totals",
        ),
        rx.cond(
            S.schedule.length() > 0,
            rx.fragment(
                desktop_only(
                    scroll_region(
                        rx.table.root(
                            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
                            rx.table.body(rx.foreach(S.schedule, row)),
                            size="1",
                            width="100%",
                        ),
                        t("Harmonogram"),
                    )
                ),
                phone_only(rx.vstack(rx.foreach(S.schedule, schedule_card), spacing="2", width="100%")),
            ),
            empty_note(t("Brak pozycji harmonogramu spełniających kryteria."), t("Zmień filtry powyżej.")),
        ),
        width="100%",
    )


def invoices_tab() -> rx.Component:
    def row(r: rx.Var[ContractInvoiceRow]) -> rx.Component:
        return rx.table.row(
            rx.table.cell(
                rx.vstack(rx.text(r["number"], size="1"), invoice_ksef.corrections(r), spacing="1"),
                white_space="nowrap",
            ),
            rx.table.cell(invoice_ksef.ksef_number(r)),
            rx.table.cell(rx.vstack(r["due"], overdue_mark(r), spacing="1"), white_space="nowrap"),
            rx.table.cell(r["gross"], text_align="right", white_space="nowrap"),
            rx.table.cell(status_badge(r["status"], r["status_color"])),
            rx.table.cell(invoice_ksef.actions_menu(r)),
            data_testid="contract-invoice-row",
        )

    table = rx.table.root(
        rx.table.header(
            rx.table.row(
                *[
                    rx.table.column_header_cell(h)
                    for h in (t("Numer"), t("Numer KSeF"), t("Termin"), t("Brutto"), t("Status"))
                ],
                rx.table.column_header_cell(rx.el.span(t("Pliki i link KSeF"), class_name="ebok-sr-only")),
            )
        ),
        rx.table.body(rx.foreach(S.invoices, row)),
        size="1",
        width="100%",
    )
    return rx.vstack(
        invoice_ksef.verification_panel(),
        rx.cond(
            S.invoices.length() > 0,
            scroll_region(table, t("Faktury umowy")),
            empty_note(
                t("Do tej umowy nie wystawiliśmy jeszcze faktur."),
                t(
                    "Pierwsza faktura pojawi się tu w dniu wystawienia; terminy rat są w zakładce "
                    "Harmonogram."
                ),
            ),
        ),
        rx.link(
            t("Wszystkie faktury tej umowy na liście faktur"),
            href=routes.INVOICES + "?umowa=" + S.contract["id"].to_string(),
            size="2",
        ),
        padding_top="12px",
        width="100%",
    )


def policies_tab() -> rx.Component:
    def item(r: rx.Var[ContractPolicyRow]) -> rx.Component:
        return card(
            rx.hstack(
                rx.vstack(
                    rx.text(r["number"], weight="bold"),
                    rx.text(r["insurer"], size="2"),
                    rx.text(r["kind"], size="1", color=theme.MUTED),
                    rx.text(t("ważna ") + r["valid"], size="1"),
                    rx.text(t("składka ") + r["premium"], size="2", weight="medium"),
                    spacing="0",
                ),
                rx.spacer(),
                status_badge(r["status"], r["status_color"]),
                width="100%",
                align="start",
            ),
            padding="12px",
            width="100%",
            data_testid="contract-policy",
        )

    return rx.cond(
        S.policies.length() > 0,
        rx.vstack(rx.foreach(S.policies, item), spacing="2", padding_top="12px", width="100%"),
        empty_note(
            t("Do tej umowy nie ma polisy w eBOK."),
            t("Jeśli przedmiot ubezpieczasz sam, prześlij polisę przez formularz Kontakt."),
        ),
    )


def buyout_card() -> rx.Component:
    """Wycena wykupu: the amount for a chosen day, its PDF, the request to the helpdesk and its status."""
    q = Q.quote

    def line(label: str, key: str, strong: bool = False) -> rx.Component:
        return rx.hstack(
            rx.text(label, size="2", weight="bold" if strong else "regular"),
            rx.spacer(),
            rx.text(q.get(key, ""), size="3" if strong else "2", weight="bold" if strong else "regular"),
            width="100%",
            border_bottom=f"1px solid {theme.CARD_BORDER}",
            padding_y="4px",
        )

    result = rx.cond(
        q.length() > 0,
        rx.vstack(
            line(t("Pozostały kapitał"), "capital"),
            line(t("Wartość wykupu z umowy"), "value"),
            line(t("Opłata za wykup przed terminem"), "fee"),
            line("VAT 23%", "vat"),
            line(t("Wykup brutto"), "gross"),
            line(t("Niezapłacone należności do dnia wykupu"), "outstanding"),
            line(t("Razem do zapłaty"), "total", strong=True),
            rx.text(t("Wycena ważna do ") + q.get("valid_until", "") + ".", size="1", color=theme.MUTED),
            rx.flex(
                rx.button(
                    rx.icon("file-down", size=14),
                    t("Pobierz PDF"),
                    variant="outline",
                    on_click=Q.download_pdf,
                ),
                rx.button(
                    rx.icon("send", size=14), t("Chcę wykupić: wyślij do HelpDesku"), on_click=Q.proceed
                ),
                gap="2",
                wrap="wrap",
                padding_top="6px",
            ),
            spacing="1",
            width="100%",
            data_testid="buyout-quote",
        ),
    )
    requests = rx.cond(
        Q.requests.length() > 0,
        rx.vstack(
            rx.text(t("Twoje prośby o wykup"), size="2", weight="medium", padding_top="10px"),
            rx.foreach(
                Q.requests,
                lambda r: rx.hstack(
                    rx.text(t("wysłana ") + r["sent"], size="2"),
                    rx.spacer(),
                    rx.badge(r["status"], variant="soft"),
                    width="100%",
                    data_testid="buyout-request",
                ),
            ),
            spacing="1",
            width="100%",
        ),
    )
    return card(
        rx.heading(t("Wycena wykupu"), size="3", color=theme.NAVY, as_="h2"),
        rx.text(
            t("Ile kosztuje wykup przedmiotu w wybranym dniu: z harmonogramu umowy, od ręki."),
            size="2",
            color=theme.MUTED,
        ),
        rx.form(
            rx.flex(
                labelled(t("Dzień wykupu"), rx.input(type="date", name="on", aria_label=t("Dzień wykupu"))),
                rx.button(t("Wyceń"), type="submit"),
                gap="3",
                align="end",
                wrap="wrap",
            ),
            on_submit=Q.calculate,
            padding_y="10px",
        ),
        error_callout(Q.error),
        rx.box(success_callout(Q.message), padding_bottom="6px"),
        result,
        requests,
        margin_top="16px",
    )


def requests_card() -> rx.Component:
    """Requests about this contract (Wnioski), with the contract chosen already."""
    links = [
        rx.button(
            rx.link(
                rx.icon(icon, size=14),
                label,
                href=routes.REQUESTS + f"?rodzaj={kind}&umowa=" + S.contract["id"].to(str),
                underline="none",
            ),
            as_child=True,
            variant="outline",
            size="2",
        )
        for kind, label, icon in (
            ("abroad", t("Zgoda na wyjazd za granicę"), "plane"),
            ("contract_change", t("Zmiana danych umowy"), "file-pen-line"),
        )
    ]
    return card(
        rx.heading(t("Wnioski"), size="3", color=theme.NAVY, as_="h2"),
        rx.text(
            t("Złóż wniosek do tej umowy; status zobaczysz w zakładce Wnioski."), size="2", color=theme.MUTED
        ),
        rx.flex(
            *links,
            rx.link(
                t("Wnioski do tej umowy"),
                href=routes.REQUESTS + "?umowa=" + S.contract["id"].to(str),
                size="2",
            ),
            rx.link(t("Wszystkie wnioski firmy"), href=routes.REQUESTS, size="2"),
            spacing="3",
            wrap="wrap",
            align="center",
            padding_top="10px",
        ),
        margin_top="16px",
        data_testid="contract-requests",
    )


def contract_page() -> rx.Component:
    back = rx.link(
        rx.hstack(rx.icon("arrow-left", size=14), t("Wróć do listy umów"), spacing="1", align="center"),
        href=routes.CONTRACTS,
        size="2",
    )
    return shell(
        routes.CONTRACTS,
        error_callout(S.error),
        rx.cond(
            S.contract.length() > 0,
            rx.fragment(
                header(),
                card(
                    rx.tabs.root(
                        rx.tabs.list(
                            rx.tabs.trigger(t("Harmonogram"), value="schedule"),
                            rx.tabs.trigger(t("Faktury"), value="invoices"),
                            rx.tabs.trigger(t("Polisy"), value="policies"),
                        ),
                        rx.tabs.content(schedule_tab(), value="schedule"),
                        rx.tabs.content(invoices_tab(), value="invoices"),
                        rx.tabs.content(policies_tab(), value="policies"),
                        default_value="schedule",
                    ),
                    padding=["8px", "12px", "16px"],
                ),
                buyout_card(),
                requests_card(),
            ),
        ),
        title=rx.cond(S.contract.length() > 0, t("Umowa ") + S.contract["number"], t("Umowa")),
        lead=back,
    )
