"""Contact between members without showing e-mail addresses, abuse reports on messages, and
what the conversation does with a person's data (export, deletion)."""

from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from learning.accounts.privacy import delete_account, export_user
from learning.network.talk_models import Block, Message, Post, Report
from learning.platform.extensions import db
from tests.network.talk_support import allow


def test_a_member_writes_to_one_who_allows_it(client_for, member, make_member, outbox):
    reader = make_member("Ana Abierta", email="ana@example.org")
    allow(reader)
    answer = client_for(member).post(f"/network/contact/{reader.id}", data={"body": "¿Hablamos?"})
    assert answer.status_code == 303
    [mail] = outbox.to("ana@example.org")
    body = outbox.body(mail)
    assert "¿Hablamos?" in body and "Marta Miembro" in mail["Subject"]
    assert member.email not in body and member.email not in str(mail["Reply-To"])
    assert f"/network/contact/{member.id}" in body
    message = db.session.scalars(select(Message)).one()
    assert f"/network/messages/{message.id}/report" in body


def test_writing_to_someone_who_does_not_allow_it_is_refused(
    client_for, member, make_member, outbox
):
    closed = make_member("Cerrada Contacto", email="closed@example.org")
    answer = client_for(member).post(f"/network/contact/{closed.id}", data={"body": "Hola"})
    assert answer.status_code == 403
    assert "does not accept messages" in answer.get_data(as_text=True)
    assert outbox.to("closed@example.org") == []
    assert db.session.scalar(select(func.count(Message.id))) == 0


def test_a_private_profile_cannot_be_written_to(client_for, member, make_member, outbox):
    hidden = make_member("Privada Total", email="priv@example.org", visible=False)
    allow(hidden)
    answer = client_for(member).post(f"/network/contact/{hidden.id}", data={"body": "Hola"})
    assert answer.status_code == 403
    assert "Privada Total" not in answer.get_data(as_text=True)
    assert outbox.to("priv@example.org") == []


def test_careless_and_hostile_messages(client_for, member, make_member, moderator):
    reader = make_member("Receptora Mensajes")
    allow(reader)
    client = client_for(member)
    assert client.post(f"/network/contact/{reader.id}", data={"body": "  "}).status_code == 400
    assert (
        client.post(f"/network/contact/{reader.id}", data={"body": "x" * 5001}).status_code == 400
    )
    assert client.post(f"/network/contact/{member.id}", data={"body": "yo"}).status_code == 403
    assert client.post("/network/contact/999999", data={"body": "nadie"}).status_code == 404
    db.session.add(Block(user_id=member.id, blocked_by_id=moderator.id, reason="abuso"))
    db.session.commit()
    assert client.post(f"/network/contact/{reader.id}", data={"body": "hola"}).status_code == 403
    assert db.session.scalar(select(func.count(Message.id))) == 0


def test_the_recipient_reports_a_message_and_nobody_else_may(client_for, member, make_member):
    reader = make_member("Receptor Reporta")
    allow(reader)
    client_for(member).post(f"/network/contact/{reader.id}", data={"body": "compra ya"})
    message = db.session.scalars(select(Message)).one()
    path = f"/network/messages/{message.id}/report"
    assert client_for(member).post(path, data={"reason": "spam"}).status_code == 404
    assert client_for(reader).post(path, data={"reason": "spam"}).status_code == 303
    assert client_for(reader).post(path, data={"reason": "spam"}).status_code == 303
    assert db.session.scalar(select(func.count(Report.id))) == 1


def test_xss_in_a_message_stays_text(client_for, member, make_member, moderator, outbox):
    reader = make_member("Receptor Texto", email="rt@example.org")
    allow(reader)
    payload = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    client_for(member).post(f"/network/contact/{reader.id}", data={"body": payload})
    [mail] = outbox.to("rt@example.org")
    assert mail.get_content_type() == "text/plain"
    message = db.session.scalars(select(Message)).one()
    client_for(reader).post(f"/network/messages/{message.id}/report", data={"reason": "spam"})
    queue = client_for(moderator).get("/network/moderation").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)" in queue
    assert "<script>alert" not in queue and "<img src=x" not in queue


def test_settings_are_saved_and_a_bad_digest_is_refused(client_for, member):
    client = client_for(member)
    answer = client.post("/network/talk-settings", data={"digest": "weekly", "allow_messages": "y"})
    assert answer.status_code == 303
    page = client.get("/network/talk-settings").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="weekly"', page)
    bad = client.post("/network/talk-settings", data={"digest": "hourly"})
    assert bad.status_code == 400 and "Choose how often" in bad.get_data(as_text=True)


def test_export_holds_the_conversation_and_deletion_leaves_a_deleted_member(
    app, client_for, member, make_member, talk_output
):
    reader = make_member("Lectora Exporta")
    allow(reader)
    client = client_for(member)
    client.post(
        f"/network/discussions/output/{talk_output.id}",
        data={"title": "Hilo exportado", "body": "Mi aporte exportable"},
    )
    client.post("/network/follow", data={"kind": "theme", "target": "climate"})
    client.post(f"/network/contact/{reader.id}", data={"body": "Mensaje exportable"})
    data = json.dumps(export_user(member), ensure_ascii=False)
    for text in ("Mi aporte exportable", "Hilo exportado", "climate", "Mensaje exportable"):
        assert text in data
    post = db.session.scalars(select(Post)).one()
    delete_account(member)
    db.session.commit()
    page = client_for(None).get(f"/network/threads/{post.thread_id}").get_data(as_text=True)
    assert "deleted member" in page and "Marta Miembro" not in page
    assert "Mi aporte exportable" in page
    assert db.session.scalar(select(func.count(Message.id))) == 0


def test_a_member_may_answer_who_wrote_first(client_for, member, make_member, outbox):
    reader = make_member("Contesta Siempre", email="contesta@example.org")
    allow(reader)
    # ``member`` does not accept messages, but may be answered once they wrote.
    assert (
        client_for(reader).post(f"/network/contact/{member.id}", data={"body": "x"}).status_code
        == 403
    )
    client_for(member).post(f"/network/contact/{reader.id}", data={"body": "¿Hablamos?"})
    [mail] = outbox.to("contesta@example.org")
    reply = client_for(reader).post(outbox.link(mail), data={"body": "Claro que sí"})
    assert reply.status_code == 303
    assert "Claro que sí" in outbox.body(outbox.to(member.email)[0])
