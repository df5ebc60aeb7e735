"""Review: the panel and the rubric, assignment by staff (a detected conflict refused unless
waived with a reason, which the audit log keeps) or balanced automatically, declared
conflicts, scores hidden until one's own review is submitted, and blind review."""

from __future__ import annotations

from sqlalchemy import select

from learning.audit.models import AuditEntry
from learning.calls.models import CallReview
from learning.calls.services import applications, review
from learning.platform.extensions import db
from learning.workshops.services.common import Texts


def _criteria(call):
    review.add_criterion(
        call, {"es": Texts(title="Pertinencia"), "en": Texts(title="Relevance")}, 3
    )
    review.add_criterion(
        call, {"es": Texts(title="Viabilidad"), "en": Texts(title="Feasibility")}, 1
    )
    db.session.commit()
    return review.criteria(call)


def _submitted(filled, user, call):
    application = filled(user, call)
    applications.submit(application)
    db.session.commit()
    return application


def _scores(rubric, first, second, confidence="2"):
    return {
        f"score_{rubric[0].id}": str(first),
        f"score_{rubric[1].id}": str(second),
        "confidence": confidence,
        "comment": "Sólida.",
    }


def test_staff_build_the_panel_and_the_rubric(client_for, staff, make_call, make_user):
    call = make_call()
    make_user("rita@uni.example.org", name="Rita Revisora")
    client = client_for(staff, "es")
    url = f"/calls/{call.id}/panel"
    assert client.get(url).status_code == 200
    response = client.post(f"{url}/reviewers", data={"email": "RITA@uni.example.org"})
    assert response.status_code == 303
    again = client.post(f"{url}/reviewers", data={"email": "rita@uni.example.org"})
    assert again.status_code == 400 and "ya está en el panel" in again.get_data(as_text=True)
    nobody = client.post(f"{url}/reviewers", data={"email": "nadie@example.org"})
    assert nobody.status_code == 400 and "Ninguna cuenta activa" in nobody.get_data(as_text=True)
    response = client.post(f"{url}/criteria", data={"title_es": "Impacto", "weight": "2"})
    assert response.status_code == 303
    bad = client.post(f"{url}/criteria", data={"title_es": "Otro", "weight": "0"})
    assert bad.status_code == 400 and "peso de 1 a 100" in bad.get_data(as_text=True)
    assert [c.weight for c in review.criteria(call)] == [2]
    assert [m.user.name for m in review.panel(call)] == ["Rita Revisora"]
    for who in ("participant", "trainer"):
        assert client_for(who).get(url).status_code == 403


def test_a_detected_conflict_needs_a_waiver_kept_in_the_audit_log(
    client_for, staff, make_call, make_user, filled
):
    call = make_call()
    applicant = make_user("ana@ong.example.org", organisation="ONG Agua")
    application = _submitted(filled, applicant, call)
    colleague = make_user("ben@other.example.net", organisation="ong agua ")
    review.add_reviewer(call, colleague.email)
    db.session.commit()
    client = client_for(staff, "es")
    form = {"application_id": application.id, "reviewer_id": colleague.id}
    response = client.post(f"/calls/{call.id}/panel/assign", data=form)
    assert response.status_code == 409
    assert "misma organización" in response.get_data(as_text=True)
    assert db.session.scalar(select(CallReview)) is None
    waiver = "Trabajan en oficinas distintas y no colaboran."
    response = client.post(f"/calls/{call.id}/panel/assign", data={**form, "waiver": waiver})
    assert response.status_code == 303
    row = db.session.scalar(select(CallReview))
    assert row.waiver_reason == waiver and row.waived_by_id == staff.id
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "calls.conflict_waived")
    )
    assert entry.details["reason"] == waiver and entry.details["conflicts"] == ["same_organisation"]
    assert entry.actor_id == staff.id and entry.target_id == application.id
    # Nobody reviews their own application, waiver or not.
    review.add_reviewer(call, applicant.email)
    db.session.commit()
    response = client.post(
        f"/calls/{call.id}/panel/assign",
        data={"application_id": application.id, "reviewer_id": applicant.id, "waiver": "x"},
    )
    assert response.status_code == 400


