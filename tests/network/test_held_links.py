"""The held-links queue: a new member's links in posts and profiles wait there; moderators
approve them (they become links) or keep them as plain text; every decision is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from learning.audit.models import AuditEntry
from learning.network.models import Profile
from learning.network.talk_models import Post
from learning.platform.extensions import db
from tests.network.conftest import with_profile
from tests.support.queries import count_statements

SPAM = "https://spam.example/x"


def _post(client, output, body):
    answer = client.post(
        f"/network/discussions/output/{output.id}", data={"title": "Enlaces", "body": body}
    )
    assert answer.status_code == 303, answer.text[:300]
    return db.session.scalars(select(Post).order_by(Post.id.desc())).first()


def _actions() -> list[str]:
    return [row.action for row in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("participant", 403), ("trainer", 403)])
def test_only_moderators_see_the_queue_and_decide(client_for, who, status, talk_output):
    client = client_for(who)
    assert client.get("/network/moderation/links").status_code == status
    assert (
        client.post(
            "/network/moderation/links/posts", data={"post": "1", "action": "approve"}
        ).status_code
        == status
    )
    assert (
        client.post("/network/moderation/links/people/1", data={"action": "approve"}).status_code
        == status
    )


def test_the_moderation_page_links_to_the_queue(client_for, moderator):
    page = client_for(moderator).get("/network/moderation").text
    assert 'href="/network/moderation/links"' in page


def test_a_held_post_is_approved_from_the_queue(
    client_for, make_member, member, moderator, talk_output
):
    newcomer = make_member("Nuevo Enlazador", new=True)
    post = _post(client_for(newcomer), talk_output, f"Vean [mi sitio]({SPAM})")
    mod = client_for(moderator)
    queue = mod.get("/network/moderation/links").text
    assert "Enlaces" in queue and "Nuevo Enlazador" in queue and f'value="{post.id}"' in queue
    answer = mod.post(
        "/network/moderation/links/posts", data={"post": str(post.id), "action": "approve"}
    )
    assert answer.status_code == 303
    assert "1 post changed." in mod.get(answer.headers["Location"]).text
    thread = client_for(member).get(f"/network/threads/{post.thread_id}").text
    assert f'href="{SPAM}"' in thread
    assert f'value="{post.id}"' not in mod.get("/network/moderation/links").text
    assert "network.approve-links" in _actions()


def test_a_held_post_kept_as_plain_text_leaves_the_queue_until_edited(
    client_for, make_member, member, moderator, talk_output
):
    newcomer = make_member("Nueva Spam", new=True)
    author = client_for(newcomer)
    post = _post(author, talk_output, f"Compren aquí: {SPAM}")
    mod = client_for(moderator)
    answer = mod.post(
        "/network/moderation/links/posts", data={"post": str(post.id), "action": "reject"}
    )
    assert answer.status_code == 303
    db.session.expire_all()
    assert db.session.get(Post, post.id).links_rejected
    assert f'value="{post.id}"' not in mod.get("/network/moderation/links").text
    thread = client_for(member).get(f"/network/threads/{post.thread_id}").text
    assert f'href="{SPAM}"' not in thread and "Compren aquí" in thread
    assert "network.reject-links" in _actions()
    # Rewording it with a link sends it back to the queue.
    edited = author.post(f"/network/posts/{post.id}/edit", data={"body": "Otro: https://b.example"})
    assert edited.status_code == 303
    assert f'value="{post.id}"' in mod.get("/network/moderation/links").text


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"action": "approve"}, "Choose at least one post."),
        ({"post": "abc", "action": "reject"}, "Choose at least one post."),
        ({"post": "1", "action": "delete-everything"}, None),
    ],
)
def test_bad_bulk_decisions_are_a_400(client_for, moderator, data, words):
    answer = client_for(moderator).post("/network/moderation/links/posts", data=data)
    assert answer.status_code == 400
    if words:
        assert words in answer.text


def test_a_new_members_profile_links_are_approved_or_kept_plain(client_for, make_user, moderator):
    reader = client_for("participant")
    ana = make_user(name="Ana Recién")
    with_profile(ana, bio=f"Mi [web]({SPAM})", bio_visibility="network")
    bea = make_user(name="Bea Recién")
    with_profile(bea, website="https://bea.example.org", contact_visibility="network")
    hidden = make_user(name="Ciro Privado")
    with_profile(hidden, visibility="private", bio=f"[x]({SPAM})")
    quiet = make_user(name="Dora Sin Enlaces")
    with_profile(quiet, bio="Sin enlaces.")
    mod = client_for(moderator)
    queue = mod.get("/network/moderation/links").text
    assert "Ana Recién" in queue and "Bea Recién" in queue
    assert "Ciro Privado" not in queue and "Dora Sin Enlaces" not in queue
    assert (
        mod.post(
            f"/network/moderation/links/people/{ana.id}", data={"action": "approve"}
        ).status_code
        == 303
    )
    assert f'href="{SPAM}"' in reader.get(f"/network/people/{ana.id}").text
    assert (
        mod.post(
            f"/network/moderation/links/people/{bea.id}", data={"action": "reject"}
        ).status_code
        == 303
    )
    page = reader.get(f"/network/people/{bea.id}").text
    assert "https://bea.example.org" in page and 'href="https://bea.example.org"' not in page
    queue = mod.get("/network/moderation/links").text
    assert "Ana Recién" not in queue and "Bea Recién" not in queue
    assert _actions()[-2:] == ["network.profile_links_approved", "network.profile_links_rejected"]
    assert db.session.get(Profile, bea.id).bio_links_rejected


def test_a_profile_decision_on_nobody_is_a_404_and_a_bad_action_a_400(
    client_for, moderator, make_user
):
    mod = client_for(moderator)
    assert (
        mod.post("/network/moderation/links/people/999999", data={"action": "approve"}).status_code
        == 404
    )
    eva = make_user(name="Eva")
    with_profile(eva, bio=f"[x]({SPAM})")
    assert (
        mod.post(
            f"/network/moderation/links/people/{eva.id}", data={"action": "publish"}
        ).status_code
        == 400
    )


XSS = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def test_the_queue_shows_what_members_wrote_as_inert_text(
    client_for, make_member, make_user, moderator, talk_output
):
    newcomer = make_member(XSS[:60], new=True)
    _post(client_for(newcomer), talk_output, f"{XSS} {SPAM}")
    fay = make_user(name=XSS[:60])
    with_profile(fay, bio=f"{XSS} [x]({SPAM})", headline="x")
    page = client_for(moderator).get("/network/moderation/links").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_the_queue_asks_the_same_whatever_its_length(
    client_for, make_member, make_user, moderator, talk_output
):
    mod = client_for(moderator)

    def add(n: int) -> None:
        for i in range(n):
            newcomer = make_member(f"Nuevo {n}-{i}", new=True)
            _post(client_for(newcomer), talk_output, f"Vean https://a{i}.example")
            person = make_user(name=f"Perfil {n}-{i}")
            with_profile(person, bio=f"[web](https://p{i}.example)")

    add(1)
    few = count_statements(mod, "/network/moderation/links")
    add(4)
    assert count_statements(mod, "/network/moderation/links") == few
