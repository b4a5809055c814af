"""The frame of the pages anyone can open without signing in (the 404 page, the accessibility statement)."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.shell import MAIN_ID, brand, skip_link


def public_frame(*children: rx.Component) -> rx.Component:
    return rx.box(
        skip_link(),
        rx.el.header(
            rx.link(brand(), href=routes.DASHBOARD, underline="none"),
            background=theme.NAVY,
            padding="12px 16px",
            class_name="ebok-dark",
        ),
        rx.el.main(
            *children,
            id=MAIN_ID,
            tab_index=-1,
            outline="none",
            max_width="760px",
            margin="0 auto",
            padding=["20px 16px", "32px 24px"],
        ),
        min_height="100vh",
        background=theme.PAGE_BG,
    )
