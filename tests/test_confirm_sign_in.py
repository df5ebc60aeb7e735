"""Issue 22: the confirmation link signs the person in (a real, recorded sign-in) and leads
where they were going or to My learning; a forged or expired link is refused; someone else
signed in in the same browser is never switched silently."""

from __future__ import annotations

from urllib.parse import urlsplit

from learning.accounts import services
from learning.accounts.models import SignIn, User
from learning.platform.extensions import db
from tests.conftest import sign_in_as
from tests.test_accounts import register_form


def _register(client, outbox, email="maria@example.org", query=""):
    response = client.post(f"/account/register{query}", data=register_form(email=email))
    assert response.status_code == 200
    return outbox.link(outbox.to(email)[-1])


def _sign_ins(email: str) -> int:
    user = db.session.scalar(db.select(User).where(User.email == email))
    return db.session.scalar(db.select(db.func.count(SignIn.id)).where(SignIn.user_id == user.id))


def test_confirmation_link_signs_the_person_in(client, outbox):
    link = _register(client, outbox)
    assert _sign_ins("maria@example.org") == 0

    response = client.get(link)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/my-learning"
    assert _sign_ins("maria@example.org") == 1  # as the sign-in form records it

    page = client.get("/my-learning")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Cerrar sesión" in text or "Sign out" in text
    assert services.find_by_email("maria@example.org").confirmed_at is not None

    # Used once: the link does not sign anyone in a second time.
    client.post("/account/sign-out")
    again = client.get(link)
    assert urlsplit(again.headers["Location"]).path == "/account/sign-in"
    assert _sign_ins("maria@example.org") == 1


def test_confirmation_link_leads_where_the_person_was_going(client, outbox):
    form = client.get("/account/register?next=/workshops/").get_data(as_text=True)
    assert 'name="next" type="hidden" value="/workshops/"' in form
    data = register_form()
    data["next"] = "/workshops/"
    client.post("/account/register", data=data)
    link = outbox.link(outbox.to("maria@example.org")[-1])
    assert "next=" in link

    response = client.get(link)
    assert urlsplit(response.headers["Location"]).path == "/workshops/"


def test_confirmation_link_never_leads_off_the_site(client, outbox):
    link = _register(client, outbox)
    response = client.get(link + "?next=https://evil.example/")
    assert urlsplit(response.headers["Location"]).path == "/my-learning"
    assert urlsplit(response.headers["Location"]).netloc in ("", "localhost")


def test_forged_confirmation_link_is_refused_and_signs_nobody_in(client, outbox):
    link = _register(client, outbox)
    response = client.get(link[:-4] + "abcd")
    assert response.status_code == 400
    assert "This link is not valid" in response.get_data(as_text=True)
    assert _sign_ins("maria@example.org") == 0
    assert client.get("/my-learning").status_code == 302  # still signed out


def test_someone_else_signed_in_is_not_switched(client, outbox, make_user):
    link = _register(client, outbox)
    other = make_user("ana@example.org", name="Ana López")
    sign_in_as(client, other)

    response = client.get(link, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "maria@example.org is confirmed" in text
    assert "still signed in as Ana López" in text
    assert _sign_ins("maria@example.org") == 0
    assert services.find_by_email("maria@example.org").confirmed_at is not None
