"""Pulpit: the first page after log-in: what is late, what is due soon, what ends soon, and the months."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.figures import figure_card, figure_grid
from ebok_app.components.listing import preparing_note
from ebok_app.components.shell import card, shell
from ebok_app.settings import get_settings
from ebok_app.state.dashboard import AttentionEntry
from ebok_app.state.dashboard import DashboardState as S

ATTENTION_ROWS = 5  # rows of each list on Pulpit (portfolio.queries.attention keeps five)


def figure(label: str, key: str, note: rx.Var | str, color: str, href: str, test_id: str) -> rx.Component:
    """One of the four figures; its card keeps its size while the data loads (no layout shift)."""
    return rx.link(
        figure_card(
            label,
            rx.cond(S.loaded, S.figures[key], "\u00a0"),
            rx.text(rx.cond(S.loaded, note, "\u00a0"), size="1", color=theme.MUTED),
            color=color,
            height="100%",
            _hover={"border_color": theme.ACCENT},
            data_testid=test_id,
        ),
        href=href,
        underline="none",
        color="inherit",
    )


def figures() -> rx.Component:
    return rx.fragment(rx.cond(S.preparing, preparing_note()), _figures())


def _figures() -> rx.Component:
    return figure_grid(
        figure(
            "Po terminie",
            "overdue_left",
            S.figures["overdue_count"],
            theme.ACCENT,
            routes.INVOICES + "?status=overdue",
            "figure-overdue",
        ),
        figure(
            "Do zapłaty w 14 dni",
            "soon_left",
            S.figures["soon_count"],
            "#b45309",
            routes.INVOICES + "?status=unpaid",
            "figure-soon",
        ),
        figure(
            "W tym miesiącu do zapłaty",
            "this_month_left",
            S.figures["this_month_paid"],
            theme.NAVY,
            routes.INSTALLMENTS,
            "figure-this-month",
        ),
        figure(
            "W przyszłym miesiącu do zapłaty",
            "next_month_left",
            "brutto, wszystkie umowy",
            theme.NAVY,
            routes.INSTALLMENTS,
            "figure-next-month",
        ),
        min_card="400px",
    )


def waiting_rows() -> rx.Component:
    """The place of a full list (five rows) while the data comes: the page does not jump when it does.
    Each row as high as a row of `attention_list` (a line of size 2 and one of size 1, its padding and
    border)."""
    row = rx.box(
        rx.skeleton(rx.box(height="36px", width="100%"), loading=True),
        padding_y="6px",
        border_bottom="1px solid transparent",
        width="100%",
    )
    return rx.vstack(*[row] * ATTENTION_ROWS, spacing="0", width="100%", padding_top="6px")


def attention_list(
    title: str, icon: str, items: rx.Var[list[AttentionEntry]], empty: str, more_href: str, test_id: str
) -> rx.Component:
    def item(entry: rx.Var[AttentionEntry]) -> rx.Component:
        return rx.hstack(
            rx.vstack(
                rx.text(entry["title"], size="2", weight="medium"),
                rx.text(entry["detail"], size="1", color=theme.MUTED),
                spacing="0",
            ),
            rx.spacer(),
            rx.text(entry["amount"], size="2", weight="medium", white_space="nowrap"),
            width="100%",
            padding_y="6px",
            border_bottom=f"1px solid {theme.CARD_BORDER}",
        )

    return card(
        rx.hstack(
            rx.icon(icon, size=18, color=theme.NAVY),
            rx.heading(title, size="3", color=theme.NAVY, as_="h2"),
            rx.spacer(),
            rx.link("Wszystkie", href=more_href, size="2"),
            align="center",
            width="100%",
        ),
        rx.cond(
            ~S.loaded,
            waiting_rows(),
            rx.cond(
                items.length() > 0,
                rx.vstack(rx.foreach(items, item), spacing="0", width="100%", padding_top="6px"),
                rx.text(empty, size="2", color=theme.MUTED, padding_top="8px"),
            ),
        ),
        data_testid=test_id,
    )


def security_notice() -> rx.Component:
    return card(
        rx.hstack(
            rx.icon("lock-keyhole", size=20, color=theme.NAVY, flex_shrink="0"),
            rx.text(
                "System nigdy nie prosi o podanie innych danych niż MilleKod, login, wybrane znaki hasła "
                f"i kod jednorazowy. Problem z logowaniem? HelpDesk: {get_settings().helpdesk_phone}",
                size="2",
                color=theme.MUTED,
            ),
            spacing="3",
            align="center",
        ),
        margin_top="16px",
        padding="14px",
    )


def dashboard_page() -> rx.Component:
    return shell(
        routes.DASHBOARD,
        figures(),
        rx.grid(
            attention_list(
                "Faktury po terminie",
                "triangle-alert",
                S.overdue,
                "Brak faktur po terminie.",
                routes.INVOICES + "?status=overdue",
                "overdue-list",
            ),
            attention_list(
                "Najbliższe płatności",
                "calendar-clock",
                S.due_soon,
                "Brak płatności w najbliższych 14 dniach.",
                routes.INVOICES + "?status=unpaid",
                "due-soon-list",
            ),
            attention_list(
                "Polisy wygasające",
                "shield-alert",
                S.expiring,
                "Żadna polisa nie wygasa wkrótce.",
                routes.INSURANCE + "?status=expiring",
                "expiring-list",
            ),
            attention_list(
                "Umowy kończące się w 60 dni",
                "flag",
                S.ending,
                "Żadna umowa nie kończy się wkrótce.",
                routes.CONTRACTS + "?status=active&sort=end_date&kier=rosn",
                "ending-list",
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
        ),
        security_notice(),
    )
