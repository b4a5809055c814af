"""The log-in page's state: step one (MilleKod + login), step two (the password and the one-time code
together, one verdict) and the first log-in's new password.

The fields are uncontrolled inputs read once from the submitted form: no password character is kept in
the state. The attempt token is a backend-only var. Which password shape the form shows (masked
characters, the whole password, a temporary password) is the user's choice, remembered by the browser:
the server never tells it, so step two looks the same for every login.
"""

from __future__ import annotations

import asyncio
import secrets
from typing import TypedDict

import reflex as rx

from ebok_app import routes
from ebok_app.accounts import login
from ebok_app.models import AuthMethod, User
from ebok_app.security import reader
from ebok_app.settings import get_settings
from ebok_app.state.auth import LOGOUT_REASONS_PL, AuthState, now
from ebok_app.state.transactions import transaction, warm_up_frames

THROTTLED_PL = "Zbyt wiele prób logowania. Spróbuj ponownie za godzinę albo skontaktuj się z HelpDeskiem."
SHAPES = ("masked", "whole", "temporary")


def _begin(millekod: str, user_login: str, ip: str | None) -> login.Challenge:
    with transaction() as session:
        return login.begin(session, millekod, user_login, ip, now(), get_settings())


def _send_login_code(attempt_token: str) -> None:
    with transaction() as session:
        login.send_login_code(session, attempt_token, now(), get_settings())


def _finish(attempt_token: str, code: str, answers: str | dict[int, str], ip: str | None) -> login.Outcome:
    with transaction() as session:
        return login.finish(session, attempt_token, code, answers, ip, now(), get_settings())


def _set_first_password(
    attempt_token: str, password: str, repeated: str, ip: str | None
) -> tuple[list[str], int | None]:
    with transaction() as session:
        return login.set_first_password(session, attempt_token, password, repeated, ip, now(), get_settings())


def _shuffled_digits() -> list[str]:
    digits = list("0123456789")
    secrets.SystemRandom().shuffle(digits)
    return digits


def masked_answers(form: dict) -> dict[int, str]:
    """{position: character} from the boxes p1..pN of the submitted form (empty boxes left out)."""
    return {
        int(key[1:]): str(value)
        for key, value in form.items()
        if key.startswith("p") and key[1:].isdigit() and str(value)
    }


class PasswordBox(TypedDict):
    """One box of the masked password: its position, whether it is asked for, whether it takes the focus."""

    pos: int
    enabled: bool
    first: bool


