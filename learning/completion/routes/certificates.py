"""Certificates: anyone verifies one by its code; the participant, the workshop's trainers and
admins download it as PDF; admins revoke it; Open Badges 2.0 documents for each certificate,
workshop and the programme."""

from __future__ import annotations

from flask import abort, flash, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.completion import badges
from learning.completion.blueprint import bp
from learning.completion.certificates import render_pdf
from learning.completion.forms import RevokeForm
from learning.completion.messages import CERTIFICATE_LANGUAGE_LABELS, MESSAGES
from learning.completion.models import Certificate
from learning.completion.routes.common import refuse
from learning.completion.services import certify
from learning.completion.services.common import CompletionError
from learning.language.content import languages
from learning.platform.extensions import db
from learning.platform.slots import CERTIFICATE_LOOKUP
from learning.storage.store import private_download
from learning.web.errors import render_error
from learning.web.views import done, message
from learning.workshops.access import sign_in as _sign_in
from learning.workshops.access import visible as _visible
from learning.workshops.services.permissions import can_edit


def _certificate(code: str) -> Certificate:
    """The certificate with ``code``; any unknown or malformed code is a plain 404."""
    found = certify.find_certificate(code)
    if found is None:
        abort(404)
    return found


@bp.route("/certificates/")
def check():
    """Anyone: type a certificate's code (``?code=``) to open its verification page; an
    unknown code gets the form again, with a 404."""
    code = (request.args.get("code") or "").strip()[:200]
    if not code:
        return render_template("completion/check.html", code="", unknown=False)
    found = certify.find_certificate(code)
    if found is None:
        # Certificates of the features above (events' certificates of attendance).
        for lookup in CERTIFICATE_LOOKUP.fillings():
            url = lookup(code)
            if url:
                return done(url)
        return render_template("completion/check.html", code=code, unknown=True), 404
    return done(url_for("completion.verify", code=found.code))


@bp.route("/certificates/<code>")
def verify(code: str):
    """Anyone: whether a certificate is valid or revoked."""
    certificate = _certificate(code)
    enrolment = certificate.enrolment
    workshop = enrolment.edition.workshop
    return render_template(
        "completion/verify.html",
        certificate=certificate,
        enrolment=enrolment,
        workshop=workshop,
        text=workshop.text(),
        may_revoke=current_user.is_authenticated and current_user.is_admin,
    )


@bp.route("/certificates/<code>/certificate.pdf")
def certificate_pdf(code: str):
    """The participant, the workshop's trainers and admins: the certificate as PDF
    (``?language=es|en|bilingual``, default the certificate's language)."""
    certificate = _certificate(code)
    if not current_user.is_authenticated:
        _sign_in()
    enrolment = certificate.enrolment
    workshop = enrolment.edition.workshop
    if enrolment.user_id != current_user.id and not can_edit(current_user, workshop):
        abort(403)
    if certificate.is_revoked:
        return render_error(410, _("This certificate was revoked."))
    language = request.args.get("language") or certificate.language
    if language not in CERTIFICATE_LANGUAGE_LABELS or (
        language != "bilingual" and language not in languages()
    ):
        return refuse(CompletionError("bad_language"))
    return private_download(
        render_pdf(certificate, language),
        "application/pdf",
        f"certificate-{workshop.slug}.pdf",
    )


@bp.route("/certificates/<code>/revoke", methods=["GET", "POST"])
def revoke(code: str):
    """Admins: revoke a certificate, with a reason kept for the record."""
    if not current_user.is_authenticated:
        _sign_in()
    if not current_user.is_admin:
        abort(403)
    certificate = _certificate(code)
    form = RevokeForm()
    error = None
    if form.validate_on_submit():
        try:
            certify.revoke(certificate, by=current_user, reason=form.reason.data or "")
        except CompletionError as exc:
            db.session.rollback()
            error = message(exc, MESSAGES)
        else:
            db.session.commit()
            flash(_("The certificate has been revoked."), "success")
            return done(url_for("completion.verify", code=certificate.code))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "completion/revoke.html", certificate=certificate, form=form, error=error
    ), status


@bp.route("/certificates/<code>/badge.json")
def badge_assertion(code: str):
    """Anyone: the certificate's Open Badges 2.0 hosted assertion (410 when revoked)."""
    certificate = _certificate(code)
    response = jsonify(badges.assertion(certificate))
    if certificate.is_revoked:
        response.status_code = 410
    return response


@bp.route("/workshops/<slug>/badge.json")
def badge_class(slug: str):
    """Anyone who may see the workshop: its Open Badges BadgeClass."""
    return jsonify(badges.badge_class(_visible(slug)))


@bp.route("/badges/issuer.json")
def badge_issuer():
    """Anyone: the programme's Open Badges issuer profile."""
    return jsonify(badges.issuer())
