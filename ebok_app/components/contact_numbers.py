"""The numbers a client calls: the HelpDesk (problems with logging in) and the leasing hotline (questions
about a contract). Configurable (EBOK_HELPDESK_PHONE, EBOK_HELPDESK_PHONE_MOBILE, EBOK_HOTLINE_PHONE); shown
in the shell's footer, on Kontakt, on /pomoc, and placeable on the log-in page."""

from __future__ import annotations

import reflex as rx

from ebok_app import theme
from ebok_app.settings import get_settings


def _tel(number: str) -> str:
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")


def _line(label: str, numbers: tuple[str, ...], dark: bool) -> rx.Component:
    color = "white" if dark else theme.NAVY
    links = []
    for n, number in enumerate(numbers):
        if n:
            links.append(rx.text("lub", size="1", color="rgba(255,255,255,0.6)" if dark else theme.MUTED))
        links.append(
            rx.link(
                number,
                href=_tel(number),
                color=color,
                weight="medium",
                size="1" if dark else "2",
                display="inline-flex",
                align_items="center",
                min_height="24px",  # a target of at least 24 px (WCAG 2.5.8)
            )
        )
    return rx.vstack(
        rx.text(label, size="1", color="rgba(255,255,255,0.6)" if dark else theme.MUTED),
        rx.flex(
            rx.icon("phone", size=14, color=color),
            *links,
            align="center",
            wrap="wrap",
            style={"column_gap": "6px"},
        ),
        spacing="0" if dark else "1",
    )


def contact_numbers(dark: bool = False) -> rx.Component:
    """HelpDesk dla Klientów (both numbers) and Infolinia leasingowa, as `tel:` links."""
    settings = get_settings()
    return rx.vstack(
        _line(
            "HelpDesk dla Klientów" if dark else "HelpDesk dla Klientów (logowanie, dostęp)",
            (settings.helpdesk_phone, settings.helpdesk_phone_mobile),
            dark,
        ),
        _line(
            "Infolinia leasingowa" if dark else "Infolinia leasingowa (umowy, uwagi)",
            (settings.hotline_phone,),
            dark,
        ),
        spacing="2" if dark else "3",
        data_testid="contact-numbers",
    )
