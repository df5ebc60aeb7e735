"""Calls for applications in the personal feed and the e-mail digest: every member hears of
a call that opened (calls carry no themes to follow them by); drafts never show."""

from __future__ import annotations

from datetime import timedelta

from learning.jobs.services import fire_scheduled
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from tests.calls.conftest import texts
from tests.network.talk_support import allow


def test_an_opened_call_is_in_every_members_feed_and_a_draft_never(
    client_for, member, make_call, make_output
):
    make_call(texts=texts("Beca de datos abiertos", "Open data fellowship"))
    make_call(status="draft", texts=texts("Borrador secreto", "Secret draft"))
    old = make_call(texts=texts("Convocatoria vieja", "Old call"))
    old.published_at = utcnow() - timedelta(days=60)  # before the feed's 30 days
    db.session.commit()
    client = client_for(member)
    assert client.post("/network/follow", data={"kind": "theme", "target": "climate"})
    make_output(title_es="Bosques y agua", themes=("climate",))
    page = client_for(member, "es").get("/network/feed").get_data(as_text=True)
    assert "Beca de datos abiertos" in page and "Convocatoria ·" in page  # its kind, in words
    assert "Borrador secreto" not in page and "Convocatoria vieja" not in page
    # Newest first, with the other news: the output came after the call.
    assert page.index("Bosques y agua") < page.index("Beca de datos abiertos")
    english = client_for(member, "en").get("/network/feed").get_data(as_text=True)
    assert "Open data fellowship" in english and "Secret draft" not in english


def test_the_digest_tells_of_a_call_that_opened(member, make_call, outbox, run_jobs):
    allow(member, digest="daily")
    make_call(texts=texts("Beca de datos abiertos", "Open data fellowship"))
    make_call(status="draft", texts=texts("Borrador secreto", "Secret draft"))
    assert fire_scheduled("network.digest") is not None
    db.session.commit()
    run_jobs()
    [mail] = outbox.to(member.email)
    body = outbox.body(mail)
    assert "datos abiertos" in body.lower() or "open data" in body.lower()
    assert "/calls/" in body and "Borrador secreto" not in body and "Secret draft" not in body
