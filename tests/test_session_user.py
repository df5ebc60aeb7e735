"""The signed-in person is kept between requests (accounts.signins.load_session_user) and the
site header is kept per kind of reader (navigation.site_header): every change to a person
still counts on their next request, in any process, and nobody ever sees another's."""

from __future__ import annotations

from sqlalchemy import select

from learning.accounts import services
from learning.accounts.models import User, UserRole
from learning.platform.extensions import db
from tests.conftest import signed_in_client


def _profile_status(client) -> int:
    return client.get("/account/profile").status_code


def test_a_kept_person_is_signed_out_by_deactivation_and_a_new_password(app, make_user):
    ana, ben = make_user(name="Ana Ruiz"), make_user(name="Ben Soto")
    ana_browser, ben_browser = signed_in_client(app, ana), signed_in_client(app, ben)
    for _ in range(2):  # the second request is served from what the first one kept
        assert _profile_status(ana_browser) == 200
        assert _profile_status(ben_browser) == 200

    services.set_active(ana, False)
    db.session.commit()
    assert _profile_status(ana_browser) == 302  # signed out: to the sign-in page
    services.set_password(ben, "another long passphrase 2026")
    db.session.commit()
    assert _profile_status(ben_browser) == 302


def test_roles_given_and_taken_count_on_the_next_request(app, make_user):
    tomas = make_user(name="Tomás Facilitador", roles=["admin"])
    browser = signed_in_client(app, tomas)
    page = browser.get("/workshops/").get_data(True)
    assert 'href="/admin/users"' in page and browser.get("/admin/users").status_code == 200

    services.set_roles(tomas, set())
    db.session.commit()
    page = browser.get("/workshops/").get_data(True)
    assert 'href="/admin/users"' not in page  # the kept header follows the roles
    assert browser.get("/admin/users").status_code == 403

    services.set_roles(tomas, {"admin"})
    db.session.commit()
    assert browser.get("/admin/users").status_code == 200
    # The role's own row deleted, the person's row untouched: still counts at once.
    db.session.delete(db.session.scalar(select(UserRole).where(UserRole.user_id == tomas.id)))
    db.session.commit()
    assert browser.get("/admin/users").status_code == 403


def test_a_change_made_by_another_process_counts_here(app, app_factory, make_user):
    lucia = make_user(name="Lucía Pérez")
    browser = signed_in_client(app, lucia)
    assert "Lucía Pérez" in browser.get("/workshops/").get_data(True)
    other = app_factory()
    with other.app_context():
        row = db.session.get(User, lucia.id)
        row.name = "Lucía Pérez Gómez"
        services.set_active(row, False)
        db.session.commit()
        db.session.remove()
    assert _profile_status(browser) == 302


def test_the_kept_person_can_still_be_changed(app, make_user):
    """The kept copy joins the request's session: what the person changes is saved."""
    rosa = make_user(name="Rosa Díaz", language="en")
    browser = signed_in_client(app, rosa)
    assert browser.get("/workshops/").status_code == 200
    assert browser.get("/language/es?next=/workshops/").status_code == 302
    db.session.expire_all()
    saved = db.session.scalar(select(User.preferred_language).where(User.id == rosa.id))
    assert saved == "es"
    assert 'lang="es"' in browser.get("/workshops/").get_data(True)


def test_the_kept_header_shows_each_reader_their_own_name_and_page(app, make_user, client):
    hostile = make_user(name='<script>alert("x")</script> Eve')
    ana = make_user(name="Ana Ruiz")
    eve_page = signed_in_client(app, hostile).get("/workshops/").get_data(True)
    ana_page = signed_in_client(app, ana).get("/workshops/").get_data(True)  # same kept header
    assert "&lt;script&gt;" in eve_page and "<script>alert" not in eve_page
    assert "Ana Ruiz" in ana_page and "&lt;script&gt;" not in ana_page  # not "Eve": "Events"
    # The language switch and the sign-in link lead back to the page being read.
    visitor = client.get("/research/?q=agua").get_data(True)
    assert 'href="/language/es?next=/research/?q%3Dagua"' in visitor
    assert 'href="/account/sign-in?next=/research/?q%3Dagua"' in visitor
    assert 'href="/language/es?next=/workshops/?"' in client.get("/workshops/").get_data(True)


def test_a_broken_session_id_is_a_signed_out_visitor(app, client):
    for bad in ("", "abc:def", "1:", ":token", "9" * 40 + ":x", "-1:x", "1:" + "x" * 5000):
        with client.session_transaction() as session:
            session["_user_id"] = bad
        assert client.get("/workshops/").status_code == 200, bad
        assert client.get("/account/profile").status_code == 302, bad
