"""The log-in page's state: the three steps of guide 001 and the first log-in's new password.

The fields are uncontrolled inputs read once from the submitted form: no password character is kept in
the state. The attempt token is a backend-only var; the verdict is given once, at the end.
"""

from __future__ import annotations

import asyncio
import secrets

import reflex as rx

from ebok_app import routes
from ebok_app.models import User
from ebok_app.security import login
from ebok_app.settings import get_settings
from ebok_app.state.auth import LOGOUT_REASONS_PL, AuthState, in_thread, now
from ebok_app.state.transactions import transaction, warm_up_frames

THROTTLED_PL = "Zbyt wiele prób logowania. Spróbuj ponownie za godzinę albo skontaktuj się z HelpDeskiem."


def _finish(attempt_token: str, answers: str | dict[int, str], ip: str | None) -> login.Outcome:
    with transaction() as session:
        return login.finish(session, attempt_token, answers, ip, now(), get_settings())


def _set_first_password(
    attempt_token: str, password: str, repeated: str, ip: str | None
) -> tuple[list[str], int | None]:
    with transaction() as session:
        return login.set_first_password(session, attempt_token, password, repeated, ip, now(), get_settings())


def _shuffled_digits() -> list[str]:
    digits = list("0123456789")
    secrets.SystemRandom().shuffle(digits)
    return digits


class LoginState(rx.State):
    _attempt_token: str = ""

    step: str = "identify"  # identify, code, password, new_password
    millekod: str = ""
    login: str = ""
    otp_method: str = "sms"
    phone_hint: str = ""
    password_mode: str = "masked"
    boxes: list[dict] = []  # {"pos": 1, "enabled": True} for each character of the password
    error: str = ""
    notice: str = ""
    problems: list[str] = []
    digits: list[str] = _shuffled_digits()
    keyboard_open: bool = False
    ready: bool = False  # the page is connected: until then "Dalej" stays disabled (no native submit)

    @rx.event
    def toggle_keyboard(self):
        self.keyboard_open = not self.keyboard_open

    @rx.event
    async def open_page(self):
        """on_load: a signed-in tab goes to the portal; otherwise a fresh first step."""
        auth = await self.get_state(AuthState)
        if await asyncio.to_thread(auth._signed_in, touch=False) is not None:
            return rx.redirect(routes.DASHBOARD)
        reason = self.router.url.query_parameters.get("powod", "")
        self._restart(LOGOUT_REASONS_PL.get(reason, ""))
        self.ready = True
        return None

    def _restart(self, notice: str = "", error: str = "") -> None:
        self._attempt_token = ""
        self.step, self.boxes, self.problems = "identify", [], []
        self.notice, self.error = notice, error
        self.digits = _shuffled_digits()

    @rx.event
    def start_over(self):
        self._restart()

    @rx.event
    @in_thread  # the SMS code's delivery (an HTTP call after the commit) must not stall the other tabs
    def submit_identity(self, form: dict):
        millekod, user_login = str(form.get("millekod", "")), str(form.get("login", ""))
        try:
            with transaction() as session:
                challenge = login.begin(
                    session,
                    millekod,
                    user_login,
                    self.router.session.client_ip or None,
                    now(),
                    get_settings(),
                )
        except login.LoginInputError as exc:
            self.error = str(exc)
            return
        except login.Throttled:
            self.error = THROTTLED_PL
            return
        self._attempt_token = challenge.attempt_token
        self.millekod, self.login = millekod.strip(), user_login.strip()
        self.otp_method, self.phone_hint = challenge.otp_method, challenge.phone_hint
        self.password_mode = challenge.password_mode
        enabled = set(challenge.positions)
        self.boxes = [{"pos": p, "enabled": p in enabled} for p in range(1, challenge.length + 1)]
        self.step, self.error, self.notice = "code", "", ""
        self.digits = _shuffled_digits()

    @rx.event
    @in_thread
    def submit_code(self, form: dict):
        try:
            with transaction() as session:
                login.submit_code(
                    session, self._attempt_token, str(form.get("code", "")), now(), get_settings()
                )
        except login.LoginInputError as exc:
            if exc.restart:
                self._restart(error=str(exc))
            else:
                self.error = str(exc)
            return
        self.step, self.error = "password", ""
        self.digits = _shuffled_digits()

    @rx.event
    async def submit_password(self, form: dict):
        if self.password_mode == login.PasswordMode.MASKED:
            answers: str | dict[int, str] = {
                int(key[1:]): str(value)
                for key, value in form.items()
                if key.startswith("p") and key[1:].isdigit() and str(value)
            }
        else:
            answers = str(form.get("password", ""))
        try:
            # argon2id takes ~0.2 s of CPU and frees the GIL: in a thread, the worker's other users are
            # served meanwhile (on the event loop it stalled every tab of the worker; bench/load.py)
            outcome = await asyncio.to_thread(
                _finish, self._attempt_token, answers, self.router.session.client_ip or None
            )
        except login.LoginInputError as exc:
            self._restart(error=str(exc))
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
        self._restart()
        return rx.redirect(routes.DASHBOARD)
