"""The dashboard's funnel of the exchange calls: applied → eligible → reviewed → selected, by
country or region, sector and gender, with small numbers suppressed."""

from __future__ import annotations

from learning.calls.services import applications, review, selection
from learning.dashboard import calls as call_indicators
from learning.dashboard.services import Filters
from learning.platform.extensions import db
from learning.workshops.services.common import Texts


def test_the_funnel_counts_each_step_and_hides_small_numbers(
    make_call, make_user, filled, staff, client_for
):
    call = make_call(places=5)
    review.add_criterion(call, {"en": Texts(title="Quality")}, 1)
    reviewer = make_user("rev@panel.example.net")
    review.add_reviewer(call, reviewer.email)
    people = [make_user(f"a{n}@apply{n}.example.org", gender="woman") for n in range(7)]
    drafts = [applications.start(make_user(), call) for _ in range(2)]
    db.session.commit()
    done = []
    for person in people:
        application = filled(person, call)
        applications.submit(application)
        done.append(application)
    rubric = review.criteria(call)
    for application in done[:5]:
        row = review.assign(application, reviewer, by=staff)
        review.submit_review(row, rubric, review.Scoring({rubric[0].id: 4}, 2, ""))
    call.status = "reviewing"
    for application in done[:2]:
        selection.decide(application, "selected", "Good.", by=staff)
    db.session.commit()
    assert len(drafts) == 2
    rows = {key: counts for key, *counts in call_indicators.funnel(Filters(), "region")}
    assert rows["MX"] == [9, 7, 5, "<5"]
    assert rows["GT"] == [0, 0, 0, 0]
    genders = {key: counts for key, *counts in call_indicators.funnel(Filters(), "gender")}
    assert genders["woman"] == [7, 7, 5, "<5"]
    page = client_for(staff).get("/dashboard/").get_data(as_text=True)
    assert "Exchange calls: from application to selection" in page
    assert "&lt;5" in page
