"""The demo SMS inbox: what the outbox "sent" to demo companies, so a demo needs no phone. Off outside demo
mode (`EBOK_DEMO=1`), and never showing a real company's messages or a real employee's code."""

from __future__ import annotations

import reflex as rx

from ebok_app.accounts.staff import StaffCode, current_codes
from ebok_app.settings import get_settings
from ebok_app.sms.outbox import recent_messages
from ebok_app.sms.rows import DemoSms, demo_row
from ebok_app.state.auth import now
from ebok_app.state.transactions import transaction


class DemoInboxState(rx.State):
    messages: list[DemoSms] = []
    staff_codes: list[StaffCode] = []  # the simulated tokens of the demo employees
    enabled: bool = False

    @rx.event
    def load(self):
        self.enabled = get_settings().demo_mode
        if not self.enabled:
            self.messages, self.staff_codes = [], []
            return
        with transaction() as session:
            self.messages = [demo_row(m) for m in recent_messages(session, limit=30, demo_only=True)]
            self.staff_codes = current_codes(session, now())
