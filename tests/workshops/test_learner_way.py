"""Issue 22, the learner's way through the workshop pages: an edition under way that still
takes enrolments is offered, lessons sit in an outline with their place in the workshop, the
pages carry breadcrumbs, and a person whose place waits is told so on a lesson."""

from __future__ import annotations

import re
from datetime import timedelta

from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment
from learning.workshops.services.catalogue import upcoming_editions


def _edition(workshop, name, *, started_days_ago=3, **fields):
    today = utcnow().date()
    edition = Edition(
        workshop_id=workshop.id,
        name=name,
        starts_on=today - timedelta(days=started_days_ago),
        ends_on=today + timedelta(days=20),
        **fields,
    )
    db.session.add(edition)
    return edition


def test_an_edition_under_way_that_takes_enrolments_is_offered(build, client_for, people):
    world = build()
    now = utcnow()
    _edition(world.workshop, "Cohorte en curso", capacity=30)
    _edition(world.workshop, "Cohorte cerrada", status="closed")
    _edition(world.workshop, "Inscripción vencida", enrolment_closes_at=now - timedelta(hours=1))
    _edition(world.workshop, "Cohorte terminada", started_days_ago=40).ends_on = (
        now.date() - timedelta(days=1)
    )
    db.session.commit()

    offered = [e.name for e in upcoming_editions(world.workshop)]
    assert "Cohorte en curso" in offered
    assert not {"Cohorte cerrada", "Inscripción vencida", "Cohorte terminada"} & set(offered)

    page = client_for(people["participant"]).get("/workshops/datos").get_data(True)
    assert "Cohorte en curso" in page and "No edition is scheduled yet" not in page
    assert "Cohorte cerrada" not in page and "Cohorte terminada" not in page
    running = re.search(r'<li><a href="/editions/(\d+)">Cohorte en curso</a>.*?</li>', page, re.S)
    assert running and ">Enrol<" in running.group(0)

    catalogue = client_for(None).get("/workshops/").get_data(True)
    assert "No edition scheduled yet" not in catalogue
    assert "Edition under way since" in catalogue and "you can still enrol" in catalogue


def test_the_lesson_page_shows_its_place_the_outline_and_breadcrumbs(build, client_for, people):
    world = build()
    world.modules[1].release_on = utcnow().date() + timedelta(days=5)
    db.session.commit()
    first, second, third = world.lessons
    page = client_for(people["enrolled"]).get(f"/workshops/datos/lessons/{second.id}")
    html = page.get_data(True)
    assert page.status_code == 200
    assert "Lesson 2 of 3" in html
    crumbs = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    assert 'href="/workshops/"' in crumbs and 'href="/workshops/datos"' in crumbs
    assert 'aria-current="page">B<' in crumbs and "One" in crumbs
    outline = re.search(r'<nav class="lesson-outline".*?</nav>', html, re.S).group(0)
    assert "Workshop outline" in outline
    # The other lessons of open modules are links; the current one is marked; the module not
    # open yet says when it opens and its lessons are not links.
    assert f'href="/workshops/datos/lessons/{first.id}"' in outline
    assert 'aria-current="page"' in outline
    assert "Opens on" in outline and f"/lessons/{third.id}" not in outline
    # The next lesson is in a module not open yet: named with its date, not a link.
    nav = re.search(r'<nav class="lesson-nav".*?</nav>', html, re.S).group(0)
    assert "opens on" in nav and f"/lessons/{third.id}" not in nav


def test_breadcrumbs_on_the_workshop_page(build, client_for):
    build()
    page = client_for(None, "es").get("/workshops/datos").get_data(True)
    crumbs = re.search(r'<nav class="breadcrumb" aria-label="([^"]+)">.*?</nav>', page, re.S)
    assert crumbs and 'href="/workshops/"' in crumbs.group(0) and "Talleres" in crumbs.group(0)
    assert 'aria-current="page">Periodismo de datos<' in crumbs.group(0)


def test_a_person_whose_place_waits_is_told_so_on_a_lesson(build, client_for, people):
    world = build()
    edition = _edition(world.workshop, "Con aprobación", enrolment_mode="approval")
    db.session.add(Enrolment(edition=edition, user_id=people["participant"].id, state="pending"))
    db.session.commit()
    lesson = world.lessons[0]
    response = client_for(people["participant"]).get(f"/workshops/datos/lessons/{lesson.id}")
    assert response.status_code == 403
    page = response.get_data(True)
    assert "Your place is not confirmed yet" in page
    assert "waiting for the trainers' approval" in page.replace("&#39;", "'")
    assert "Your account does not have permission" not in page
    # The materials say the same; someone with no request at all gets the plain 403.
    assert client_for(people["participant"]).get("/workshops/datos/materials").status_code == 403
    other = client_for("participant").get(f"/workshops/datos/lessons/{lesson.id}")
    assert other.status_code == 403 and "not confirmed yet" not in other.get_data(True)
