"""Demo API tokens: the demo researcher has a read-only token for a script (revoked, since
its secret was never shown to anybody) and one that may register for events, so the tokens
page shows both states. Made through the API's services, as the page does."""

from __future__ import annotations

from learning.accounts.models import User
from learning.api.services import tokens

RESEARCHER = "researcher@demo.puente"


def load(users: dict[str, User]) -> None:
    """Add the demo researcher's two tokens."""
    owner = users.get(RESEARCHER)
    if owner is None:
        return
    old = tokens.create(owner, name="Script de análisis (antiguo)", scopes=set(), days=90)
    tokens.revoke(old.row, by=owner)
    tokens.create(owner, name="Agenda de eventos", scopes={"events:write"}, days=365)
