"""A post's lasting address (/network/posts/<id>): mentions, reports, the moderation queue and
log link there, and it opens the page of the thread that shows the post, at the post — also
beyond the first page of a long thread."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learning.network.routes.discussion import POSTS_PER_PAGE
from learning.network.talk_models import Post, Thread
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db


def _long_thread(client, output, author, replies: int) -> list[Post]:
    answer = client.post(
        f"/network/discussions/output/{output.id}", data={"title": "Hilo largo", "body": "Uno."}
    )
    assert answer.status_code == 303
    thread = db.session.scalars(select(Thread).order_by(Thread.id.desc())).first()
    start = utcnow()
    for n in range(replies):
        db.session.add(
            Post(
                thread_id=thread.id,
                author_id=author.id,
                body=f"Respuesta {n + 2}",
                created_at=start + timedelta(seconds=n + 1),
            )
        )
    thread.post_count = replies + 1
    db.session.commit()
    return list(
        db.session.scalars(
            select(Post).where(Post.thread_id == thread.id).order_by(Post.created_at, Post.id)
        )
    )


def test_a_post_beyond_the_first_page_opens_on_its_page_at_the_post(
    client_for, member, talk_output
):
    posts = _long_thread(client_for(member), talk_output, member, POSTS_PER_PAGE * 2 + 10)
    reader = client_for(None)
    for position, page in ((0, None), (POSTS_PER_PAGE - 1, None), (POSTS_PER_PAGE, 2),
                           (POSTS_PER_PAGE * 2 + 5, 3)):  # fmt: skip
        post = posts[position]
        answer = reader.get(f"/network/posts/{post.id}")
        assert answer.status_code == 302
        where = f"/network/threads/{post.thread_id}" + (f"?page={page}" if page else "")
        assert answer.headers["Location"].endswith(f"{where}#p{post.id}"), position
        shown = reader.get(answer.headers["Location"]).get_data(as_text=True)
        body = "Uno.<" if position == 0 else f"Respuesta {position + 1}<"
        assert f'id="p{post.id}"' in shown and body in shown


def test_a_hidden_post_opens_with_its_reason_in_place(client_for, member, moderator, talk_output):
    posts = _long_thread(client_for(member), talk_output, member, POSTS_PER_PAGE + 3)
    hidden = posts[-1]
    answer = client_for(moderator).post(
        f"/network/posts/{hidden.id}/hide", data={"reason": "Datos personales de un tercero"}
    )
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"/network/posts/{hidden.id}")
    reader = client_for(None)
    page = reader.get(f"/network/posts/{hidden.id}", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Datos personales de un tercero" in text
    assert f"Respuesta {len(posts)}<" not in text


def test_a_post_nobody_may_read_or_that_does_not_exist_is_a_404(client_for, member, talk_output):
    posts = _long_thread(client_for(member), talk_output, member, 2)
    talk_output.state = "withdrawn"
    db.session.commit()
    reader = client_for(member)
    assert reader.get(f"/network/posts/{posts[1].id}").status_code == 404
    for bad in ("999999", "99999999999999999999", "-1", "abc", "1%27%20OR%201=1"):
        assert reader.get(f"/network/posts/{bad}").status_code == 404, bad


def test_the_moderation_queue_and_log_link_to_the_posts_address(
    client_for, member, moderator, talk_output
):
    posts = _long_thread(client_for(member), talk_output, member, 1)
    client_for(moderator).post(f"/network/posts/{posts[1].id}/hide", data={"reason": "Spam"})
    log = client_for(None).get("/network/moderation/log").get_data(as_text=True)
    assert f'href="/network/posts/{posts[1].id}"' in log
