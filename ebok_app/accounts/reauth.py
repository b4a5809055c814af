"""Re-authentication before a change of the way one logs in (Profil: the password, masking on or off).

The current password is asked again, and a wrong one counts as a failed log-in: enough of them lock the
account (and so end its sessions), exactly as at the log-in. What does not depend on a secret (the new
password's rules, the two copies matching) is checked and told first; the current password only after,
with one answer for every failure (wrong password, locked account), so nothing can be learnt from it.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from ebok_app import accounts
from ebok_app.models import Company, User
from ebok_app.security import audit
from ebok_app.security.passwords import verify_password
from ebok_app.security.policy import password_problems

FAILED_PL = "Nie udało się potwierdzić tożsamości obecnym hasłem. Zmiana nie została zapisana."


def confirm(
    db: Session, user: User, password: str, *, action: str, now: datetime, max_failures: int, ip: str | None
) -> bool:
    """True when `password` is the user's current one and the account is not locked. A wrong one is a
    failed log-in (audited; it may lock the account)."""
    right = verify_password(password or "", user.password_hash)
    company = db.get(Company, user.company_id)
    actor = f"{company.millekod}/{user.login}"
    if right and user.locked_at is None:
        return True
    if not right and accounts.register_failure(user, now, max_failures):
        audit.record(db, "lockout", "ok", actor, company_id=user.company_id, user_id=user.id, ip=ip)
    audit.record(db, action, "reauth_failed", actor, company_id=user.company_id, user_id=user.id, ip=ip)
    return False


def new_password_problems(user: User, new: str, repeated: str) -> list[str]:
    """What is wrong with the new password on its face (before the current one is looked at)."""
    if new != repeated:
        return ["Hasła w obu polach muszą być takie same."]
    return password_problems(new, user.login)
