"""The password policy a bank would use, with the reasons in Polish for the page that explains it."""

from __future__ import annotations

import secrets
import string

MIN_LENGTH = 12
MAX_LENGTH = 32
ALLOWED = set(string.ascii_letters + string.digits + string.punctuation)

RULES_PL: tuple[str, ...] = (
    f"od {MIN_LENGTH} do {MAX_LENGTH} znaków",
    "co najmniej jedna wielka litera, jedna mała litera, jedna cyfra i jeden znak specjalny (np. ! # % *)",
    "tylko litery bez polskich znaków, cyfry i znaki specjalne; bez spacji",
    "nie może zawierać loginu ani powtarzać tego samego znaku więcej niż 3 razy z rzędu",
    "musi się różnić od obecnego hasła",
)


def password_problems(password: str, login: str) -> list[str]:
    """What is wrong with `password` for the user `login`, in Polish; empty when it is acceptable.

    (Whether it differs from the current password is checked against the stored hash by the caller.)
    """
    problems = []
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        problems.append(f"Hasło musi mieć od {MIN_LENGTH} do {MAX_LENGTH} znaków.")
    if any(c not in ALLOWED for c in password):
        problems.append(
            "Hasło może zawierać tylko litery bez polskich znaków, cyfry i znaki specjalne, bez spacji."
        )
    classes = (string.ascii_uppercase, string.ascii_lowercase, string.digits, string.punctuation)
    if not all(any(c in group for c in password) for group in classes):
        problems.append("Hasło musi zawierać wielką literę, małą literę, cyfrę i znak specjalny.")
    if login and login.lower() in password.lower():
        problems.append("Hasło nie może zawierać loginu.")
    if any(
        password[i] == password[i + 1] == password[i + 2] == password[i + 3] for i in range(len(password) - 3)
    ):
        problems.append("Hasło nie może powtarzać tego samego znaku więcej niż 3 razy z rzędu.")
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
