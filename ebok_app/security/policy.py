"""The password policy a bank would use, with the reasons in Polish for the page that explains it."""

from __future__ import annotations

import secrets
import string

from ebok_app.i18n.catalogues import N_, gettext

MIN_LENGTH = 12
MAX_LENGTH = 32
ALLOWED = set(string.ascii_letters + string.digits + string.punctuation)

RULES_PL: tuple[str, ...] = (
    N_("od {low} do {high} znaków"),  # filled with MIN_LENGTH, MAX_LENGTH where shown
    N_(
        "co najmniej jedna wielka litera, jedna mała litera, jedna cyfra i jeden znak specjalny (np. ! # % *)"
    ),
    N_("tylko litery bez polskich znaków, cyfry i znaki specjalne; bez spacji"),
    N_("nie może zawierać loginu ani powtarzać tego samego znaku więcej niż 3 razy z rzędu"),
    N_("musi się różnić od obecnego hasła"),
)


def password_problems(password: str, login: str) -> list[str]:
    """What is wrong with `password` for the user `login`, in Polish; empty when it is acceptable.

    (Whether it differs from the current password is checked against the stored hash by the caller.)
    """
    problems = []
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        problems.append(
            gettext("Hasło musi mieć od {low} do {high} znaków.").format(low=MIN_LENGTH, high=MAX_LENGTH)
        )
    if any(c not in ALLOWED for c in password):
        problems.append(
            gettext(
                "Hasło może zawierać tylko litery bez polskich znaków, cyfry i znaki specjalne, bez spacji."
            )
        )
    classes = (string.ascii_uppercase, string.ascii_lowercase, string.digits, string.punctuation)
    if not all(any(c in group for c in password) for group in classes):
        problems.append(gettext("Hasło musi zawierać wielką literę, małą literę, cyfrę i znak specjalny."))
    if login and login.lower() in password.lower():
        problems.append(gettext("Hasło nie może zawierać loginu."))
    if any(
        password[i] == password[i + 1] == password[i + 2] == password[i + 3] for i in range(len(password) - 3)
    ):
        problems.append(gettext("Hasło nie może powtarzać tego samego znaku więcej niż 3 razy z rzędu."))
    return problems


def temporary_password() -> str:
    """A random temporary password that meets the policy (for first log-in and resets)."""
    rng = secrets.SystemRandom()
    pools = (string.ascii_uppercase, string.ascii_lowercase, string.digits, "!#%*+-=?@")
    while True:
        chars = [rng.choice(pool) for pool in pools] + [
            rng.choice("".join(pools)) for _ in range(MIN_LENGTH - 4)
        ]
        rng.shuffle(chars)
        candidate = "".join(chars)
        if not password_problems(candidate, ""):
            return candidate
