"""Demo webhooks: the demo admin registered a partner's endpoint for enrolments and
certificates, then stopped it (a demo runs on a closed network: nothing could receive it), so
the webhooks page shows a stopped endpoint with a test event waiting in its log. Made through
the webhooks' services, as the page does."""

from __future__ import annotations

from learning.accounts.models import User
from learning.webhooks import services

STAFF = "admin@demo.puente"


def load(users: dict[str, User]) -> None:
    """Add the demo admin's stopped endpoint and its waiting test event."""
    owner = users.get(STAFF)
    if owner is None:
        return
    made = services.create(
        owner,
        url="https://informes.example.org/puente/webhooks",
        description="Informes del financiador (demostración)",
        event_types={"enrolment.changed", "certificate.issued", "certificate.revoked"},
    )
    services.disable(made.row, "staff", by=owner)
    services.send_test(made.row, by=owner)
