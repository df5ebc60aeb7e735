"""Moderation: reports (once per person), posts hidden by reports, moderators hiding with a
reason shown in place, restoring, acting in bulk, blocking, and the public log."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from learning.audit.models import AuditEntry
from learning.network.talk_models import Block, Message, ModerationAction, Post, Report
from learning.platform.extensions import db
from tests.network.talk_support import allow


def _report(client, post, reason="spam"):
    return client.post(f"/network/posts/{post.id}/report", data={"reason": reason})


def test_a_report_by_the_same_person_twice_counts_once(client_for, make_member, post):
    reporter = client_for(make_member("Repetido Reportero"))
    assert _report(reporter, post).status_code == 303
    assert _report(reporter, post, "offensive").status_code == 303
    db.session.refresh(post)
    assert post.report_count == 1 and post.state == "visible"
    assert db.session.scalar(select(func.count(Report.id))) == 1


def test_three_reports_hide_the_post_until_a_moderator_decides(
    client_for, make_member, moderator, post
):
    for n in range(3):
        _report(client_for(make_member(f"Reporta {n}")), post)
    db.session.refresh(post)
    assert post.state == "reported"
    page = client_for(None).get(f"/network/threads/{post.thread_id}").get_data(as_text=True)
    assert "Texto original del aporte" not in page and "Hidden after reports" in page
    queue = client_for(moderator).get("/network/moderation").get_data(as_text=True)
    assert "Texto original del aporte" in queue
    assert client_for(moderator).post(f"/network/posts/{post.id}/restore").status_code == 303
    db.session.refresh(post)
    assert post.state == "visible" and post.report_count == 0


@pytest.mark.parametrize("reason", ["", "hate", "x" * 40])
def test_a_report_without_a_known_reason_is_refused(client_for, make_member, post, reason):
    answer = _report(client_for(make_member("Sin Razón")), post, reason)
    assert answer.status_code == 400
    assert "Choose a reason from the list." in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Report.id))) == 0


def test_reporting_ones_own_post_is_refused(client_for, member, post):
    assert _report(client_for(member), post).status_code == 403


def test_a_member_who_is_not_a_moderator_may_not_hide(client_for, make_member, post):
    other = client_for(make_member("No Moderador"))
    assert other.get(f"/network/posts/{post.id}/hide").status_code == 403
    answer = other.post(f"/network/posts/{post.id}/hide", data={"reason": "no me gusta"})
    assert answer.status_code == 403
    assert (
        other.post(
            "/network/moderation/bulk", data={"post": post.id, "action": "hide", "reason": "x"}
        ).status_code
        == 403
    )
    assert other.get("/network/moderation").status_code == 403
    visitor = client_for(None).post(f"/network/posts/{post.id}/hide", data={"reason": "x"})
    assert visitor.status_code in (302, 303)
    db.session.refresh(post)
    assert post.state == "visible"


def test_a_moderator_hides_with_a_reason_shown_in_place_and_logged(client_for, moderator, post):
    answer = client_for(moderator).post(
        f"/network/posts/{post.id}/hide", data={"reason": "Datos personales de un tercero"}
    )
    assert answer.status_code == 303
    page = client_for(None).get(f"/network/threads/{post.thread_id}").get_data(as_text=True)
    assert "Datos personales de un tercero" in page
    assert "Texto original del aporte" not in page
    log = client_for(None).get("/network/moderation/log").get_data(as_text=True)
    assert "Datos personales de un tercero" in log and "Post hidden" in log
    assert (
        db.session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.action == "network.hide")
        )
        == 1
    )
    assert client_for(None).get(f"/network/posts/{post.id}/history").status_code == 404


def test_hiding_needs_a_reason(client_for, moderator, post):
    answer = client_for(moderator).post(f"/network/posts/{post.id}/hide", data={"reason": " "})
    assert answer.status_code == 400
    assert "Give a reason" in answer.get_data(as_text=True)
    db.session.refresh(post)
    assert post.state == "visible"
    assert db.session.scalar(select(func.count(ModerationAction.id))) == 0


def test_moderators_act_in_bulk(client_for, member, moderator, talk_output, post):
    client_for(member).post(f"/network/threads/{post.thread_id}", data={"body": "Segundo"})
    ids = list(db.session.scalars(select(Post.id)))
    answer = client_for(moderator).post(
        "/network/moderation/bulk", data={"post": ids, "action": "hide", "reason": "Spam"}
    )
    assert answer.status_code == 303
    states = set(db.session.scalars(select(Post.state)))
    assert states == {"hidden"}
    assert db.session.scalar(select(func.count(ModerationAction.id))) == 2


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"action": "hide", "reason": "Spam"}, "Choose at least one post."),
        ({"post": "abc", "action": "hide", "reason": "Spam"}, "Choose at least one post."),
        ({"post": "1", "action": "hide", "reason": ""}, "Give a reason"),
    ],
)
def test_careless_bulk_decisions_are_refused(client_for, moderator, post, data, words):
    if data.get("post") == "1":
        data["post"] = str(post.id)
    answer = client_for(moderator).post("/network/moderation/bulk", data=data)
    assert answer.status_code == 400 and words in answer.get_data(as_text=True)
    db.session.refresh(post)
    assert post.state == "visible"


def test_an_unknown_bulk_action_is_a_400(client_for, moderator, post):
    answer = client_for(moderator).post(
        "/network/moderation/bulk", data={"post": post.id, "action": "delete", "reason": "x"}
    )
    assert answer.status_code == 400


def test_block_and_unblock_a_member(client_for, member, moderator, post):
    assert (
        client_for(moderator)
        .post(f"/network/members/{member.id}/block", data={"reason": "Spam repetido"})
        .status_code
        == 303
    )
    assert db.session.scalar(select(Block.user_id)) == member.id
    refused = client_for(member).post(f"/network/threads/{post.thread_id}", data={"body": "hola"})
    assert refused.status_code == 403
    assert client_for(moderator).post(f"/network/members/{member.id}/unblock").status_code == 303
    again = client_for(member).post(f"/network/threads/{post.thread_id}", data={"body": "hola"})
    assert again.status_code == 303


def test_a_moderator_may_not_block_without_a_reason_or_themself(client_for, moderator, member):
    answer = client_for(moderator).post(f"/network/members/{member.id}/block", data={"reason": ""})
    assert answer.status_code == 400
    answer = client_for(moderator).post(
        f"/network/members/{moderator.id}/block", data={"reason": "x"}
    )
    assert answer.status_code == 400 and "cannot block yourself" in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Block.id))) == 0


def test_xss_through_the_moderators_reason_is_inert(client_for, moderator, post):
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    client_for(moderator).post(f"/network/posts/{post.id}/hide", data={"reason": payload})
    for path in (f"/network/threads/{post.thread_id}", "/network/moderation/log"):
        page = client_for(None).get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page


def test_the_log_in_spanish(client_for, moderator, post):
    client_for(moderator).post(f"/network/posts/{post.id}/hide", data={"reason": "Fuera de tema"})
    page = client_for(None, "es").get("/network/moderation/log").get_data(as_text=True)
    assert "Registro de moderación" in page and "Fuera de tema" in page


def test_moderators_see_reported_messages_and_settle_them(
    client_for, member, make_member, moderator
):
    reader = make_member("Recibe Abuso")
    allow(reader)
    client_for(member).post(f"/network/contact/{reader.id}", data={"body": "Mensaje abusivo"})
    message = db.session.scalars(select(Message)).one()
    client_for(reader).post(f"/network/messages/{message.id}/report", data={"reason": "offensive"})
    queue = client_for(moderator).get("/network/moderation").get_data(as_text=True)
    assert "Mensaje abusivo" in queue and f"/network/members/{member.id}/block" in queue
    assert client_for(member).post(f"/network/messages/{message.id}/settle").status_code == 403
    assert client_for(moderator).post(f"/network/messages/{message.id}/settle").status_code == 303
    assert "Mensaje abusivo" not in client_for(moderator).get("/network/moderation").text