def test_balanced_assignment_skips_conflicts_and_evens_the_load(make_call, make_user, filled):
    call = make_call()
    apps = [
        _submitted(filled, make_user(f"p{n}@applicants{n}.example.org"), call) for n in range(3)
    ]
    reviewers = [make_user(f"r{n}@panel{n}.example.net") for n in range(3)]
    # Same e-mail domain as the first applicant: detected, never chosen.
    conflicted = make_user("boss@applicants0.example.org")
    for person in (*reviewers, conflicted):
        review.add_reviewer(call, person.email)
    db.session.commit()
    made = review.balance(call)
    db.session.commit()
    rows = db.session.scalars(select(CallReview)).all()
    assert made == 6 and len(rows) == 6
    by_app = {a.id: {r.reviewer_id for r in rows if r.application_id == a.id} for a in apps}
    assert all(len(ids) == 2 for ids in by_app.values())
    assert conflicted.id not in by_app[apps[0].id]
    loads = sorted(sum(1 for r in rows if r.reviewer_id == p.id) for p in (*reviewers, conflicted))
    assert max(loads) - min(loads) <= 1
    assert review.balance(call) == 0  # already balanced


def test_reviewing_with_conflicts_hidden_scores_and_blind_mode(
    client_for, make_call, make_user, filled
):
    call = make_call()
    call.blind = True
    rubric = _criteria(call)
    applicant = make_user(name="Ana Aplicante", organisation="Diario del Sur")
    application = _submitted(filled, applicant, call)
    first, second, third = (make_user(f"rev{n}@panel.example.net") for n in range(3))
    for person in (first, second, third):
        review.add_reviewer(call, person.email)
    db.session.commit()
    rows = {}
    for person in (first, second, third):
        rows[person.id] = review.assign(application, person, by=person)
    db.session.commit()

    # The third declares a conflict: the application is closed to them from then on.
    c3 = client_for(third, "es")
    url3 = f"/calls/{call.id}/reviews/{rows[third.id].id}"
    response = c3.post(f"{url3}/conflict", data={"note": "Fui su director de tesis."})
    assert response.status_code == 303
    opened = c3.get(url3)
    assert opened.status_code == 403
    assert "declaró un conflicto" in opened.get_data(as_text=True)
    assert application.statement not in opened.get_data(as_text=True)
    assert c3.post(url3, data=_scores(rubric, 5, 5)).status_code == 403

    # Blind: no name, no organisation; the others' scores stay hidden until one submits.
    c1, c2 = client_for(first), client_for(second)
    url1 = f"/calls/{call.id}/reviews/{rows[first.id].id}"
    url2 = f"/calls/{call.id}/reviews/{rows[second.id].id}"
    page = c1.get(url1).get_data(as_text=True)
    assert application.statement in page
    assert "Ana Aplicante" not in page and "Diario del Sur" not in page
    assert c1.post(url1, data=_scores(rubric, 4, 2)).status_code == 303
    page2 = c2.get(url2).get_data(as_text=True)
    assert "rev0@" not in page2 and "Sólida." not in page2
    refused = c2.get(f"{url2}/others")
    assert refused.status_code == 403
    assert "only after you submit your own" in refused.get_data(as_text=True)
    bad = c2.post(url2, data=_scores(rubric, 9, 2))
    assert bad.status_code == 400 and "from 0 to 5" in bad.get_data(as_text=True)
    assert c2.post(url2, data=_scores(rubric, 3, 3, "")).status_code == 400
    assert c2.post(url2, data=_scores(rubric, 3, 3)).status_code == 303
    page2 = c2.get(url2).get_data(as_text=True)
    assert first.name in page2 and "3.50" in page2  # (4×3 + 2×1) / 4
    assert c2.get(f"{url2}/others").status_code == 303
    # Submitted reviews do not change; another reviewer's review is not reachable.
    assert c2.post(url2, data=_scores(rubric, 0, 0)).status_code == 400
    assert c2.get(url1).status_code == 404
    assert client_for("participant").get(f"/calls/{call.id}/reviews").status_code == 403
