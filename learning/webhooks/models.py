"""Webhook endpoints (a URL, the event types it wants, its signing secret) and their
deliveries (one row per event per endpoint: what was sent, how each attempt went, when the
next one is due)."""

from __future__ import annotations

import base64
import secrets
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db

if TYPE_CHECKING:
    from learning.accounts.models import User

DELIVERY_STATES = ("pending", "delivered", "failed")
# Why an endpoint stopped: too many failures in a row, staff said so, its owner deleted
# their account.
DISABLED_REASONS = ("failures", "staff", "owner_deleted")
SECRET_PREFIX = "whsec_"  # noqa: S105 - the Standard Webhooks prefix, not a secret


def new_secret() -> str:
    """A fresh signing secret in the Standard Webhooks form (whsec_ + base64 of 32 bytes)."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def new_message_id() -> str:
    """The webhook-id of a delivery: the same on every attempt, so receivers drop repeats."""
    return "msg_" + uuid.uuid4().hex


class WebhookEndpoint(db.Model):
    """A URL staff registered, the event types it receives, and its signing secret (kept as
    is: every attempt is signed with it; shown once, when the endpoint is made)."""

    __tablename__ = "webhook_endpoints"
    __table_args__ = (
        CheckConstraint(
            "disabled_reason IS NULL OR disabled_reason IN ('failures', 'staff', 'owner_deleted')",
            name="disabled_reason_known",
        ),
        CheckConstraint(
            "(disabled_at IS NULL) = (disabled_reason IS NULL)", name="disabled_has_reason"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    url: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(String(200), default="")
    # Space-separated names from learning.webhooks.events.EVENT_TYPES.
    event_types: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    disabled_reason: Mapped[str | None] = mapped_column(String(16))
    # Failed attempts in a row, over all its deliveries; a success sets it back to 0.
    failures: Mapped[int] = mapped_column(Integer, default=0)

    owner: Mapped[User | None] = relationship("User")

    @property
    def type_set(self) -> set[str]:
        """The event types it receives."""
        return set(self.event_types.split())

    @property
    def enabled(self) -> bool:
        """Whether deliveries go out to it."""
        return self.disabled_at is None


class WebhookDelivery(db.Model):
    """One event for one endpoint. The body is made from ``event_type``, ``created_at`` and
    ``payload`` the same way on every attempt; only the signature's timestamp changes."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        CheckConstraint("state IN ('pending', 'delivered', 'failed')", name="state_known"),
        Index("ix_webhook_deliveries_endpoint_created", "endpoint_id", "created_at"),
        Index("ix_webhook_deliveries_state_next", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"))
    message_id: Mapped[str] = mapped_column(String(40), unique=True, default=new_message_id)
    event_type: Mapped[str] = mapped_column(String(64))
    # Ids and codes only, never names or e-mails (the receiver asks the API for the rest).
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(300))
    # The first characters of the receiver's answer, no more.
    response_excerpt: Mapped[str | None] = mapped_column(String(200))

    endpoint: Mapped[WebhookEndpoint] = relationship()
