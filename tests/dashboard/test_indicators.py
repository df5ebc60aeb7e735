"""Programme indicators against figures computed by hand on a small fixture programme."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from learning.completion.models import (
    Certificate,
    Completion,
    QuizAttempt,
    QuizSettings,
    SurveyResponse,
)
from learning.dashboard.routes import HEADLINE_LABELS
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment
from learning.workshops.services import lessons
from learning.workshops.services.lessons import LessonData
from tests.support.queries import count_statements
from tests.workshops.conftest import make_workshop, texts

MARCH = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
MAY = datetime(2026, 5, 20, 15, 0, tzinfo=UTC)


def _quizzes(workshop):
    module = workshop.modules[0]
    pre = lessons.save_lesson(module, None, LessonData(kind="quiz", texts=texts("Antes", "Pre")))
    post = lessons.save_lesson(
        module, None, LessonData(kind="quiz", texts=texts("Después", "Post"))
    )
    db.session.add_all(
        [
            QuizSettings(lesson_id=pre.id, workshop_id=workshop.id, role="pre"),
            QuizSettings(lesson_id=post.id, workshop_id=workshop.id, role="post"),
        ]
    )
    return pre, post


def _enrol(user, edition, state):
    enrolment = Enrolment(edition=edition, user_id=user.id, state=state)
    db.session.add(enrolment)
    db.session.flush()
    return enrolment


def _attempt(enrolment, lesson, number, score):
    db.session.add(
        QuizAttempt(
            enrolment_id=enrolment.id,
            lesson_id=lesson.id,
            number=number,
            score=score,
            passed=score >= 70,
            answers={},
        )
    )


@pytest.fixture
def programme(app, make_user):
    trainer = make_user(roles=["trainer"], country="PA", sector="international")
    u1 = make_user(country="GT", sector="media", gender="woman")
    u2 = make_user(country="GT", sector="government", gender="man")
    u3 = make_user(country="MX", sector="media", gender="woman")
    u4 = make_user(country="ES", sector="academia", gender="undisclosed")
    make_user(country="HN", sector="media")
    a = make_workshop(trainer, slug="datos", themes=("democracy",))
    b = make_workshop(trainer, slug="clima", themes=("climate",))
    a_pre, a_post = _quizzes(a)
    b_pre, b_post = _quizzes(b)
    today = datetime.now(UTC).date()
    ea = Edition(workshop=a, name="A1", starts_on=today, ends_on=today)
    eb = Edition(workshop=b, name="B1", starts_on=today, ends_on=today)
    db.session.add_all([ea, eb])
    e1 = _enrol(u1, ea, "completed")
    e2 = _enrol(u2, ea, "active")
    e3 = _enrol(u3, eb, "completed")
    _enrol(u4, eb, "withdrawn")
    db.session.add_all(
        [
            Completion(enrolment_id=e1.id, completed_at=MARCH, rule={}),
            Completion(enrolment_id=e3.id, completed_at=MAY, rule={}),
            Certificate(enrolment_id=e1.id, code="a" * 22, issued_at=MARCH, language="es"),
            Certificate(
                enrolment_id=e3.id,
                code="b" * 22,
                issued_at=MAY,
                language="es",
                revoked_at=MAY,
                revoked_reason="duplicate",
            ),
            SurveyResponse(enrolment_id=e1.id, rating=5, comment=""),
            SurveyResponse(enrolment_id=e3.id, rating=3, comment=""),
        ]
    )
    _attempt(e1, a_pre, 1, 40)
    _attempt(e1, a_pre, 2, 90)  # a pre-test retaken later is not the baseline
    _attempt(e1, a_post, 1, 60)
    _attempt(e1, a_post, 2, 80)  # best post-test counts: gain 40
    _attempt(e2, a_pre, 1, 50)  # no post-test: not in the gain
    _attempt(e3, b_pre, 1, 60)
    _attempt(e3, b_post, 1, 70)  # gain 10
    db.session.commit()
    return {"a": a, "b": b, "ea": ea}


def figures(client, query=""):
    """The headline figures by their keys: the export names them in words, in the same order."""
    page = client.get(f"/dashboard/{query}")
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    with client.get(f"/dashboard/headline.csv{query}") as response:
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [label for label, _value in rows[1:]][:2] == ["Registered", "People enrolled"]
    return dict(zip(HEADLINE_LABELS, (value for _label, value in rows[1:]), strict=True))


def test_headline_without_filters(programme, client_for):
    got = figures(client_for("admin"))
    assert got == {
        "registered": "7",  # 6 people + the admin reading the dashboard
        "enrolled": "3",
        "active": "1",
        "completed": "2",
        "completion_rate": "66.7",
        "certificates": "1",
        "hours": "12",
        "satisfaction": "4.0",
        "responses": "2",
        "knowledge_gain": "25.0",
        "gain_people": "2",
    }


def test_filter_to_guatemala(programme, client_for):
    got = figures(client_for("admin"), "?region=GT")
    assert (got["registered"], got["enrolled"], got["active"], got["completed"]) == (
        "2",
        "2",
        "1",
        "1",
    )
    assert (got["completion_rate"], got["certificates"], got["hours"]) == ("50.0", "1", "6")
    assert (got["satisfaction"], got["knowledge_gain"], got["gain_people"]) == ("5.0", "40.0", "1")


def test_period_and_combined_filters(programme, client_for):
    admin = client_for("admin")
    got = figures(admin, "?since=2026-04-01&until=2026-12-31")
    assert (got["completed"], got["certificates"], got["hours"]) == ("1", "0", "6")
    got = figures(admin, "?theme=climate")
    assert (got["enrolled"], got["active"], got["completed"], got["completion_rate"]) == (
        "1",
        "0",
        "1",
        "100.0",
    )
    got = figures(admin, "?region=MX&theme=climate&sector=media")
    # Registrations ignore the theme: u3 and the reading admin are both Mexican media people.
    assert (got["registered"], got["enrolled"], got["completed"]) == ("2", "1", "1")
    got = figures(admin, f"?workshop={programme['a'].id}&gender=man")
    assert (got["enrolled"], got["completed"], got["completion_rate"]) == ("1", "0", "0.0")


def test_breakdown_by_gender_and_suppression(programme, client_for):
    admin = client_for("admin")
    with admin.get("/dashboard/gender.csv") as response:
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    table = {row[0]: row[1:] for row in rows[1:]}
    assert table["Woman"] == ["2", "2", "2"]
    assert table["Man"] == ["1", "1", "0"]
    # The admin (no gender), u4 (undisclosed), u5 (none) and the trainer (none).
    assert table["Prefer not to say"] == ["4", "0", "0"]
    with admin.get("/dashboard/gender.csv?publication=1") as response:
        text = response.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert {row[0]: row[1:] for row in rows[1:]}["Woman"] == ["<5", "<5", "<5"]
    assert response.headers["Content-Disposition"].endswith('-publication.csv"')
    assert text.startswith("\ufeff")


def _csv(client, path):
    with client.get(path) as response:
        assert response.status_code == 200
        return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


INTERNAL_KEYS = {"registered", "completion_rate", "gain_people", "region", "gender", "type"}


@pytest.mark.parametrize(
    ("language", "headline", "rate", "region", "gender", "research"),
    [
        (
            "es",
            ["Indicador", "Valor"],
            "Tasa de finalización (%)",
            "País o región",
            "Género",
            "Tipo",
        ),
        (
            "en",
            ["Indicator", "Value"],
            "Completion rate (%)",
            "Country or region",
            "Gender",
            "Type",
        ),
    ],
)
def test_exports_name_columns_and_figures_in_the_reader_s_language(
    programme, client_for, language, headline, rate, region, gender, research
):
    """Issue 22: no internal keys (registered, completion_rate) and one language per file."""
    admin = client_for("admin", language)
    rows = _csv(admin, "/dashboard/headline.csv")
    assert rows[0] == headline
    labels = [label for label, _value in rows[1:]]
    assert rate in labels and not INTERNAL_KEYS & set(labels)
    assert _csv(admin, "/dashboard/region.csv")[0][0] == region
    assert _csv(admin, "/dashboard/events-gender.csv")[0][0] == gender
    assert _csv(admin, "/dashboard/research-type.csv")[0][0] == research


def test_dashboard_page_shows_charts_and_tables(programme, client_for):
    page = client_for("admin").get("/dashboard/?region=GT").get_data(as_text=True)
    assert page.count('<svg class="chart"') == 3 and '<title id="chart-region-title">' in page
    assert "counts from 1 to 4" in page


@pytest.mark.parametrize(
    "query",
    ["?since=yesterday", "?region=XX", "?workshop=abc", "?since=2026-05-01&until=2026-01-01"],
)
def test_bad_filters_are_named_not_500(programme, client_for, query):
    admin = client_for("admin")
    response = admin.get(f"/dashboard/{query}")
    assert response.status_code == 400
    assert "were not understood" in response.get_data(as_text=True)
    assert admin.get(f"/dashboard/headline.csv{query}").status_code == 400


def test_exports_are_audited(programme, client_for):
    from learning.audit.models import AuditEntry

    client_for("admin").get("/dashboard/region.csv?publication=1").close()
    [entry] = db.session.scalars(db.select(AuditEntry)).all()
    assert entry.action == "export.downloaded"
    assert entry.details["table"] == "region" and entry.details["publication"] is True


@pytest.mark.parametrize("role", [None, "participant", "trainer", "researcher", "curator"])
@pytest.mark.parametrize("path", ["/dashboard/", "/dashboard/headline.csv", "/dashboard/nope.csv"])
def test_only_admins(client_for, role, path):
    response = client_for(role).get(path)
    assert response.status_code == (302 if role is None else 403)


def test_unknown_table_is_404(client_for):
    assert client_for("admin").get("/dashboard/nope.csv").status_code == 404


def test_query_count_does_not_grow_with_people(programme, client_for, make_user):
    admin = client_for("admin")

    def count() -> int:
        return count_statements(admin, "/dashboard/")

    before = count()
    for i in range(6):
        make_user(country="SV", gender="woman" if i % 2 else "man")
    assert count() == before


def test_demo_gives_every_chart_something_to_show(app, client_for):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    admin = client_for("admin")
    for table in ("region", "sector", "gender"):
        with admin.get(f"/dashboard/{table}.csv") as response:
            rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
        completed = [int(row[3]) for row in rows[1:]]
        assert sum(1 for value in completed if value > 0) >= 3, (table, rows)
    got = figures(admin)
    assert int(got["completed"]) > 10 and got["satisfaction"] not in ("", None)
