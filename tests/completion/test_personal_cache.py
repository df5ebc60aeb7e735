"""Pages kept for one person (learning/platform/cache.py ``person_kinds``): My learning follows that
person's own records at once, never shows one person's page to another, and one person's
lesson marks leave everybody else's kept pages alone."""

from __future__ import annotations

import re

from sqlalchemy import select

from learning.completion.models import Certificate, LessonCompletion
from learning.completion.services.certify import issue_certificate
from learning.completion.services.marks import mark_complete
from learning.platform import cache
from learning.platform.cache import CacheGeneration
from learning.platform.extensions import db
from learning.workshops.models import Enrolment
from tests.completion.conftest import enrol
from tests.conftest import sign_in_as


def _tokens() -> dict[str, str]:
    return dict(db.session.execute(select(CacheGeneration.name, CacheGeneration.token)).all())


def _progress(page: str) -> str:
    found = re.search(r'<progress id="progress-\d+" max="100" value="(\d+)"', page)
    assert found, "no progress bar on My learning"
    return found.group(1)


def _lesson(world, name: str) -> str:
    return f"/workshops/{world.slug}/lessons/{world.lessons[name].id}"


def test_my_learning_follows_the_persons_own_marks_and_nobody_elses(world, client_for, people, app):
    enrol(world.users["participant"], world.edition)
    db.session.commit()
    elena, pablo = client_for(people["enrolled"]), client_for(people["participant"])
    assert _progress(elena.get("/my-learning").get_data(True)) == "0"
    assert _progress(pablo.get("/my-learning").get_data(True)) == "0"
    kept = cache.store(app).size
    assert kept and _progress(elena.get("/my-learning").get_data(True)) == "0"
    assert cache.store(app).size == kept  # served as kept: nothing new made

    pablo_before = _tokens().get(f"person:{world.users['participant'].id}", "-")
    assert elena.post(_lesson(world, "text") + "/complete").status_code == 303
    assert _progress(elena.get("/my-learning").get_data(True)) == "25"  # 1 of 4 required
    assert _progress(pablo.get("/my-learning").get_data(True)) == "0"
    assert _tokens().get(f"person:{world.users['participant'].id}", "-") == pablo_before

    assert elena.post(_lesson(world, "text") + "/uncomplete").status_code == 303
    assert _progress(elena.get("/my-learning").get_data(True)) == "0"


def test_my_learning_is_never_another_persons(world, client_for, people, make_user, app):
    stranger = make_user(name="Sara Sin Inscripción")
    # Neither has a token of their own yet (records unchanged since the last renewal).
    db.session.execute(
        CacheGeneration.__table__.delete().where(CacheGeneration.name.like("person:%"))
    )
    db.session.commit()
    assert "Cohorte 1" in client_for(people["enrolled"]).get("/my-learning").get_data(
        True
    )  # kept first
    stranger = sign_in_as(app.test_client(), stranger)
    page = stranger.get("/my-learning").get_data(True)
    assert "not enrolled in any workshop yet" in page
    assert "Cohorte 1" not in page and "progress-" not in page


def test_a_trainers_decision_shows_on_the_persons_next_visit(world, client_for, people):
    waiting = enrol(world.users["participant"], world.edition, state="waitlisted")
    db.session.commit()
    pablo = client_for(people["participant"])
    assert "On the waitlist" in pablo.get("/my-learning").get_data(True)
    waiting.state = "active"  # an ORM change to the person's enrolment, by somebody else
    db.session.commit()
    page = pablo.get("/my-learning").get_data(True)
    assert "On the waitlist" not in page and "Enrolled" in page


def test_owner_tokens_renew_only_the_person_whose_records_change(world):
    elena = world.enrolment()
    person = f"person:{elena.user_id}"
    before = _tokens()
    mark_complete(elena, world.lessons["text"])  # a bulk INSERT naming its owner
    db.session.commit()
    after = _tokens()
    assert after[person] != before.get(person)
    assert after["people"] == before["people"] and after["research"] == before["research"]

    # A bulk statement that does not say whose rows it writes renews every person's pages.
    db.session.execute(LessonCompletion.__table__.delete())
    db.session.commit()
    assert _tokens()["people"] != after["people"]

    # An ORM row owned through the enrolment: deleting it renews its owner.
    issue_certificate(elena)
    db.session.commit()
    before = _tokens()
    db.session.delete(db.session.scalar(select(Certificate)))
    db.session.commit()
    assert _tokens()[person] != before[person]


