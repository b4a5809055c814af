"""The demo SMS inbox: what the outbox "sent" to demo companies, so a demo needs no phone. Off outside demo
mode (`EBOK_DEMO=1`), and never showing a real company's messages or a real employee's code."""

from __future__ import annotations

import reflex as rx

from ebok_app.accounts.staff import current_codes
from ebok_app.portfolio.formatting import format_moment
from ebok_app.settings import get_settings
from ebok_app.sms.outbox import readable_body, recent_messages
from ebok_app.state.auth import now
from ebok_app.state.transactions import transaction


class DemoInboxState(rx.State):
    messages: list[dict] = []
    staff_codes: list[dict] = []  # the simulated tokens of the demo employees: login, name, code
    enabled: bool = False

    @rx.event
    def load(self):
        self.enabled = get_settings().demo_mode
        if not self.enabled:
            self.messages, self.staff_codes = [], []
            return
        with transaction() as session:
            self.messages = [
                {
                    "id": m.id,
                    "phone": m.phone,
                    "body": readable_body(m),
                    "at": format_moment(m.created_at, seconds=True),
                    "purpose": m.purpose,
                }
                for m in recent_messages(session, limit=30, demo_only=True)
            ]
            self.staff_codes = [
                {"login": login, "name": name, "code": code}
                for login, name, code in current_codes(session, now())
            ]
