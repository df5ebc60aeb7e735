"""Writing once to a group of people (an edition's, an event's): the form's checks, the job
that sends one e-mail each, and its audit record, shared by every feature that does it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from learning.audit import services as audit
from learning.jobs.services import submit
from learning.platform.extensions import db
from learning.web.views import done


@dataclass(frozen=True)
class Mailing:
    job: Any  # the job kind that sends it
    audiences: tuple[str, ...]
    labels: Mapping[str, Any]  # audience -> its name (lazy string)
    action: str  # the audit action
    target_type: str
    target_id: int
    params: Mapping[str, Any]  # what the job needs besides audience, subject, body and author
    not_listed: str  # message: the audience is not one of the list
    nobody: str  # message: the audience is empty


def handle(form: FlaskForm, mailing: Mailing, sizes: Mapping[str, int]) -> Response | str | None:
    """Offer the audiences with their sizes; on a valid submission queue the job, audit it and
    answer with the job's page. Returns that response, the problem to show, or None."""
    form.audience.choices = [
        (name, f"{mailing.labels[name]} · {sizes[name]}") for name in mailing.audiences
    ]
    if not form.validate_on_submit():
        return None
    if form.audience.data not in mailing.audiences:
        return mailing.not_listed
    if not sizes[form.audience.data]:
        return mailing.nobody
    params = {
        **mailing.params,
        "audience": form.audience.data,
        "subject": form.subject.data.strip(),
        "body": form.body.data.strip(),
        "by_id": current_user.id,
    }
    job = submit(mailing.job, owner=current_user, params=params)
    audit.record(
        mailing.action,
        target_type=mailing.target_type,
        target_id=mailing.target_id,
        audience=form.audience.data,
        subject=params["subject"],
    )
    db.session.commit()  # queues it; QueueUnavailable becomes a 503
    return done(url_for("jobs.job", job_id=job.id))


def status(form: FlaskForm, problem: str | None) -> int:
    """400 when a submitted form was refused, else 200."""
    return 400 if form.is_submitted() and (problem is not None or bool(form.errors)) else 200
