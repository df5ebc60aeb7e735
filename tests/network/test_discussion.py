"""Discussion threads on research outputs, events and themes: reading, starting, replying,
editing with history, mentions, and what new, blocked and careless members run into."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from learning.network.talk_models import Block, Post, PostRevision, Thread
from learning.platform.extensions import db
from tests.network.talk_support import allow

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[click](javascript:alert(3))",
    '"><svg onload=alert(4)>',
    "<iframe src=//evil.example></iframe>",
]


def _start(client, output, title="¿Qué datos faltan?", body="Propongo revisar los datos."):
    return client.post(
        f"/network/discussions/output/{output.id}", data={"title": title, "body": body}
    )


def _thread() -> Thread:
    return db.session.scalars(select(Thread).order_by(Thread.id.desc())).first()


def test_a_member_starts_a_thread_and_another_replies(client_for, member, make_member, talk_output):
    answer = _start(client_for(member), talk_output)
    assert answer.status_code == 303
    thread = _thread()
    assert answer.headers["Location"].endswith(f"/network/threads/{thread.id}")
    other = make_member("Rafael Respuesta")
    reply = client_for(other).post(f"/network/threads/{thread.id}", data={"body": "De acuerdo."})
    assert reply.status_code == 303
    page = client_for(other).get(f"/network/threads/{thread.id}").get_data(as_text=True)
    assert "Propongo revisar los datos." in page and "De acuerdo." in page
    assert "Marta Miembro" in page and "Rafael Respuesta" in page
    # Their profiles are for members: a visitor reads the posts, not the names.
    public = client_for(None).get(f"/network/threads/{thread.id}").get_data(as_text=True)
    assert "De acuerdo." in public and "Marta Miembro" not in public
    db.session.refresh(thread)
    assert thread.post_count == 2


def test_the_output_and_event_pages_show_their_discussion(
    client_for, member, talk_output, make_event
):
    landing = client_for(None).get(f"/research/{talk_output.id}").get_data(as_text=True)
    assert "No discussion yet" in landing
    _start(client_for(member), talk_output, title="Hilo sobre datos")
    landing = client_for(None).get(f"/research/{talk_output.id}").get_data(as_text=True)
    assert "Hilo sobre datos" in landing and "1 thread" in landing
    event = make_event()
    page = client_for(None).get(f"/events/{event.id}").get_data(as_text=True)
    assert f"/network/discussions/event/{event.id}" in page


def test_threads_of_a_theme_and_in_spanish(client_for, member):
    answer = client_for(member, "es").post(
        "/network/discussions/theme/climate", data={"title": "Adaptación", "body": "Ideas"}
    )
    assert answer.status_code == 303
    page = client_for(None, "es").get("/network/discussions/theme/climate").get_data(as_text=True)
    assert "Adaptación" in page and "Inicie sesión para participar." in page, page[
        page.find("<main") :
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/network/discussions/theme/astrology",
        "/network/discussions/planet/1",
        "/network/discussions/output/999999",
        "/network/discussions/output/abc",
        "/network/discussions/event/99999999999999999999",
        "/network/threads/999999",
    ],
)
def test_unknown_subjects_and_threads_are_404(client_for, path):
    assert client_for(None).get(path).status_code == 404


def test_a_draft_output_has_no_discussion(client_for, member, make_output):
    draft = make_output(state="draft")
    assert client_for(None).get(f"/network/discussions/output/{draft.id}").status_code == 404
    assert _start(client_for(member), draft).status_code == 404
    assert db.session.scalar(select(func.count(Thread.id))) == 0


def test_a_visitor_is_sent_to_sign_in_and_nothing_is_written(client_for, talk_output):
    answer = _start(client_for(None), talk_output)
    assert answer.status_code in (302, 303) and "sign-in" in answer.headers["Location"]
    assert db.session.scalar(select(func.count(Post.id))) == 0


@pytest.mark.parametrize(
    ("title", "body", "words"),
    [
        ("", "Texto", "Give the discussion a title."),
        ("Título", "   ", "Write something before you post."),
        ("x" * 201, "Texto", "at most 200 characters"),
        ("Título", "x" * 10_001, "at most 10,000 characters"),
    ],
)
def test_careless_posts_are_refused_with_words(client_for, member, talk_output, title, body, words):
    answer = _start(client_for(member), talk_output, title=title, body=body)
    assert answer.status_code == 400
    assert words in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Thread.id))) == 0


def test_editing_keeps_the_history_and_only_the_author_may(
    client_for, member, make_member, talk_output
):
    author = client_for(member)
    _start(author, talk_output, body="Primera versión")
    post = db.session.scalars(select(Post)).one()
    assert (
        author.post(f"/network/posts/{post.id}/edit", data={"body": "Segunda versión"}).status_code
        == 303
    )
    stranger = client_for(make_member("Intruso Editor"))
    assert stranger.get(f"/network/posts/{post.id}/edit").status_code == 403
    assert (
        stranger.post(f"/network/posts/{post.id}/edit", data={"body": "pwned"}).status_code == 403
    )
    db.session.refresh(post)
    assert post.body == "Segunda versión" and post.edited_at is not None
    history = client_for(None).get(f"/network/posts/{post.id}/history").get_data(as_text=True)
    assert "Primera versión" in history
    thread_page = client_for(None).get(f"/network/threads/{post.thread_id}").get_data(as_text=True)
    assert "Segunda versión" in thread_page and "pwned" not in thread_page
    assert db.session.scalar(select(func.count(PostRevision.id))) == 1


def test_a_mention_tells_the_member_by_email(client_for, member, make_member, talk_output, outbox):
    make_member("Lucía Pérez", email="lucia@example.org")
    _start(client_for(member), talk_output, body="¿Qué opina @[Lucía Pérez]?")
    mails = outbox.to("lucia@example.org")
    assert len(mails) == 1
    assert "Marta Miembro" in mails[0]["Subject"]
    # The post's lasting address: it leads to whichever page of the thread shows it.
    post = db.session.scalars(select(Post).order_by(Post.id.desc())).first()
    assert f"/network/posts/{post.id}" in outbox.body(mails[0])


def test_a_private_profile_or_a_refusal_is_not_mentionable(
    client_for, member, make_member, talk_output, outbox
):
    make_member("Pedro Privado", email="pedro@example.org", visible=False)
    quiet = make_member("Quieta Silencio", email="quieta@example.org")
    allow(quiet, mentions=False)
    _start(client_for(member), talk_output, body="Hola @[Pedro Privado] y @[Quieta Silencio]")
    assert outbox.to("pedro@example.org") == [] and outbox.to("quieta@example.org") == []


def test_a_private_member_is_not_named_to_others(client_for, make_member, talk_output, member):
    hidden = make_member("Nadia Nombre Oculto", visible=False)
    _start(client_for(hidden), talk_output, body="Mi opinión")
    thread = _thread()
    for reader in (None, member):
        page = client_for(reader).get(f"/network/threads/{thread.id}").get_data(as_text=True)
        assert "Nadia Nombre Oculto" not in page and "Mi opinión" in page


def test_a_mention_of_500_people_tells_ten(client_for, member, make_member, talk_output, outbox):
    for n in range(12):
        make_member(f"Persona Mencionada {n}", email=f"m{n}@example.org")
    names = " ".join(f"@[Persona Mencionada {n}]" for n in range(12))
    names += " " + " ".join(f"@[Nadie {n}]" for n in range(488))
    client = client_for(member)
    answer = _start(client, talk_output, body=names)
    assert answer.status_code == 303
    assert len([m for m in outbox.messages() if m["To"].startswith("m")]) == 10
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "490 more names were not notified: a post tells at most 10 people." in page


def test_a_new_account_posting_20_times_a_minute_is_stopped(client_for, make_member, talk_output):
    newcomer = client_for(make_member("Nuevo Veloz", new=True))
    _start(newcomer, talk_output)
    thread = _thread()
    codes = [
        newcomer.post(f"/network/threads/{thread.id}", data={"body": f"spam {n}"}).status_code
        for n in range(19)
    ]
    assert codes[:4] == [303] * 4 and set(codes[4:]) == {429}
    refused = newcomer.post(f"/network/threads/{thread.id}", data={"body": "otra"})
    assert "wait a minute before you post again" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Post.id))) == 5


def test_an_older_member_is_not_limited_that_way(client_for, member, talk_output):
    client = client_for(member)
    _start(client, talk_output)
    thread = _thread()
    codes = {
        client.post(f"/network/threads/{thread.id}", data={"body": f"r{n}"}).status_code
        for n in range(8)
    }
    assert codes == {303}


def test_a_new_members_links_are_held_until_approved(
    client_for, make_member, member, moderator, talk_output
):
    newcomer = make_member("Nueva Enlace", new=True)
    _start(client_for(newcomer), talk_output, body="Vean [mi sitio](https://spam.example/x)")
    post = db.session.scalars(select(Post)).one()
    assert post.links_held
    page = client_for(member).get(f"/network/threads/{post.thread_id}").get_data(as_text=True)
    assert 'href="https://spam.example/x"' not in page and "mi sitio" in page
    assert client_for(member).post(f"/network/posts/{post.id}/approve-links").status_code == 403
    assert client_for(moderator).post(f"/network/posts/{post.id}/approve-links").status_code == 303
    page = client_for(member).get(f"/network/threads/{post.thread_id}").get_data(as_text=True)
    assert 'href="https://spam.example/x"' in page


def test_an_older_members_links_show(client_for, member, talk_output):
    _start(client_for(member), talk_output, body="Fuente: [informe](https://example.org/i)")
    thread = _thread()
    page = client_for(None).get(f"/network/threads/{thread.id}").get_data(as_text=True)
    assert 'href="https://example.org/i"' in page


def test_a_blocked_member_may_not_post(client_for, member, moderator, talk_output):
    db.session.add(Block(user_id=member.id, blocked_by_id=moderator.id, reason="spam"))
    db.session.commit()
    answer = _start(client_for(member), talk_output)
    assert answer.status_code == 403
    assert "blocked you" in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Thread.id))) == 0


@pytest.mark.parametrize("payload", XSS)
def test_xss_through_title_and_body_comes_out_inert(client_for, member, talk_output, payload):
    _start(client_for(member), talk_output, title=f"T {payload}", body=f"B {payload}")
    thread = _thread()
    for path in (
        f"/network/threads/{thread.id}",
        f"/network/discussions/output/{talk_output.id}",
        f"/research/{talk_output.id}",
    ):
        page = client_for(None).get(path).get_data(as_text=True)
        assert "<script>alert" not in page
        assert not re.search(r"<[^>]+\son(error|load)=", page)
        assert 'href="javascript' not in page
        assert "<iframe src=//evil" not in page


def test_an_edit_tells_only_the_people_it_newly_mentions(
    client_for, member, make_member, talk_output, outbox
):
    make_member("Primera Mencion", email="primera@example.org")
    make_member("Segunda Mencion", email="segunda@example.org")
    client = client_for(member)
    _start(client, talk_output, body="Hola @[Primera Mencion]")
    post = db.session.scalars(select(Post)).one()
    client.post(
        f"/network/posts/{post.id}/edit",
        data={"body": "Hola @[Primera Mencion] y @[Segunda Mencion]"},
    )
    assert len(outbox.to("primera@example.org")) == 1
    assert len(outbox.to("segunda@example.org")) == 1
