"""The staff pages of webhooks (administrators only; anyone else gets 403): the endpoints
and the form that registers one (its secret shown once), an endpoint's delivery log with
replay and a test event, disabling, enabling and deleting (confirmed on its own page)."""

from __future__ import annotations

from flask import Blueprint, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from learning.platform.extensions import db
from learning.web.auth import roles_required
from learning.web.forms import ActionForm
from learning.web.pagination import paginate
from learning.web.views import done, load_or_404, message, require_action_form
from learning.webhooks import services
from learning.webhooks.events import EVENT_TYPES, TEST_EVENT
from learning.webhooks.forms import EndpointForm
from learning.webhooks.models import WebhookDelivery, WebhookEndpoint

bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks")

MESSAGES = {
    "bad_url": _l("Give a whole web address, such as https://example.org/hooks."),
    "not_https": _l("Use an https:// address: events are not sent over plain http."),
    "credentials": _l("Take the user name and password out of the address: sign with the secret."),
    "private": _l(
        "This address is on a private or local network: events can only go to addresses on "
        "the internet."
    ),
    "no_types": _l("Choose at least one event to send."),
    "bad_type": _l("Choose events from the list."),
    "long_description": _l("Use at most 200 characters for the description."),
    "too_many": _l("There are 50 endpoints already. Delete one before registering another."),
}
REASONS = {
    "failures": _l("stopped after failing again and again"),
    "staff": _l("stopped by staff"),
    "owner_deleted": _l("stopped: the person who owned it deleted their account"),
}
STATES = {
    "pending": _l("waiting"),
    "delivered": _l("delivered"),
    "failed": _l("given up"),
}


@bp.before_request
@roles_required("admin")
def _admins_only() -> None:
    """Every page here is for administrators only."""


@bp.route("/", methods=["GET", "POST"])
def index():
    """The endpoints, and the form that registers one (its secret shown this once)."""
    form = EndpointForm()
    made = None
    error = None
    if form.validate_on_submit():
        try:
            made = services.create(
                current_user,
                url=form.url.data,
                description=form.description.data or "",
                event_types=set(form.event_types.data or ()),
            )
        except services.WebhookError as exc:
            db.session.rollback()
            error = message(exc, MESSAGES)
        else:
            db.session.commit()
            form = EndpointForm(formdata=None)
    failed = request.method == "POST" and not made
    return render_template(
        "webhooks/index.html",
        form=form,
        made=made,
        error=error,
        rows=services.listing(),
        types=EVENT_TYPES,
        reasons=REASONS,
        action_form=ActionForm(),
    ), 400 if failed else (201 if made else 200)


@bp.route("/<int:endpoint_id>")
def detail(endpoint_id: int):
    """An endpoint and its delivery log, newest first."""
    endpoint = load_or_404(WebhookEndpoint, endpoint_id)
    page = paginate(
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
    )
    return render_template(
        "webhooks/detail.html",
        endpoint=endpoint,
        page=page,
        types={**EVENT_TYPES, TEST_EVENT: _("Test event")},
        states=STATES,
        reasons=REASONS,
        action_form=ActionForm(),
    )


@bp.route("/<int:endpoint_id>/test", methods=["POST"])
def send_test(endpoint_id: int):
    """Send the endpoint a test event (even while it is disabled, to see it work again)."""
    require_action_form()
    endpoint = load_or_404(WebhookEndpoint, endpoint_id)
    services.send_test(endpoint, by=current_user)
    db.session.commit()
    if endpoint.enabled:
        flash(_("A test event is on its way; its delivery is at the top of the log."), "success")
    else:
        flash(_("The test event waits: the endpoint is stopped. Start it to send."), "success")
    return done(url_for("webhooks.detail", endpoint_id=endpoint.id))


@bp.route("/<int:endpoint_id>/deliveries/<int:delivery_id>/replay", methods=["POST"])
def replay(endpoint_id: int, delivery_id: int):
    """Send a delivery again: the same webhook-id, a new signature."""
    require_action_form()
    delivery = load_or_404(WebhookDelivery, delivery_id, endpoint_id=endpoint_id)
    services.replay(delivery)
    db.session.commit()
    flash(_("The delivery will be sent again."), "success")
    return done(url_for("webhooks.detail", endpoint_id=endpoint_id))


@bp.route("/<int:endpoint_id>/disable", methods=["POST"])
def disable(endpoint_id: int):
    """Stop sending to the endpoint; its deliveries wait."""
    require_action_form()
    endpoint = load_or_404(WebhookEndpoint, endpoint_id)
    if services.disable(endpoint, "staff", by=current_user):
        db.session.commit()
        flash(_("The endpoint is stopped. Its deliveries wait until it is started."), "success")
    return done(url_for("webhooks.detail", endpoint_id=endpoint.id))


@bp.route("/<int:endpoint_id>/enable", methods=["POST"])
def enable(endpoint_id: int):
    """Send to the endpoint again, the waiting deliveries first; you become its owner."""
    require_action_form()
    endpoint = load_or_404(WebhookEndpoint, endpoint_id)
    if services.enable(endpoint, by=current_user):
        db.session.commit()
        flash(_("The endpoint is started again; you now receive its warnings."), "success")
    return done(url_for("webhooks.detail", endpoint_id=endpoint.id))


@bp.route("/<int:endpoint_id>/delete", methods=["GET", "POST"])
def delete(endpoint_id: int):
    """Delete the endpoint and its log, after confirming on this page."""
    endpoint = load_or_404(WebhookEndpoint, endpoint_id)
    form = ActionForm()
    if request.method == "POST":
        require_action_form()
        services.delete(endpoint)
        db.session.commit()
        flash(_("The endpoint and its delivery log are deleted."), "success")
        return done(url_for("webhooks.index"))
    return render_template("webhooks/delete.html", endpoint=endpoint, form=form)
