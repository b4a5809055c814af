"""What a user sees when the connection to the server drops: a Polish notice instead of Reflex's English
toast ("Cannot connect to server: websocket error..."); it goes away by itself once the link is back."""

from __future__ import annotations

import reflex as rx
from reflex_components_core.core.banner import has_too_many_connection_errors

from ebok_app import theme
from ebok_app.components.translated import t


def connection_notice() -> rx.Component:
    return rx.cond(
        has_too_many_connection_errors,  # Reflex's own flag: two failed attempts in a row
        rx.hstack(
            rx.icon("wifi-off", size=18, aria_hidden="true"),
            rx.text(
                t("Brak połączenia z serwerem. Łączymy ponownie; nic nie zostało utracone."),
                size="2",
                weight="medium",
            ),
            role="alert",
            data_testid="connection-lost",
            position="fixed",
            top="12px",
            left="50%",
            transform="translateX(-50%)",
            z_index="300",
            align="center",
            spacing="2",
            padding="10px 16px",
            border_radius="10px",
            background=theme.NAVY,
            color="white",
            box_shadow="0 8px 24px rgba(0,0,0,0.2)",
            max_width="92vw",
        ),
    )


def overlay(stateful: bool) -> rx.Component | None:
    """Replaces Reflex's overlay (the app wrap that shows its English connection toast)."""
    return rx.fragment(connection_notice()) if stateful else None
