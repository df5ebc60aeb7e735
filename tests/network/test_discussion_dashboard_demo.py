"""The dashboard's panel of network discussions per month, and the demo's active thread."""

from __future__ import annotations

from sqlalchemy import select

from learning.network.talk_models import ModerationAction, Post, Thread
from learning.platform.extensions import db


def test_the_dashboard_counts_threads_posts_and_active_members(
    client_for, member, make_member, talk_output
):
    client_for(member).post(
        f"/network/discussions/output/{talk_output.id}", data={"title": "Hilo", "body": "uno"}
    )
    thread = db.session.scalars(select(Thread)).one()
    for n in range(5):
        client_for(make_member(f"Activa {n}")).post(
            f"/network/threads/{thread.id}", data={"body": f"r{n}"}
        )
    page = client_for("admin").get("/dashboard/").get_data(as_text=True)
    section = page[page.index('id="talk-title"') :]
    row = section[section.index("<tbody>") : section.index("</tbody>")]
    assert ">1<" in row and ">6<" in row  # one thread, six posts, six people
    assert row.count(">6<") == 2


def test_few_active_members_are_suppressed(client_for, member, talk_output):
    client_for(member).post(
        f"/network/discussions/output/{talk_output.id}", data={"title": "Hilo", "body": "uno"}
    )
    page = client_for("admin").get("/dashboard/").get_data(as_text=True)
    section = page[page.index('id="talk-title"') :]
    assert "&lt;5" in section[: section.index("</table>")]


def test_the_demo_has_an_active_thread_with_a_hidden_post(app, client_for):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    thread = db.session.scalars(select(Thread)).one()
    assert thread.post_count == 5
    hidden = db.session.scalars(select(Post).where(Post.state == "hidden")).one()
    entry = db.session.scalars(select(ModerationAction)).one()
    assert entry.post_id == hidden.id and entry.reason
    page = client_for(None, "es").get(f"/network/threads/{thread.id}").get_data(as_text=True)
    assert "Publicidad ajena a la discusión (spam)." in page
    assert "Compre seguidores" not in page
    landing = client_for(None, "es").get(f"/research/{thread.subject_key}").get_data(as_text=True)
    assert "¿Qué datos faltan para evaluar la política?" in landing
    log = client_for(None, "es").get("/network/moderation/log").get_data(as_text=True)
    assert "Publicidad ajena a la discusión (spam)." in log
