"""Who may use each route of the completion feature: every route × every kind of person, with
the exact status code, for a published workshop and for a draft.

302 = sent to sign in; 303 = done; 403 = may see, may not do; 404 = may not know it exists.
``enrolled`` has completed the workshop here, so they hold a certificate.
"""

from __future__ import annotations

import pytest

from learning.completion.services.certify import certificate_for
from learning.completion.services.quizzes import questions
from learning.platform.extensions import db
from tests.completion.conftest import make_world
from tests.completion.test_engine import _do_lessons
from tests.support.permissions import PARAMETERS, cells, check, send

# Expected codes in ROLES order: visitor, participant, enrolled, other trainer, trainer, admin.
PUBLIC = (200, 200, 200, 200, 200, 200)
FOLLOWERS_POST = (302, 403, 303, 403, 303, 303)
FOLLOWERS_PAGE = (302, 403, 200, 403, 200, 200)
AUTHORS = (302, 403, 403, 403, 200, 200)
AUTHORS_POST = (302, 403, 403, 403, 303, 303)
COMPLETED_ONLY = (302, 403, 200, 403, 403, 403)
OWNER_OR_AUTHORS = (302, 403, 200, 403, 200, 200)
ADMINS = (302, 403, 403, 403, 403, 200)
ADMINS_POST = (302, 403, 403, 403, 403, 303)


def _quiz_answers(world):
    q = questions(world.lessons["quiz"])[0]
    return {f"q{q.id}": str(q.choices[0].id)}


def _question(world):
    return {"kind": "truefalse", "prompt_en": "Is it?", "true_answer": "true"}


def _attendance(world):
    return {f"status-{world.enrolment().id}": "late"}


ED = "/workshops/{slug}/editions/{edition}"
# (name, method, path, form data or None, expected for a published workshop)
ROUTES = [
    ("mark", "post", "/workshops/{slug}/lessons/{text}/complete", {}, FOLLOWERS_POST),
    ("unmark", "post", "/workshops/{slug}/lessons/{text}/uncomplete", {}, FOLLOWERS_POST),
    ("quiz submit", "post", "/workshops/{slug}/lessons/{quiz}/quiz", _quiz_answers, FOLLOWERS_PAGE),
    ("quiz edit", "get", "/workshops/{slug}/lessons/{quiz}/quiz/edit", None, AUTHORS),
    (
        "quiz settings",
        "post",
        "/workshops/{slug}/lessons/{quiz}/quiz/settings",
        {"pass_mark": "60", "max_attempts": "", "role": "post"},
        AUTHORS_POST,
    ),
    ("question add", "post", "/workshops/{slug}/lessons/{quiz}/quiz/questions", _question,
     AUTHORS_POST),
    ("question delete", "post", "/workshops/{slug}/lessons/{quiz}/quiz/questions/{q0}/delete", {},
     AUTHORS_POST),
    ("manage", "get", "/workshops/{slug}/completion", None, AUTHORS),
    ("rule", "get", "/workshops/{slug}/completion-rule", None, AUTHORS),
    ("rule (post)", "post", "/workshops/{slug}/completion-rule",
     {"min_quiz_average": "10", "step": "confirm"}, AUTHORS_POST),
    ("attendance", "get", ED + "/attendance/{live}", None, AUTHORS),
    ("attendance (post)", "post", ED + "/attendance/{live}", _attendance, AUTHORS_POST),
    ("report", "get", ED + "/report", None, AUTHORS),
    ("report csv", "get", ED + "/report.csv", None, AUTHORS),
    ("certificates zip", "post", ED + "/certificates.zip", {}, AUTHORS_POST),
    ("survey", "get", "/workshops/{slug}/survey", None, COMPLETED_ONLY),
    ("survey (post)", "post", "/workshops/{slug}/survey", {"rating": "4"},
     (302, 403, 303, 403, 403, 403)),
    ("badge class", "get", "/workshops/{slug}/badge.json", None, PUBLIC),
    ("issuer", "get", "/badges/issuer.json", None, PUBLIC),
    ("verify", "get", "/certificates/{code}", None, PUBLIC),
    ("check a code", "get", "/certificates/", None, PUBLIC),
    ("assertion", "get", "/certificates/{code}/badge.json", None, PUBLIC),
    ("certificate pdf", "get", "/certificates/{code}/certificate.pdf", None, OWNER_OR_AUTHORS),
    ("revoke", "get", "/certificates/{code}/revoke", None, ADMINS),
    ("revoke (post)", "post", "/certificates/{code}/revoke", {"reason": "Fraud"}, ADMINS_POST),
]  # fmt: skip

# Routes not about one workshop's pages answer the same for a draft (the certificate stays
# verifiable: it was issued).
NOT_WORKSHOP_SCOPED = {
    "issuer", "verify", "check a code", "assertion", "certificate pdf", "revoke", "revoke (post)"
}  # fmt: skip


def _request(client, world, method, path, data, code):
    path = path.format(
        slug=world.slug,
        text=world.lessons["text"].id,
        quiz=world.lessons["quiz"].id,
        live=world.lessons["live"].id,
        q0=questions(world.lessons["quiz"])[0].id,
        edition=world.edition.id,
        code=code,
    )
    return send(client, method, path, data, world, multipart=False)


CELLS = cells(ROUTES, NOT_WORKSHOP_SCOPED)


@pytest.mark.parametrize(PARAMETERS, CELLS)
def test_permission_table(
    app, people, client_for, status, name, method, path, data, role, expected
):
    world = make_world(people, status)
    _do_lessons(world, world.enrolment())
    db.session.commit()
    code = certificate_for(world.enrolment()).code
    client = client_for(people[role])
    with _request(client, world, method, path, data, code) as response:
        check(response, expected)


def test_every_route_of_the_feature_is_in_the_table(app):
    listed = {path for _, _, path, _, _ in ROUTES}
    rules = {
        rule.rule.replace("<slug>", "{slug}")
        .replace("<int:edition_id>", "{edition}")
        .replace("<code>", "{code}")
        .replace("<int:question_id>", "{q0}")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("completion.")
    }
    normalised = {
        path.replace("{text}", "<int:lesson_id>")
        .replace("{quiz}", "<int:lesson_id>")
        .replace("{live}", "<int:lesson_id>")
        for path in listed
    }
    assert rules == normalised, rules ^ normalised
