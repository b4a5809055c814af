"""Pomoc (the FAQ) and Regulamin, open before and after log-in, and the acceptance of new terms after
log-in. Their texts are Markdown files in ebok_app/content/ (edited as content, not code)."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.contact_numbers import contact_numbers
from ebok_app.components.feedback import error_callout
from ebok_app.components.shell import card
from ebok_app.components.translated import t
from ebok_app.content import current_terms, help_sections
from ebok_app.settings import get_settings
from ebok_app.state.auth import AuthState
from ebok_app.state.terms import TermsState


def public_frame(title: str, *children: rx.Component) -> rx.Component:
    """A plain page with the brand, for readers signed in or not."""
    return rx.box(
        rx.flex(
            rx.link(
                rx.hstack(
                    rx.center(
                        rx.text("e", weight="bold", color="white"),
                        width="32px",
                        height="32px",
                        background=theme.ACCENT,
                        border_radius="8px",
                    ),
                    rx.text(get_settings().brand_name, weight="bold", color="white"),
                    align="center",
                ),
                href=routes.DASHBOARD,
                underline="none",
            ),
            rx.spacer(),
            rx.link(t("Pomoc"), href=routes.HELP, color="white", size="2"),
            rx.link(t("Regulamin"), href=routes.TERMS, color="white", size="2"),
            rx.link(t("Przejdź do eBOK"), href=routes.DASHBOARD, color="white", size="2", weight="medium"),
            align="center",
            wrap="wrap",
            style={"gap": "16px"},
            padding="14px 20px",
            background=theme.NAVY,
        ),
        rx.box(
            rx.heading(title, size="7", color=theme.NAVY, as_="h1", margin_bottom="16px"),
            *children,
            max_width="820px",
            margin="0 auto",
            padding=["16px", "24px"],
        ),
        background=theme.PAGE_BG,
        min_height="100vh",
    )


def help_page() -> rx.Component:
    return public_frame(
        t("Pomoc"),
        rx.vstack(
            *[card(rx.markdown(text), width="100%", data_testid="help-section") for text in help_sections()],
            card(
                rx.heading(t("Telefony"), size="4", color=theme.NAVY, as_="h2", margin_bottom="10px"),
                contact_numbers(),
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
    )


def terms_page() -> rx.Component:
    return public_frame(t("Regulamin"), card(rx.markdown(current_terms().text), data_testid="terms-text"))


def terms_accept_page() -> rx.Component:
    """Between the log-in and the portal: the current terms and one button."""
    terms = current_terms()
    return public_frame(
        t("Akceptacja regulaminu"),
        rx.callout(
            rx.cond(
                TermsState.previous == "",
                t("Zanim zaczniesz korzystać z eBOK, przeczytaj i zaakceptuj regulamin usługi."),
                t("Opublikowaliśmy nową wersję regulaminu (")
                + terms.version
                + t("). Zaakceptowana przez Ciebie: ")
                + TermsState.previous
                + t(". Aby korzystać dalej z eBOK, zaakceptuj nową wersję."),
            ),
            icon="info",
            margin_bottom="16px",
        ),
        error_callout(TermsState.error),
        card(
            rx.box(rx.markdown(terms.text), max_height=["55vh", "60vh"], overflow_y="auto"),
            rx.flex(
                rx.button(t("Akceptuję regulamin"), on_click=TermsState.accept(terms.version), size="3"),
                rx.button(t("Wyloguj"), on_click=AuthState.logout, variant="ghost", color_scheme="gray"),
                align="center",
                wrap="wrap",
                style={"gap": "16px"},
                padding_top="16px",
            ),
        ),
    )
