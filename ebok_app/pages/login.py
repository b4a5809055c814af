"""Logowanie: MilleKod + login, the one-time code (SMS or token), the masked password (guide 001)."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.contact_numbers import contact_numbers
from ebok_app.components.feedback import error_callout, password_rules, problems_callout
from ebok_app.components.keyboard import keyboard_button, virtual_keyboard
from ebok_app.components.shell import brand, demo_badge
from ebok_app.settings import get_settings
from ebok_app.state.login import LoginState, PasswordBox

STEPS = (("identify", "Identyfikacja"), ("verify", "Hasło i kod"))


def vk_attrs() -> dict[str, str]:
    """Marks a field the virtual keyboard types into (a fresh dict: Reflex adds the aria-* to it)."""
    return {"data-vk": "1"}


def stepper() -> rx.Component:
    def dot(index: int, key: str, label: str) -> rx.Component:
        done = LoginState.step != "identify" if index == 0 else LoginState.step == "new_password"
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
                    default_value=LoginState.millekod,
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
                    default_value=LoginState.login,
                ),
            ),
            rx.button("Dalej", type="submit", size="3", width="100%", disabled=~LoginState.ready),
            rx.text(
                "Pierwsze logowanie? Podaj MilleKod i login z Wniosku o Konfigurację użytkowników; "
                "w następnym kroku wybierz „Hasło tymczasowe” i podaj je razem z kodem jednorazowym.",
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


def keyboard_area() -> rx.Component:
    return rx.cond(LoginState.keyboard_open, virtual_keyboard(LoginState.digits))


def demo_links() -> rx.Component:
    """In demo mode: where the SMS and the reader token's answers can be read without a phone."""
    if not get_settings().demo_mode:
        return rx.fragment()
    return rx.flex(
        rx.link(
            rx.hstack(rx.icon("message-square-text", size=14), "Demonstracyjna skrzynka SMS", spacing="1"),
            href=routes.DEMO_SMS,
            is_external=True,
            size="2",
        ),
        rx.link(
            rx.hstack(rx.icon("scan-line", size=14), "Emulator tokena z czytnikiem", spacing="1"),
            href=routes.DEMO_TOKEN,
            is_external=True,
            size="2",
        ),
        gap="2",
        wrap="wrap",
        justify="between",
        width="100%",
    )


SHAPE_LABELS = (("masked", "Wybrane znaki"), ("whole", "Całe hasło"), ("temporary", "Hasło tymczasowe"))


def shape_choice() -> rx.Component:
    """How the user gives the password: the same three choices for every login (the server never
    says which one the account uses; the browser remembers the choice)."""
    return rx.radio_group.root(
        rx.flex(
            *[
                rx.el.label(
                    rx.radio_group.item(value=value),
                    rx.text(label, as_="span", size="2"),
                    display="flex",
                    align_items="center",
                    gap="6px",
                    cursor="pointer",
                )
                for value, label in SHAPE_LABELS
            ],
            row_gap="6px",
            column_gap="16px",
            wrap="wrap",
        ),
        value=LoginState.password_shape,
        on_change=LoginState.choose_shape,
        aria_label="Sposób podania hasła",
    )


def masked_boxes() -> rx.Component:
    def box(item: rx.Var[PasswordBox]) -> rx.Component:
        return rx.vstack(
            rx.text(
                item["pos"].to_string(),
                size="1",
                color=rx.cond(item["enabled"], theme.NAVY, theme.MUTED),  # >= 4.5:1 on white either way
                weight=rx.cond(item["enabled"], "bold", "regular"),
            ),
            rx.el.input(
                name="p" + item["pos"].to_string(),
                type="password",
                max_length=1,
                disabled=~item["enabled"],
                auto_focus=item["first"],
                auto_complete="off",
                aria_label="Znak " + item["pos"].to_string(),
                custom_attrs={"data-vk": "1", "data-vk-box": "1"},
                class_name="ebok-mask-box",
            ),
            spacing="1",
            align="center",
        )

    return rx.grid(
        rx.foreach(LoginState.boxes, box),
        columns="8",
        gap="6px",
        width="100%",
        data_testid="masked-password",
    )


def password_part() -> rx.Component:
    whole = rx.input(
        name="password",
        type="password",
        auto_complete="current-password",
        size="3",
        width="100%",
        custom_attrs=vk_attrs(),
        aria_label="Hasło",
        auto_focus=True,
    )
    return rx.vstack(
        shape_choice(),
        rx.match(
            LoginState.password_shape,
            (
                "whole",
                rx.vstack(
                    rx.text("Wpisz całe hasło (gdy maskowanie hasła jest wyłączone w Profilu).", size="2"),
                    whole,
                    width="100%",
                ),
            ),
            (
                "temporary",
                rx.vstack(
                    rx.text(
                        "Wpisz hasło tymczasowe (pierwsze logowanie albo po odblokowaniu). "
                        "Po zalogowaniu ustawisz własne hasło.",
                        size="2",
                    ),
                    whole,
                    width="100%",
                ),
            ),
            rx.vstack(
                rx.text(
                    "Wpisz znaki hasła z aktywnych pól (numer nad polem to pozycja znaku w haśle).",
                    size="2",
                ),
                masked_boxes(),
                width="100%",
            ),
        ),
        spacing="2",
        width="100%",
    )


