"""Umowa: one contract's header (its schedules, invoices and policies arrive with the portfolio)."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.feedback import error_callout
from ebok_app.components.shell import card, shell
from ebok_app.state.contract import ContractState

FACTS = (
    ("Numer umowy", "number"),
    ("Typ umowy", "type"),
    ("Status", "status"),
    ("Data zawarcia", "signed_on"),
    ("Okres leasingu", "period"),
    ("Wartość początkowa netto", "value"),
    ("Raty pozostałe do końca", "installments"),
    ("Przedmiot leasingu", "asset"),
    ("Nr rejestracyjny / seryjny", "plate"),
)


def contract_page() -> rx.Component:
    return shell(
        routes.CONTRACTS,
        error_callout(ContractState.error),
        rx.cond(
            ContractState.contract.length() > 0,
            card(
                rx.grid(
                    *[
                        rx.vstack(
                            rx.text(label, size="1", color=theme.MUTED),
                            rx.text(ContractState.contract[key], size="3", weight="medium"),
                            spacing="0",
                        )
                        for label, key in FACTS
                    ],
                    columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                    spacing="4",
                ),
                data_testid="contract-header",
            ),
        ),
    )
