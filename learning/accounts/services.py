"""Account operations: registration, confirmation, sign-in checks, passwords and roles.

Functions add and flush; the route commits (one transaction per request).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from learning.accounts.models import ROLES, User, UserRole, new_auth_token
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db

CONFIRM_MAX_AGE = 7 * 24 * 3600
RESET_MAX_AGE = 3600
PASSWORD_MIN = 10
PASSWORD_MAX = 128

# The most common passwords of at least PASSWORD_MIN characters in public breach lists.
COMMON_PASSWORDS = frozenset(
    """
    1234567890 12345678910 123456789a 0123456789 1q2w3e4r5t qwertyuiop 1qaz2wsx3edc
    password123 password1234 iloveyou12 qwerty1234 qwerty12345 abcdefghij abc1234567
    contraseña contrasena contrasena1 contraseña1 contrasena123 contraseña123 password12
    administrator administrador 1111111111 0000000000 aaaaaaaaaa qazwsxedcrfv passw0rd123
    welcome123 bienvenido bienvenido1 teamo12345 mexico1234 guatemala1 puente1234
    """.split()
)


class AccountError(Exception):
    """A domain rule refused the operation; ``code`` names which."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def normalise_email(email: str) -> str:
    """E-mails compare without case or surrounding spaces."""
    return email.strip().lower()


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why ``password`` is not acceptable (a code), or None when it is."""
    if len(password) < PASSWORD_MIN:
        return "too_short"
    if len(password) > PASSWORD_MAX:
        return "too_long"
    lowered = password.casefold()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) < 4:
        return "too_common"
    local = normalise_email(email).split("@")[0]
    if (local and len(local) >= 4 and local in lowered) or (name and lowered == name.casefold()):
        return "too_personal"
    return None


def hash_password(password: str) -> str:
    """A memory-hard (scrypt) hash of ``password``."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def find_by_email(email: str) -> User | None:
    """The user with this e-mail in any letter case, or None."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def email_taken(email: str) -> bool:
    """Whether an account already uses this e-mail (any letter case)."""
    return (
        db.session.scalar(select(func.count(User.id)).where(User.email == normalise_email(email)))
        > 0
    )


def register(
    *,
    email: str,
    name: str,
    password: str,
    preferred_language: str,
    country: str | None = None,
    organisation: str | None = None,
    sector: str | None = None,
    gender: str | None = None,
    confirmed: bool = False,
) -> User:
    """Create an account. Raises AccountError("email_taken") or ("weak_password:<why>")."""
    if email_taken(email):
        raise AccountError("email_taken")
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise AccountError(f"weak_password:{problem}")
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        password_hash=hash_password(password),
        preferred_language=preferred_language,
        country=country or None,
        organisation=(organisation or "").strip() or None,
        sector=sector or None,
        gender=gender or None,
        confirmed_at=utcnow() if confirmed else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def check_credentials(email: str, password: str) -> User:
    """The user these credentials belong to.

    Raises AccountError "bad_credentials", "unconfirmed" or "deactivated" (the last two only
    once the password is right, so they reveal nothing to someone guessing).
    """
    user = find_by_email(email)
    if user is None or not check_password_hash(user.password_hash, password):
        if user is None:
            # Spend the same time as a real check so timing does not reveal which e-mails exist.
            check_password_hash(_dummy_hash(), password)
        raise AccountError("bad_credentials")
    if not user.active:
        raise AccountError("deactivated")
    if user.confirmed_at is None:
        raise AccountError("unconfirmed")
    return user


_DUMMY: dict[str, str] = {}


def _dummy_hash() -> str:
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY:
        _DUMMY[method] = generate_password_hash("not-a-real-password", method=method)
    return _DUMMY[method]


def record_login(user: User) -> None:
    """Remember when the user last signed in."""
    user.last_login_at = utcnow()


def set_password(user: User, password: str) -> None:
    """Change the password and sign out other sessions. Raises AccountError("weak_password:…")."""
    problem = password_problem(password, email=user.email, name=user.name)
    if problem:
        raise AccountError(f"weak_password:{problem}")
    user.password_hash = hash_password(password)
    user.auth_token = new_auth_token()


def set_roles(user: User, roles: set[str]) -> None:
    """Make ``roles`` exactly the roles ``user`` holds. Raises AccountError("unknown_role")."""
    if not roles <= set(ROLES):
        raise AccountError("unknown_role")
    current = {row.role: row for row in user.role_rows}
    for role, row in current.items():
        if role not in roles:
            user.role_rows.remove(row)
    for role in sorted(roles - current.keys()):
        user.role_rows.append(UserRole(role=role))
    db.session.flush()


def count_admins() -> int:
    """How many active accounts hold the administrator role."""
    return (
        db.session.scalar(
            select(func.count(UserRole.id))
            .join(User, User.id == UserRole.user_id)
            .where(UserRole.role == "admin", User.active.is_(True))
        )
        or 0
    )


def set_active(user: User, active: bool) -> None:
    """Activate or deactivate an account; deactivation ends its sessions."""
    user.active = active
    if not active:
        user.auth_token = new_auth_token()


# Signed links -----------------------------------------------------------------------------


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:20]


def confirmation_token(user: User) -> str:
    """A signed token confirming ``user``'s current e-mail address."""
    return _serializer("confirm-email").dumps({"u": user.id, "e": _fingerprint(user.email)})


def reset_token(user: User) -> str:
    """A signed one-hour token that stops working once the password changes."""
    return _serializer("reset-password").dumps(
        {"u": user.id, "p": _fingerprint(user.password_hash)}
    )


@dataclass
class TokenResult:
    """The user a link names, or why the link is refused (``problem``)."""

    user: User | None
    problem: str | None


def _load(salt: str, token: str, max_age: int) -> tuple[dict[str, Any] | None, str | None]:
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired:
        return None, "expired"
    except BadSignature:
        return None, "invalid"
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None, "invalid"
    return data, None


def confirm_email(token: str) -> TokenResult:
    """Confirm the e-mail a token names; problems: expired, invalid, used."""
    data, problem = _load("confirm-email", token, CONFIRM_MAX_AGE)
    if data is None:
        return TokenResult(None, problem)
    user = db.session.get(User, data["u"])
    if user is None or data.get("e") != _fingerprint(user.email):
        return TokenResult(None, "invalid")
    if user.confirmed_at is not None:
        return TokenResult(user, "used")
    user.confirmed_at = utcnow()
    return TokenResult(user, None)


def user_for_reset(token: str) -> TokenResult:
    """The user a reset link is for; problems: expired, invalid, used."""
    data, problem = _load("reset-password", token, RESET_MAX_AGE)
    if data is None:
        return TokenResult(None, problem)
    user = db.session.get(User, data["u"])
    if user is None:
        return TokenResult(None, "invalid")
    if data.get("p") != _fingerprint(user.password_hash):
        return TokenResult(None, "used")
    if not user.active:
        return TokenResult(None, "invalid")
    return TokenResult(user, None)
