"""``flask demo``: demo content in both languages so a newcomer sees every feature alive."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from learning.accounts import services as accounts
from learning.accounts.models import User
from learning.platform.extensions import db

DEMO_PASSWORD = "puente-demo-2026"  # noqa: S105 - printed on purpose for the demo

DEMO_USERS = [
    # email, name, roles, language, country, organisation, sector, gender
    ("admin@demo.puente", "Adriana Admin", ["admin"], "es", "MX", "Programa Puente",
     "international", "woman"),
    ("trainer@demo.puente", "Tomás Facilitador", ["trainer"], "es", "GT",
     "Red de Periodistas de Centroamérica", "media", "man"),
    ("researcher@demo.puente", "Rosa Investigadora", ["researcher"], "es", "CR",
     "Centro de Estudios para el Desarrollo", "academia", "woman"),
    ("curator@demo.puente", "Carmen Curadora", ["curator", "moderator"], "en", "ES",
     "EU-LAC Knowledge Network", "academia", "woman"),
    ("participant@demo.puente", "Pablo Participante", [], "es", "HN",
     "Radio Comunitaria Sur", "media", "man"),
    ("graduate@demo.puente", "Gabriela Graduada", [], "es", "SV",
     "Asamblea Legislativa", "government", "woman"),
    ("learner@demo.puente", "Lee Learner", [], "en", "BZ",
     "Belize Civic Forum", "civil-society", "undisclosed"),
]  # fmt: skip


def database_is_empty() -> bool:
    """Whether nobody has an account yet."""
    return (db.session.scalar(select(func.count(User.id))) or 0) == 0


# Each feature adds its demo content with a ``load(users)`` function in its own module, run in
# this order (later features build on earlier ones); ``users`` maps demo e-mails to User rows.
FEATURE_LOADERS: list[str] = [
    "learning.demo.workshops",
    "learning.demo.research",
    "learning.demo.enrolment",
    "learning.demo.completion",
    "learning.demo.dashboard",
    "learning.demo.events",
    "learning.demo.calls",
    "learning.demo.network",
    "learning.demo.network_talk",
    "learning.demo.api",
    "learning.demo.webhooks",
]


def load_demo() -> list[tuple[str, str, list[str]]]:
    """Create the demo content; returns (email, password, roles) for every demo account."""
    from importlib import import_module

    created = []
    users: dict[str, User] = {}
    for email, name, roles, language, country, organisation, sector, gender in DEMO_USERS:
        user = accounts.register(
            email=email,
            name=name,
            password=DEMO_PASSWORD,
            preferred_language=language,
            country=country,
            organisation=organisation,
            sector=sector,
            gender=gender,
            confirmed=True,
        )
        accounts.set_roles(user, set(roles))
        users[email] = user
        created.append((email, DEMO_PASSWORD, roles))
    for module in FEATURE_LOADERS:
        import_module(module).load(users)
        db.session.flush()
    return created


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has accounts.")
@with_appcontext
def demo_command(if_empty: bool) -> None:
    """Load demo content in Spanish and English."""
    if not database_is_empty():
        if if_empty:
            click.echo("The database already has content; demo not loaded.")
            return
        raise click.ClickException("the database is not empty; the demo loads into an empty one")
    created = load_demo()
    db.session.commit()
    click.echo("Demo content loaded. Sign in at http://127.0.0.1:5000/account/sign-in with:")
    for email, password, roles in created:
        click.echo(f"  {email:28} {password}   roles: {', '.join(['participant', *roles])}")
