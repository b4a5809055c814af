"""Logowanie: MilleKod + login, the one-time code (SMS or token), the masked password (guide 001)."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.feedback import error_callout, password_rules, problems_callout
from ebok_app.components.keyboard import keyboard_button, virtual_keyboard
from ebok_app.components.shell import brand, demo_badge
from ebok_app.settings import get_settings
from ebok_app.state.login import LoginState

STEPS = (("identify", "Identyfikacja"), ("code", "Kod jednorazowy"), ("password", "Hasło"))


def vk_attrs() -> dict[str, str]:
    """Marks a field the virtual keyboard types into (a fresh dict: Reflex adds the aria-* to it)."""
    return {"data-vk": "1"}


def stepper() -> rx.Component:
    def dot(index: int, key: str, label: str) -> rx.Component:
        done = rx.cond(
            LoginState.step == "identify",
            index < 0,
            rx.cond(
                LoginState.step == "code", index < 1, rx.cond(LoginState.step == "password", index < 2, True)
            ),
        )
        current = LoginState.step == key
        return rx.hstack(
            rx.center(
                rx.cond(done, rx.icon("check", size=14), rx.text(str(index + 1), size="1", weight="bold")),
                width="24px",
                height="24px",
                border_radius="999px",
                color="white",
                background=rx.cond(current | done, theme.ACCENT, "#aab4c3"),
            ),
            rx.text(
                label,
                size="2",
                weight=rx.cond(current, "bold", "regular"),
                display=["none", "block"],
                color=theme.NAVY,
            ),
            spacing="2",
            align="center",
        )

    return rx.hstack(
        *[dot(i, k, label) for i, (k, label) in enumerate(STEPS)], spacing="4", padding_bottom="8px"
    )


def messages() -> rx.Component:
    return rx.fragment(
        error_callout(LoginState.error),
        rx.cond(
            LoginState.notice != "",
            rx.callout(LoginState.notice, icon="info", color_scheme="blue", width="100%"),
        ),
    )


def field(label: str, control: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium", as_="label"), control, spacing="1", width="100%"
    )


def identify_step() -> rx.Component:
    return rx.form(
        rx.vstack(
            field(
                "MilleKod firmy",
                rx.input(
                    name="millekod",
                    input_mode="numeric",
                    auto_complete="off",
                    placeholder="np. 12345678",
                    size="3",
                    width="100%",
                    auto_focus=True,
                    max_length=10,
                    aria_label="MilleKod",
                ),
            ),
            field(
                "Login",
                rx.input(
                    name="login",
                    auto_complete="username",
                    size="3",
                    width="100%",
                    max_length=64,
                    aria_label="Login",
                ),
            ),
            rx.button("Dalej", type="submit", size="3", width="100%", disabled=~LoginState.ready),
            rx.text(
                "Pierwsze logowanie? Podaj MilleKod i login z Wniosku o Konfigurację użytkowników; "
                "w kolejnych krokach użyjesz kodu SMS i hasła tymczasowego.",
                size="1",
                color=theme.MUTED,
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=LoginState.submit_identity,
        width="100%",
    )


def who_line() -> rx.Component:
    return rx.hstack(
        rx.icon("building-2", size=14, color=theme.MUTED),
        rx.text(LoginState.millekod + " · " + LoginState.login, size="2", color=theme.MUTED),
        rx.spacer(),
        rx.link("Zmień", on_click=LoginState.start_over, size="2", href="#"),
        width="100%",
        align="center",
    )


def keyboard_area(digits_only: bool) -> rx.Component:
    return rx.cond(LoginState.keyboard_open, virtual_keyboard(LoginState.digits, digits_only=digits_only))


def code_step() -> rx.Component:
    demo_link = (
        rx.link(
            rx.hstack(
                rx.icon("message-square-text", size=14),
                "Otwórz demonstracyjną skrzynkę SMS",
                spacing="1",
                align="center",
            ),
            href=routes.DEMO_SMS,
            is_external=True,
            size="2",
        )
        if get_settings().demo_mode
        else rx.fragment()
    )
    return rx.form(
        rx.vstack(
            who_line(),
            rx.cond(
                LoginState.otp_method == "sms",
                rx.text(
                    "Wysłaliśmy jednorazowe H@sło SMS na numer ",
                    rx.text.strong(LoginState.phone_hint),
                    ". Wpisz je poniżej.",
                    size="2",
                ),
                rx.text("Wpisz 6-cyfrowy kod wygenerowany w tokenie (funkcja 1. Logowanie).", size="2"),
            ),
            field(
                rx.cond(LoginState.otp_method == "sms", "H@sło SMS", "Kod z tokena"),
                rx.hstack(
                    rx.input(
                        name="code",
                        input_mode="numeric",
                        auto_complete="one-time-code",
                        max_length=6,
                        size="3",
                        width="100%",
                        custom_attrs=vk_attrs(),
                        aria_label="Kod jednorazowy",
                        letter_spacing="0.3em",
                        auto_focus=True,
                    ),
                    keyboard_button(LoginState.toggle_keyboard),
                    width="100%",
                    align="center",
                ),
            ),
            keyboard_area(digits_only=True),
            rx.button("Dalej", type="submit", size="3", width="100%"),
            demo_link,
            spacing="4",
            width="100%",
        ),
        on_submit=LoginState.submit_code,
        width="100%",
    )


def masked_boxes() -> rx.Component:
    def box(item: rx.Var[dict]) -> rx.Component:
        return rx.vstack(
            rx.text(
                item["pos"].to_string(),
                size="1",
                color=rx.cond(item["enabled"], theme.NAVY, "#aab4c3"),
                weight="medium",
            ),
            rx.el.input(
                name="p" + item["pos"].to_string(),
                type="password",
                max_length=1,
                disabled=~item["enabled"].to(bool),
                auto_complete="off",
                aria_label="Znak " + item["pos"].to_string(),
                custom_attrs={"data-vk": "1", "data-vk-box": "1"},
                class_name="ebok-mask-box",
            ),
            spacing="1",
            align="center",
        )

    return rx.flex(rx.foreach(LoginState.boxes, box), wrap="wrap", gap="6px", data_testid="masked-password")


def password_step() -> rx.Component:
    return rx.form(
        rx.vstack(
            who_line(),
            rx.match(
                LoginState.password_mode,
                (
                    "masked",
                    rx.text(
                        "Wpisz znaki hasła z podświetlonych pól (numer nad polem to pozycja znaku "
                        "w haśle). Pozostałe pola są nieaktywne.",
                        size="2",
                    ),
                ),
                (
                    "temporary",
                    rx.text(
                        "Wpisz hasło tymczasowe, które otrzymałeś. W następnym kroku ustawisz własne hasło.",
                        size="2",
                    ),
                ),
                rx.text("Wpisz swoje hasło.", size="2"),
            ),
            rx.hstack(
                rx.cond(
                    LoginState.password_mode == "masked",
                    masked_boxes(),
                    rx.input(
                        name="password",
                        type="password",
                        auto_complete="current-password",
                        size="3",
                        width="100%",
                        custom_attrs=vk_attrs(),
                        aria_label="Hasło",
                        auto_focus=True,
                    ),
                ),
                keyboard_button(LoginState.toggle_keyboard),
                width="100%",
                align="end",
                justify="between",
            ),
            keyboard_area(digits_only=False),
            rx.button("Zaloguj", type="submit", size="3", width="100%"),
            spacing="4",
            width="100%",
        ),
        on_submit=LoginState.submit_password,
        width="100%",
    )


def new_password_step() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("Ustaw nowe hasło", size="4", color=theme.NAVY),
            rx.text(
                "Hasło tymczasowe było jednorazowe. Ustaw hasło, którego będziesz używać przy każdym "
                "logowaniu. Hasło musi mieć:",
                size="2",
            ),
            password_rules("2"),
            problems_callout(LoginState.problems),
            field(
                "Nowe hasło",
                rx.input(
                    name="new_password",
                    type="password",
                    auto_complete="new-password",
                    size="3",
                    width="100%",
                    custom_attrs=vk_attrs(),
                    aria_label="Nowe hasło",
                ),
            ),
            field(
                "Powtórz nowe hasło",
                rx.input(
                    name="repeat_password",
                    type="password",
                    auto_complete="new-password",
                    size="3",
                    width="100%",
                    custom_attrs=vk_attrs(),
                    aria_label="Powtórz nowe hasło",
                ),
            ),
            rx.hstack(rx.spacer(), keyboard_button(LoginState.toggle_keyboard), width="100%"),
            keyboard_area(digits_only=False),
            rx.button("Ustaw hasło i zaloguj", type="submit", size="3", width="100%"),
            spacing="3",
            width="100%",
        ),
        on_submit=LoginState.submit_new_password,
        width="100%",
    )


def side_panel() -> rx.Component:
    tips = (
        ("shield-check", "Połączenie jest szyfrowane (TLS). Sprawdź adres strony przed podaniem danych."),
        (
            "message-square-warning",
            "System nigdy nie prosi o podanie innych danych niż MilleKod, login, "
            "wybrane znaki hasła i kod jednorazowy.",
        ),
        ("phone", f"Problem z logowaniem? HelpDesk: {get_settings().helpdesk_phone}"),
    )
    return rx.vstack(
        brand(),
        rx.spacer(),
        rx.heading("Twoje umowy leasingu, faktury i raty w jednym miejscu", size="7", color="white"),
        rx.text(
            "Bezpieczny portal dla Klientów biznesowych, dostępny 24/7, także na telefonie.",
            color="rgba(255,255,255,0.75)",
            size="3",
        ),
        rx.vstack(
            *[
                rx.hstack(
                    rx.icon(icon, size=18, color="white", flex_shrink="0"),
                    rx.text(text, size="2", color="rgba(255,255,255,0.85)"),
                    align="start",
                    spacing="3",
                )
                for icon, text in tips
            ],
            spacing="3",
            padding_top="16px",
        ),
        rx.spacer(),
        display=["none", "none", "flex"],
        width="44%",
        min_height="100vh",
        padding="48px",
        background=f"linear-gradient(160deg, {theme.NAVY} 0%, {theme.NAVY_SOFT} 100%)",
        spacing="4",
    )


def login_page() -> rx.Component:
    return rx.hstack(
        side_panel(),
        rx.center(
            rx.vstack(
                rx.hstack(
                    rx.box(
                        brand(compact=True), background=theme.NAVY, padding="10px 14px", border_radius="12px"
                    ),
                    rx.spacer(),
                    demo_badge(),
                    display=["flex", "flex", "none"],
                    width="100%",
                    align="center",
                ),
                rx.heading("Logowanie do eBOK", size="6", color=theme.NAVY, as_="h1"),
                stepper(),
                messages(),
                rx.match(
                    LoginState.step,
                    ("identify", identify_step()),
                    ("code", code_step()),
                    ("password", password_step()),
                    new_password_step(),
                ),
                spacing="4",
                width="100%",
                max_width="440px",
                background="white",
                padding=["20px", "32px"],
                border_radius="16px",
                border=f"1px solid {theme.CARD_BORDER}",
                box_shadow="0 10px 30px rgba(11,37,69,0.06)",
            ),
            flex="1",
            min_width="0",
            min_height="100vh",
            padding=["12px", "24px"],
            align_items=["start", "center"],
        ),
        spacing="0",
        width="100%",
        background=theme.PAGE_BG,
        align="stretch",
    )
