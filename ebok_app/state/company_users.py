"""Company administration: the users of the administrator's own company and the two unlocks."""

from __future__ import annotations

import reflex as rx
from sqlmodel import col, select

from ebok_app import db
from ebok_app.models import Role, User
from ebok_app.notifications.outbox import send_sms
from ebok_app.security import accounts, audit, sessions
from ebok_app.security.accounts import Actor, PermissionDenied
from ebok_app.security.sessions import SignedIn
from ebok_app.settings import get_settings
from ebok_app.state.auth import guard, now, to_login

ROLE_LABELS_PL = {Role.ADMIN: "administrator", Role.FINANCE: "finanse", Role.VIEWER: "podgląd"}
NO_RIGHT_PL = "Tę operację może wykonać tylko administrator firmy."


def _when(moment) -> str:
    return moment.astimezone().strftime("%d.%m.%Y %H:%M") if moment else "—"


def _row(user: User, me: int) -> dict:
    state = accounts.account_state(user)
    return {
        "id": user.id,
        "name": f"{user.first_name} {user.last_name}",
        "login": user.login,
        "role": ROLE_LABELS_PL.get(user.role, user.role),
        "method": "token" if user.auth_method == "token" else "SMS",
        "state": state.value,
        "state_label": accounts.STATE_LABELS_PL[state],
        "failed": user.failed_attempts,
        "last_login": _when(user.last_login_at),
        "last_failed": _when(user.last_failed_login_at),
        "is_me": user.id == me,
    }


class CompanyUsersState(rx.State):
    users: list[dict] = []
    message: str = ""
    error: str = ""

    def _reload(self, info: SignedIn) -> None:
        with db.session_scope() as session:
            rows = session.exec(
                select(User).where(User.company_id == info.company_id).order_by(col(User.last_name))
            ).all()
            self.users = [_row(u, info.user_id) for u in rows]

    @rx.event
    async def load(self):
        self.message = self.error = ""
        info = await guard(self)
        if info is None:
            return None  # require_login, the other on_load handler, sends the tab to the log-in
        if info.role != Role.ADMIN:
            self.error, self.users = NO_RIGHT_PL, []
        else:
            self._reload(info)
        return None

    @rx.event
    async def unlock_current(self, user_id: int):
        return await self._unlock(user_id, new_password=False)

    @rx.event
    async def unlock_new_password(self, user_id: int):
        return await self._unlock(user_id, new_password=True)

    async def _unlock(self, user_id: int, new_password: bool):
        info = await guard(self)
        if info is None:
            return to_login()
        action = "unlock_new_password" if new_password else "unlock_current_password"
        actor = Actor(info.actor, info.company_id, info.user_id, info.role)
        ip = self.router.session.client_ip or None
        with db.session_scope() as session:
            target = session.get(User, user_id) if isinstance(user_id, int) else None
            try:
                if target is None or target.company_id != info.company_id:
                    raise PermissionDenied("no such user in the actor's company")
                if new_password:
                    temporary = accounts.unlock_with_new_password(actor, target)
                    sessions.end_all(session, target.id, now(), "password_reset")
                    send_sms(
                        session,
                        phone=target.phone,
                        purpose="temp_password",
                        body=f"eBOK: hasło tymczasowe: {temporary} . Przy logowaniu ustawisz własne hasło.",
                        idempotency_key=f"temp_password:{target.id}:{now().timestamp()}",
                        user_id=target.id,
                        company_id=target.company_id,
                    )
                else:
                    accounts.unlock_current_password(actor, target, get_settings().max_failed_logins)
            except PermissionDenied:
                audit.record(
                    session,
                    action,
                    "denied",
                    info.actor,
                    company_id=info.company_id,
                    user_id=info.user_id,
                    ip=ip,
                    target_user_id=user_id if isinstance(user_id, int) else None,
                )
                self.error, self.message = NO_RIGHT_PL, ""
                return None
            audit.record(
                session,
                action,
                "ok",
                info.actor,
                company_id=info.company_id,
                user_id=info.user_id,
                ip=ip,
                target_user_id=target.id,
                target_login=target.login,
            )
            name = f"{target.first_name} {target.last_name}"
        self.error = ""
        self.message = (
            f"Odblokowano generowanie nowego hasła dla: {name}. Hasło tymczasowe poszło SMS-em na jego numer."
            if new_password
            else f"Odblokowano obecne hasło dla: {name}. Ma {get_settings().max_failed_logins} kolejne próby."
        )
        self._reload(info)
        return None
