"""What the browser gets of client users: the card the company administrator (Użytkownicy) and the
helpdesk (Klienci) both show, and an open change of a number."""

from __future__ import annotations

from typing import TypedDict

from ebok_app import accounts
from ebok_app.models import AuthChange, PhoneChange, PhoneChangeStatus, Role, User
from ebok_app.portfolio.formatting import format_moment, masked_phone
from ebok_app.security import otp

ROLE_LABELS_PL = {Role.ADMIN: "administrator", Role.FINANCE: "finanse", Role.VIEWER: "podgląd"}


class UserCard(TypedDict):
    id: int
    name: str
    login: str
    phone: str
    role: str
    method: str  # the one-time code's tool
    other_method: str  # the tool a change would switch to
    state: str  # accounts.AccountState
    state_label: str
    failed: int
    last_login: str
    last_failed: str


class ColleagueRow(UserCard):
    """A user of the administrator's own company (the phone masked)."""

    role_key: str
    is_me: bool
    tool_change: str  # the tool an open change switches to, or ""


class PhoneChangeRow(TypedDict):
    id: int
    name: str
    login: str
    new_phone: str
    waits_for_code: bool
    since: str


def user_card(user: User, phone: str) -> UserCard:
    state = accounts.account_state(user)
    return {
        "id": user.id,
        "name": f"{user.first_name} {user.last_name}",
        "login": user.login,
        "phone": phone,
        "role": ROLE_LABELS_PL.get(user.role, user.role),
        "method": otp.TOOL_SHORT_PL.get(user.auth_method, "SMS"),
        "other_method": "sms" if user.auth_method == "token" else "token",
        "state": state.value,
        "state_label": accounts.STATE_LABELS_PL[state],
        "failed": user.failed_attempts,
        "last_login": format_moment(user.last_login_at),
        "last_failed": format_moment(user.last_failed_login_at),
    }


def colleague_row(user: User, me: int, tool_change: AuthChange | None) -> ColleagueRow:
    return {
        **user_card(user, masked_phone(user.phone)),
        "role_key": user.role,
        "is_me": user.id == me,
        "tool_change": "" if tool_change is None else tool_change.new_method,
    }


def phone_change_row(change: PhoneChange, user: User) -> PhoneChangeRow:
    """An open change of a number, as Użytkownicy (and Profil) show it."""
    return {
        "id": change.id,
        "name": f"{user.first_name} {user.last_name}",
        "login": user.login,
        "new_phone": change.new_phone,
        "waits_for_code": change.status == PhoneChangeStatus.CODE_SENT,
        "since": format_moment(change.created_at),
    }