class LoginState(rx.State):
    _attempt_token: str = ""

    step: str = "identify"  # identify, verify, new_password
    millekod: str = ""
    login: str = ""
    otp_method: str = "sms"
    code_digits: int = 6
    phone_hint: str = ""
    reader_challenge: str = ""  # the digits printed under the graphic code
    reader_picture: str = ""  # the graphic code (an SVG data URI)
    password_shape: str = rx.LocalStorage("masked", name="ebok_password_shape")
    boxes: list[PasswordBox] = []
    error: str = ""
    notice: str = ""
    problems: list[str] = []
    digits: list[str] = _shuffled_digits()
    keyboard_open: bool = False
    encrypted: bool = False  # the browser reached the site over TLS (its origin, or a trusted proxy)
    ready: bool = False  # the page is connected: until then "Dalej" stays disabled (no native submit)

    @rx.event
    def toggle_keyboard(self):
        self.keyboard_open = not self.keyboard_open

    @rx.event
    def choose_shape(self, shape: str):
        self.password_shape = shape if shape in SHAPES else "masked"
        self.error = ""

    @rx.event
    async def open_page(self):
        """on_load: a signed-in tab goes to the portal; otherwise a fresh first step."""
        auth = await self.get_state(AuthState)
        if await asyncio.to_thread(auth._signed_in, touch=False) is not None:
            return rx.redirect(routes.DASHBOARD)
        reason = self.router.url.query_parameters.get("powod", "")
        self.millekod, self.login = "", ""
        self._restart(LOGOUT_REASONS_PL.get(reason, ""))
        headers = self.router.headers
        self.encrypted = login.connection_encrypted(
            headers.origin,
            headers.raw_headers.get("x-forwarded-proto", ""),
            get_settings().trusted_proxy_hops,
        )
        self.ready = True
        return None

    def _restart(self, notice: str = "", error: str = "") -> None:
        """Back to step one (MilleKod and login stay filled in after a failure)."""
        self._attempt_token = ""
        self.step, self.boxes, self.problems = "identify", [], []
        self.reader_challenge = self.reader_picture = ""
        self.notice, self.error = notice, error
        self.digits = _shuffled_digits()

    @rx.event
    def start_over(self):
        self.millekod, self.login = "", ""
        self._restart()

    @rx.event
    async def submit_identity(self, form: dict):
        millekod, user_login = str(form.get("millekod", "")), str(form.get("login", ""))
        try:
            challenge = await asyncio.to_thread(
                _begin, millekod, user_login, self.router.session.client_ip or None
            )
        except login.LoginInputError as exc:
            self.error = str(exc)
            return None
        except login.Throttled:
            self.error = THROTTLED_PL
            return None
        self._attempt_token = challenge.attempt_token
        self.millekod, self.login = millekod.strip(), user_login.strip()
        self.otp_method, self.phone_hint = challenge.otp_method, challenge.phone_hint
        self.code_digits = login.code_length(challenge.otp_method)
        self.reader_challenge = challenge.reader_challenge
        self.reader_picture = (
            reader.challenge_picture(challenge.reader_challenge) if challenge.reader_challenge else ""
        )
        enabled, first = set(challenge.positions), min(challenge.positions)
        self.boxes = [
            {"pos": p, "enabled": p in enabled, "first": p == first}
            for p in range(1, challenge.box_count + 1)
        ]
        self.step, self.error, self.notice = "verify", "", ""
        self.digits = _shuffled_digits()
        return LoginState.send_code  # after this response: the timing of step one says nothing

    @rx.event(background=True)
    async def send_code(self):
        async with self:
            attempt_token = self._attempt_token if self.otp_method == AuthMethod.SMS else ""
        if attempt_token:
            await asyncio.to_thread(_send_login_code, attempt_token)

    @rx.event
    async def submit_verification(self, form: dict):
        answers: str | dict[int, str] = (
            masked_answers(form) if self.password_shape == "masked" else str(form.get("password", ""))
        )
        try:
            # argon2id takes ~0.2 s of CPU and frees the GIL: in a thread, the worker's other users are
            # served meanwhile (on the event loop it stalled every tab of the worker; bench/load.py)
            outcome = await asyncio.to_thread(
                _finish,
                self._attempt_token,
                str(form.get("code", "")),
                answers,
                self.router.session.client_ip or None,
            )
        except login.LoginInputError as exc:
            if exc.restart:
                self._restart(error=str(exc))
            else:
                self.error = str(exc)
            return None
        if outcome.verdict == login.Verdict.MUST_CHANGE:
            self.step, self.error, self.problems = "new_password", "", []
            return None
        if outcome.verdict != login.Verdict.SUCCESS:
            self._restart(error=outcome.message)
            return None
        return await self._signed_in(outcome.user_id)

    @rx.event
    async def submit_new_password(self, form: dict):
        try:
            problems, user_id = await asyncio.to_thread(
                _set_first_password,
                self._attempt_token,
                str(form.get("new_password", "")),
                str(form.get("repeat_password", "")),
                self.router.session.client_ip or None,
            )
        except login.LoginInputError as exc:
            self._restart(error=str(exc))
            return None
        if problems:
            self.problems = problems
            return None
        return await self._signed_in(user_id)

    async def _signed_in(self, user_id: int | None):
        auth = await self.get_state(AuthState)
        with transaction() as session:
            user = session.get(User, user_id)
            auth._start_session(user, self.router.headers.user_agent)
            warm_up_frames(user.company_id)  # the portfolio is ready sooner
        self.millekod, self.login = "", ""
        self._restart()
        if self.password_shape == "temporary":
            self.password_shape = "masked"  # a temporary password is used once
        return rx.redirect(routes.DASHBOARD)
