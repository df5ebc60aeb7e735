"""Certificates of attendance: who runs the event sets the rule, issues them (to everyone who
qualifies, on the job queue when many, or to one person) and revokes them with a reason; the
holder downloads the PDF; anyone verifies a code (an unknown or forged one gets a page that
says so, with the form to try again) and reads the Open Badges documents."""

from __future__ import annotations

from flask import abort, flash, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from learning.accounts.models import User
from learning.completion.forms import RevokeForm
from learning.completion.messages import CERTIFICATE_LANGUAGE_LABELS, MESSAGES
from learning.events import certificates as drawing
from learning.events.blueprint import bp
from learning.events.certificates_forms import RuleForm
from learning.events.messages import error_message
from learning.events.models import Event, EventCertificate
from learning.events.routes.common import managed_event, signed_in_only
from learning.events.services import certificates
from learning.events.services.common import EventError, can_manage
from learning.language.content import languages
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage.filenames import private_download
from learning.web.errors import render_error
from learning.web.views import done, load_or_404, require_action_form


def _page(event: Event, form: RuleForm | None = None, error: str | None = None, status=200):
    rule = certificates.rule_of(event)
    if form is None:
        form = RuleForm(formdata=None, obj=rule) if rule else RuleForm(formdata=None)
        if rule:
            form.minimum.data = str(rule.minimum)
    attendees = certificates.attendees(event)
    return render_template(
        "events/certificates.html",
        event=event,
        text=event.text(),
        form=form,
        rule=rule,
        error=error,
        attendees=attendees,
        waiting=sum(1 for _person, _tally, ok in attendees if ok),
        issued=certificates.certificates(event),
        ended=event.ends_at <= utcnow(),
    ), status


@bp.route("/<int:event_id>/certificates")
def certificates_manage(event_id: int):
    """Who runs the event: the rule, who qualifies, and the certificates issued."""
    return _page(managed_event(event_id))


@bp.route("/<int:event_id>/certificates/rule", methods=["POST"])
def certificate_rule(event_id: int):
    """Who runs the event: set the rule (a refusal shows the page again, 400)."""
    event = managed_event(event_id)
    form = RuleForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        certificates.save_rule(event, form.measure.data, form.minimum.data, form.mode.data)
    except EventError as exc:
        db.session.rollback()
        return _page(event, form=form, error=error_message(exc), status=400)
    db.session.commit()
    flash(_("The rule for certificates of attendance is saved."), "success")
    return done(url_for("events.certificates_manage", event_id=event.id))


@bp.route("/<int:event_id>/certificates/issue", methods=["POST"])
def certificates_issue(event_id: int):
    """Who runs the event: issue a certificate to everyone who qualifies (a job when many)."""
    event = managed_event(event_id)
    require_action_form()
    try:
        count, job = certificates.issue_all(event, current_user)
    except EventError as exc:
        db.session.rollback()
        return _page(event, error=error_message(exc), status=400)
    db.session.commit()  # queues the job, if any; QueueUnavailable becomes a 503 (jobs feature)
    if job is not None:
        flash(_("The certificates are being issued: follow the progress here."), "success")
        return done(url_for("jobs.job", job_id=job.id))
    flash(ngettext("%(num)s certificate issued.", "%(num)s certificates issued.", count), "success")
    return done(url_for("events.certificates_manage", event_id=event.id))


@bp.route("/<int:event_id>/certificates/issue/<int:user_id>", methods=["POST"])
def certificate_issue_one(event_id: int, user_id: int):
    """Who runs the event: issue one person's certificate (refused unless they qualify)."""
    event = managed_event(event_id)
    require_action_form()
    person = load_or_404(User, user_id)
    try:
        certificates.issue(event, person)
    except EventError as exc:
        db.session.rollback()
        return _page(event, error=error_message(exc), status=400)
    db.session.commit()
    flash(_("Certificate issued: %(name)s.", name=person.name), "success")
    return done(url_for("events.certificates_manage", event_id=event.id))


def _certificate(code: str) -> EventCertificate:
    found = certificates.find(code)
    if found is None:
        abort(404)
    return found


@bp.route("/certificates/<code>")
def certificate_verify(code: str):
    """Anyone: whether a certificate of attendance is valid or revoked; an unknown code gets a
    page saying so (404) with the form to type it again."""
    certificate = certificates.find(code)
    if certificate is None:
        return render_template("completion/check.html", code=code[:200], unknown=True), 404
    event = certificate.event
    return render_template(
        "events/certificate_verify.html",
        certificate=certificate,
        event=event,
        text=event.text(),
        may_revoke=current_user.is_authenticated and can_manage(current_user, event),
    )


@bp.route("/certificates/<code>/certificate.pdf")
def certificate_pdf(code: str):
    """The holder and who runs the event: the PDF (``?language=es|en|bilingual``)."""
    certificate = _certificate(code)
    signed_in_only()
    event = certificate.event
    if certificate.user_id != current_user.id and not can_manage(current_user, event):
        abort(403)
    if certificate.is_revoked:
        return render_error(410, _("This certificate was revoked."))
    language = request.args.get("language") or certificate.language
    if language not in CERTIFICATE_LANGUAGE_LABELS or (
        language != "bilingual" and language not in languages()
    ):
        return render_error(400, str(MESSAGES["bad_language"]))
    rule = certificates.rule_of(event)
    tally = certificates.tallies(event, rule.mode if rule else "any").get(
        certificate.user_id, certificates.Tally()
    )
    return private_download(
        drawing.render_pdf(certificate, tally, language),
        "application/pdf",
        f"certificate-event-{event.id}.pdf",
    )


@bp.route("/certificates/<code>/revoke", methods=["GET", "POST"])
def certificate_revoke(code: str):
    """Who runs the event: revoke a certificate, with a reason kept for the record."""
    certificate = _certificate(code)
    event = managed_event(certificate.event_id)
    form = RevokeForm()
    error = None
    if request.method == "POST":
        if not form.validate_on_submit() and "csrf_token" in form.errors:
            abort(400)
        try:
            certificates.revoke(certificate, by=current_user, reason=form.reason.data or "")
        except EventError as exc:
            db.session.rollback()
            error = error_message(exc)
        else:
            db.session.commit()
            flash(_("The certificate has been revoked."), "success")
            return done(url_for("events.certificate_verify", code=certificate.code))
    return render_template(
        "events/certificate_revoke.html",
        certificate=certificate,
        event=event,
        text=event.text(),
        form=form,
        error=error,
    ), (400 if error else 200)


@bp.route("/certificates/<code>/badge.json")
def badge_assertion(code: str):
    """Anyone: the certificate's Open Badges 2.0 hosted assertion (410 when revoked)."""
    certificate = _certificate(code)
    response = jsonify(drawing.assertion(certificate))
    if certificate.is_revoked:
        response.status_code = 410
    return response


@bp.route("/<int:event_id>/badge.json")
def badge_class(event_id: int):
    """Anyone who may see the event: its Open Badges BadgeClass."""
    event = db.session.get(Event, event_id)
    if event is None or not event.is_public:
        abort(404)
    return jsonify(drawing.badge_class(event))


def lookup(code: str) -> str | None:
    """The completion.certificate_lookup slot: the verification page of an event's
    certificate with ``code``, or None."""
    found = certificates.find(code)
    return url_for("events.certificate_verify", code=found.code) if found else None


@bp.context_processor
def _certificate_helpers() -> dict[str, object]:
    """The event page shows the reader their certificate of attendance, if they hold one."""
    return {"event_certificate_of": lambda event: certificates.certificate_of(event, current_user)}
