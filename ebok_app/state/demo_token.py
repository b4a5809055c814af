"""The demo token emulator (/demo/token): the answer of a demo user's reader token to a challenge.
Off outside demo mode."""

from __future__ import annotations

import asyncio

import reflex as rx

from ebok_app.i18n.catalogues import N_, gettext
from ebok_app.security import reader
from ebok_app.settings import get_settings
from ebok_app.state.transactions import transaction

REFUSED_PL = N_("Ten MilleKod i login nie mają tokena z czytnikiem albo kod nie ma 8 cyfr.")


def _emulate(millekod: str, user_login: str, challenge: str) -> str:
    with transaction() as session:
        return reader.emulate(session, millekod, user_login, challenge)


class DemoTokenState(rx.State):
    enabled: bool = False
    answer: str = ""
    error: str = ""

    @rx.event
    def load(self):
        self.enabled = get_settings().demo_mode
        self.answer = self.error = ""

    @rx.event
    async def respond(self, form: dict):
        if not get_settings().demo_mode:
            self.enabled, self.answer = False, ""
            return
        try:
            self.answer = await asyncio.to_thread(
                _emulate,
                str(form.get("millekod", "")),
                str(form.get("login", "")),
                str(form.get("challenge", "")),
            )
            self.error = ""
        except reader.EmulatorRefused:
            self.answer, self.error = "", gettext(REFUSED_PL)