def test_a_rolled_back_mark_renews_nobody(world):
    elena = world.enrolment()
    before = _tokens()
    mark_complete(elena, world.lessons["text"])
    db.session.flush()
    db.session.rollback()
    assert _tokens() == before
    assert db.session.scalar(select(Enrolment).where(Enrolment.id == elena.id)) is not None


def test_kept_forms_carry_each_browsers_own_csrf_token(world, app_factory):
    """One person on a phone and a laptop: the lesson's kept progress box (with its form) is
    served to both, each with the token of its own browser session."""
    csrf_app = app_factory(WTF_CSRF_ENABLED=True)
    path = _lesson(world, "text")
    pattern = (
        r'action="[^"]*/complete"[^>]*>\s*'
        r'<input id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"'
    )
    with csrf_app.app_context():
        phone, laptop = csrf_app.test_client(), csrf_app.test_client()
        for browser in (phone, laptop):
            browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
            sign_in_as(browser, world.users["enrolled"])
        phone_token = re.search(pattern, phone.get(path).get_data(True)).group(1)
        hits = cache.store(csrf_app).hits
        laptop_page = laptop.get(path).get_data(True)
        assert cache.store(csrf_app).hits > hits  # the box the phone's visit made
        laptop_token = re.search(pattern, laptop_page).group(1)
        assert laptop_token != phone_token and phone_token not in laptop_page
        refused = laptop.post(path + "/complete", data={"csrf_token": phone_token})
        assert refused.status_code == 400
        done = laptop.post(path + "/complete", data={"csrf_token": laptop_token})
        assert done.status_code == 303
        assert "Mark as complete" not in phone.get(path).get_data(True)


def _report_row(page: str, name: str) -> str:
    found = re.search(rf"<tr>\s*<th[^>]*>\s*[^<]*{name}.*?</tr>", page, re.S)
    assert found, f"{name} not in the report"
    return found.group(0)


def test_roster_and_report_follow_the_editions_records_at_once(
    world, client_for, people, make_user
):
    roster = f"/editions/{world.edition.id}/roster"
    report = f"/workshops/{world.slug}/editions/{world.edition.id}/report"
    trainer, elena = client_for(people["trainer"]), client_for(people["enrolled"])
    assert "Elena Núñez" in trainer.get(roster).get_data(True)
    assert "0 %" in _report_row(trainer.get(report).get_data(True), "Elena")

    # Her lesson mark (a bulk INSERT naming its enrolment) renews the edition's pages.
    assert elena.post(_lesson(world, "text") + "/complete").status_code == 303
    assert "25 %" in _report_row(trainer.get(report).get_data(True), "Elena")

    # A new participant, and a participant's new name, show on the next visit.
    enrol(make_user(name="Rosa Nueva"), world.edition)
    db.session.commit()
    assert "Rosa Nueva" in trainer.get(roster).get_data(True)
    world.users["enrolled"].name = "Elena Núñez Ruiz"
    db.session.commit()
    assert "Elena Núñez Ruiz" in trainer.get(roster).get_data(True)
    assert "Elena Núñez Ruiz" in trainer.get(report).get_data(True)

    # What was kept for the trainers is theirs alone, whoever asks next.
    assert client_for(people["other_trainer"]).get(roster).status_code == 403
    assert client_for(people["other_trainer"]).get(report).status_code == 403
    assert client_for(people["enrolled"]).get(roster).status_code == 403
    assert client_for(None).get(report).status_code == 302  # to sign in
    assert trainer.get(f"/editions/{world.edition.id + 999}/roster").status_code == 404
    other = f"/workshops/no-such-workshop/editions/{world.edition.id}/report"
    assert client_for(people["admin"]).get(other).status_code == 404
    for hostile in ("?page=abc", "?page=-3", "?page=99999999999999999999", "?q=" + "x" * 5000):
        assert trainer.get(roster + hostile).status_code in (200, 404), hostile
        assert trainer.get(report + hostile).status_code in (200, 404), hostile


def test_an_editions_token_is_renewed_by_its_own_records_only(world, make_user):
    from learning.workshops.models import Edition

    other = Edition(
        workshop=world.workshop,
        name="Cohorte 2",
        starts_on=world.edition.starts_on,
        ends_on=world.edition.ends_on,
    )
    db.session.add(other)
    db.session.commit()
    mine, theirs = f"edition:{world.edition.id}", f"edition:{other.id}"
    before = _tokens()
    mark_complete(world.enrolment(), world.lessons["text"])
    db.session.commit()
    after = _tokens()
    assert after[mine] != before.get(mine) and after.get(theirs) == before.get(theirs)
    assert after["people"] == before["people"]
    make_user(name="Alguien Nuevo")  # a new account is on no kept page yet
    db.session.commit()
    assert _tokens()["people"] == after["people"]