def reader_code() -> rx.Component:
    return rx.vstack(
        rx.text("Zeskanuj kod graficzny tokenem z czytnikiem i wpisz odpowiedź z tokena.", size="2"),
        rx.hstack(
            rx.image(
                src=LoginState.reader_picture,
                alt="Kod graficzny do zeskanowania tokenem",
                width="132px",
                height="132px",
                data_testid="reader-code",
            ),
            rx.vstack(
                rx.text("Kod pod obrazkiem (gdy token nie może go zeskanować):", size="1", color=theme.MUTED),
                rx.text(
                    LoginState.reader_challenge,
                    size="4",
                    weight="bold",
                    font_family="ui-monospace, monospace",
                    letter_spacing="0.15em",
                    data_testid="reader-challenge",
                ),
                spacing="1",
            ),
            align="center",
            spacing="3",
            wrap="wrap",
        ),
        spacing="2",
        width="100%",
    )


def code_part() -> rx.Component:
    return rx.vstack(
        rx.match(
            LoginState.otp_method,
            (
                "sms",
                rx.text(
                    "Wysłaliśmy jednorazowe H@sło SMS na numer ",
                    rx.text.strong(LoginState.phone_hint, white_space="nowrap"),
                    ".",
                    size="2",
                ),
            ),
            ("reader", reader_code()),
            rx.text("Wpisz 6-cyfrowy kod wygenerowany w tokenie (funkcja 1. Logowanie).", size="2"),
        ),
        field(
            rx.match(
                LoginState.otp_method, ("sms", "H@sło SMS"), ("reader", "Odpowiedź z tokena"), "Kod z tokena"
            ),
            rx.input(
                name="code",
                input_mode="numeric",
                auto_complete="one-time-code",
                max_length=LoginState.code_digits,
                size="3",
                width="100%",
                custom_attrs=vk_attrs(),
                aria_label="Kod jednorazowy",
                letter_spacing="0.3em",
            ),
        ),
        spacing="2",
        width="100%",
    )


def verify_step() -> rx.Component:
    """Guide 001's last step: the chosen characters of the password and the one-time code, one verdict."""
    return rx.form(
        rx.vstack(
            who_line(),
            password_part(),
            code_part(),
            rx.hstack(
                rx.text("Wirtualna klawiatura", size="1", color=theme.MUTED),
                keyboard_button(LoginState.toggle_keyboard),
                width="100%",
                justify="end",
                align="center",
            ),
            keyboard_area(),
            rx.button(
                rx.cond(LoginState.password_shape == "temporary", "Wyślij", "Zaloguj"),
                type="submit",
                size="3",
                width="100%",
            ),
            demo_links(),
            spacing="4",
            width="100%",
        ),
        on_submit=LoginState.submit_verification,
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
            keyboard_area(),
            rx.button("Ustaw nowe hasło", type="submit", size="3", width="100%"),
            spacing="3",
            width="100%",
        ),
        on_submit=LoginState.submit_new_password,
        width="100%",
    )


def help_line() -> rx.Component:
    """The helpdesk number and the unlock paths that exist here, on every screen size."""
    phone = get_settings().helpdesk_phone
    return rx.vstack(
        rx.box(contact_numbers(), data_testid="helpdesk-phone"),
        rx.el.details(
            rx.el.summary(
                rx.text("Dostęp zablokowany? Jak go odblokować", size="2", weight="medium", as_="span"),
                cursor="pointer",
            ),
            rx.text(
                "Po kilku błędnych próbach logowania dostęp jest blokowany. Odblokuje go administrator "
                "Twojej firmy w eBOK (menu Użytkownicy, przycisk „Odblokuj obecne hasło” – kolejne próby "
                "dotychczasowym hasłem – albo „Odblokuj generowanie nowego hasła” – hasło tymczasowe "
                f"SMS-em) lub HelpDesk pod numerem {phone}. Administrator nie może odblokować sam siebie.",
                size="2",
                color=theme.MUTED,
                padding_top="4px",
            ),
        ),
        rx.flex(
            rx.link("Pomoc i pytania", href=routes.HELP, size="2"),
            rx.link("Regulamin", href=routes.TERMS, size="2"),
            column_gap="16px",
            wrap="wrap",
        ),
        spacing="2",
        width="100%",
        padding_top="8px",
        border_top=f"1px solid {theme.CARD_BORDER}",
    )


def tip(icon: str, text) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=18, color="white", flex_shrink="0"),
        rx.text(text, size="2", color="rgba(255,255,255,0.85)"),
        align="start",
        spacing="3",
    )


def side_panel() -> rx.Component:
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
            rx.cond(
                LoginState.encrypted,
                tip(
                    "shield-check",
                    "Połączenie jest szyfrowane (TLS). Sprawdź adres strony przed podaniem danych.",
                ),
                tip(
                    "shield-alert",
                    "To połączenie nie jest szyfrowane. Sprawdź, czy adres strony zaczyna się od https://.",
                ),
            ),
            tip(
                "message-square-warning",
                "System nigdy nie prosi o podanie innych danych niż MilleKod, login, "
                "wybrane znaki hasła i kod jednorazowy.",
            ),
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
        rx.el.main(login_card(), flex="1", min_width="0", display="flex"),
        spacing="0",
        width="100%",
        background=theme.PAGE_BG,
        align="stretch",
    )


def login_card() -> rx.Component:
    """The steps of the log-in, centred in the page's main landmark."""
    return rx.center(
        rx.vstack(
            rx.hstack(
                rx.box(brand(compact=True), background=theme.NAVY, padding="10px 14px", border_radius="12px"),
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
                ("verify", verify_step()),
                new_password_step(),
            ),
            help_line(),
            spacing="4",
            width="100%",
            max_width="440px",
            background="white",
            padding=["20px", "32px"],
            border_radius="16px",
            border=f"1px solid {theme.CARD_BORDER}",
            box_shadow="0 10px 30px rgba(11,37,69,0.06)",
        ),
        width="100%",
        min_height="100vh",
        padding=["12px", "24px"],
        align_items=["start", "center"],
    )
