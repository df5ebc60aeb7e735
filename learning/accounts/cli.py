"""``flask users``: create accounts and set passwords from the command line."""

from __future__ import annotations

import click
from email_validator import EmailNotValidError, validate_email
from flask.cli import AppGroup

from learning.accounts import services, signins
from learning.accounts.models import ROLES
from learning.platform.extensions import db

users_cli = AppGroup("users", help="Create accounts and set passwords.")

PASSWORD_PROBLEMS = {
    "too_short": f"the password is too short (at least {services.PASSWORD_MIN} characters)",
    "too_long": f"the password is too long (at most {services.PASSWORD_MAX} characters)",
    "too_common": "the password is too common or too simple",
    "too_personal": "the password contains the name or the e-mail",
}


def _valid_email(email: str) -> str:
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise click.ClickException(f"{email!r} is not a valid e-mail address") from exc
    return services.normalise_email(email)


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", required=True)
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLES), help="Repeatable.")
@click.option("--language", default="es", type=click.Choice(["es", "en"]), show_default=True)
def create_user(
    email: str, name: str, password: str, roles: tuple[str, ...], language: str
) -> None:
    """Create a confirmed account with the given roles."""
    email = _valid_email(email)
    if not name.strip():
        raise click.ClickException("the name is empty")
    try:
        user = services.register(
            email=email,
            name=name,
            password=password,
            preferred_language=language,
            confirmed=True,
        )
    except services.AccountError as exc:
        if exc.code == "email_taken":
            raise click.ClickException(f"an account with {email} already exists") from exc
        raise click.ClickException(PASSWORD_PROBLEMS[exc.code.split(":")[1]]) from exc
    services.set_roles(user, set(roles))
    db.session.commit()
    click.echo(f"Created {email} with roles: participant{''.join(', ' + r for r in roles)}")


@users_cli.command("set-password")
@click.option("--email", required=True)
@click.option("--password", required=True)
def set_password(email: str, password: str) -> None:
    """Set a new password for an existing account (its other sessions end)."""
    user = services.find_by_email(_valid_email(email))
    if user is None:
        raise click.ClickException(f"no account with {email}")
    try:
        services.set_password(user, password)
    except services.AccountError as exc:
        raise click.ClickException(PASSWORD_PROBLEMS[exc.code.split(":")[1]]) from exc
    db.session.commit()
    click.echo(f"Password changed for {user.email}")


@users_cli.command("purge-sign-ins")
def purge_sign_ins() -> None:
    """Forget ended sign-ins and those older than the remember-me cookie (daily)."""
    count = signins.purge_expired_sign_ins()
    db.session.commit()
    click.echo(f"Forgot {count} sign-ins")
