"""The administrators' export of every enrolment (for the funder's reports): made by a job on
a real consumer, in the reader's language, without names or e-mail addresses."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import func, select

from learning.jobs.models import Job
from learning.platform.extensions import db
from tests.completion.conftest import enrol


def _download(client, job_page: str) -> list[list[str]]:
    page = client.get(job_page).get_data(True)
    link = re.search(r'href="(/files/\d+/[^"]+)"', page).group(1)
    assert "puente-enrolments.csv" in link
    with client.get(link) as response:
        assert response.status_code == 200
        body = response.get_data().decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_every_enrolment_in_spanish_without_names_or_addresses(
    world, people, client_for, certified, make_user, run_jobs
):
    enrol(make_user(name="Wendy Waitlist", email="wendy@example.org"), world.edition, "waitlisted")
    db.session.commit()
    admin = client_for(people["admin"], "es")
    page = admin.get("/admin/jobs").get_data(True)
    assert "Todas las inscripciones (CSV)" in page
    response = admin.post("/admin/jobs/start/admin.enrolments_export")
    assert response.status_code == 303
    run_jobs()
    rows = _download(admin, response.headers["Location"])
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Inscripción", "Número de participante", "Taller"]
    assert len(body) == 4
    text = "\n".join(",".join(row) for row in rows)
    for person in ("Elena", "Núñez", "Wendy", "@example.org", "@"):
        assert person not in text
    states = {row[5] for row in body}
    assert "active" not in states and "waitlisted" not in states  # words, not internal keys
    by_certificate = sorted(row[8] for row in body)
    assert by_certificate == ["no", "no", "sí", "sí"]  # the revoked one counts as none


def test_only_admins_export_every_enrolment(client_for, people):
    url = "/admin/jobs/start/admin.enrolments_export"
    for who in ("trainer", "enrolled"):
        assert client_for(people[who]).post(url).status_code == 403
    assert db.session.scalar(select(func.count(Job.id))) == 0
