"""People's profiles: private by default, each field shown to its audience only (visitor,
member, staff), the preset for people at risk, ORCID checked, links held for new members, and
nobody can edit another person's profile."""

from __future__ import annotations

from datetime import timedelta

import pytest

from learning.network.models import Profile
from learning.network.services import profiles
from learning.network.services.common import NetworkError, check_orcid
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from tests.network.conftest import profile_form, with_profile


def test_a_profile_is_private_until_its_owner_opens_it(client_for, make_user):
    ana = make_user(name="Ana Anónima")
    owner = client_for(ana)
    page = owner.get("/network/profile")
    assert page.status_code == 200
    assert 'value="private" checked' in page.text.replace("checked ", "checked ") or (
        "checked" in page.text and 'value="private"' in page.text
    )
    answer = owner.post("/network/profile", data=profile_form(visibility="private"))
    assert answer.status_code == 303
    assert db.session.get(Profile, ana.id).visibility == "private"
    # Nobody but the owner and staff sees it: not a member, not a visitor (404 as for nobody).
    assert client_for("participant").get(f"/network/people/{ana.id}").status_code == 404
    assert client_for(None).get(f"/network/people/{ana.id}").status_code == 404
    assert "Ana Anónima" in owner.get(f"/network/people/{ana.id}").text
    assert "Ana Anónima" in client_for("curator").get(f"/network/people/{ana.id}").text


@pytest.mark.parametrize(
    "who, sees_headline, sees_city, sees_email",
    [(None, True, False, False), ("participant", True, True, False), ("curator", True, True, True)],
)
def test_each_field_is_shown_to_its_audience(
    client_for, make_user, who, sees_headline, sees_city, sees_email
):
    bea = make_user(name="Bea Pública")
    with_profile(
        bea,
        visibility="public",
        headline="Editora en Ciudad de Panamá",
        city="Colón",
        country="PA",
        contact_email="bea@example.org",
        headline_visibility="public",
        location_visibility="network",
        contact_visibility="staff",
    )
    page = client_for(who).get(f"/network/people/{bea.id}")
    assert page.status_code == 200
    assert ("Editora en Ciudad de Panamá" in page.text) is sees_headline
    assert ("Colón" in page.text) is sees_city
    assert ("bea@example.org" in page.text) is sees_email


def test_a_network_profile_is_hidden_from_visitors(client_for, make_user):
    carla = make_user(name="Carla Red")
    with_profile(carla, visibility="network", headline_visibility="public")
    assert client_for(None).get(f"/network/people/{carla.id}").status_code == 404
    assert client_for("participant").get(f"/network/people/{carla.id}").status_code == 200


def test_the_at_risk_preset_hides_contact_and_location_from_all_but_staff(client_for, make_user):
    dora = make_user(name="Dora Periodista")
    owner = client_for(dora)
    form = profile_form(
        visibility="public",
        at_risk="y",
        city="San Pedro Sula",
        contact_email="dora@example.org",
        website="https://dora.example.org",
        location_visibility="public",
        contact_visibility="public",
    )
    assert owner.post("/network/profile", data=form).status_code == 303
    profile = db.session.get(Profile, dora.id)
    assert profile.location_visibility == "staff" and profile.contact_visibility == "staff"
    for who in (None, "participant"):
        text = client_for(who).get(f"/network/people/{dora.id}").text
        assert "San Pedro Sula" not in text and "dora@example.org" not in text
        assert "dora.example.org" not in text
    text = client_for("curator").get(f"/network/people/{dora.id}").text
    assert "San Pedro Sula" in text and "dora@example.org" in text


def test_orcid_checksum():
    assert check_orcid("0000-0002-1825-0097") == "0000-0002-1825-0097"
    assert check_orcid("https://orcid.org/0000-0001-5109-3700") == "0000-0001-5109-3700"
    assert check_orcid("0000-0002-1694-233X") == "0000-0002-1694-233X"
    assert check_orcid("") == ""
    for bad in ("0000-0002-1825-0098", "0000-0002-1825", "abcd-0002-1825-0097", "1" * 40):
        with pytest.raises(NetworkError):
            check_orcid(bad)


@pytest.mark.parametrize(
    "language, words", [("en", "not a valid ORCID"), ("es", "no es un ORCID iD válido")]
)
def test_a_bad_orcid_is_refused_in_the_persons_language(client_for, make_user, language, words):
    eva = make_user(name="Eva Investigadora")
    answer = client_for(eva, language).post(
        "/network/profile", data=profile_form(orcid="0000-0002-1825-0098")
    )
    assert answer.status_code == 400
    assert words in answer.text
    assert db.session.get(Profile, eva.id) is None  # nothing half-written


@pytest.mark.parametrize(
    "field, value",
    [
        ("visibility", "everyone"),
        ("bio_visibility", "friends"),
        ("country", "XX"),
        ("themes", ["astrology"]),
        ("languages", ["klingon"]),
        ("website", "javascript:alert(1)"),
        ("contact_email", "not-an-address"),
        ("headline", "x" * 201),
        ("keywords", ", ".join(f"k{i}" for i in range(16))),
    ],
)
def test_bad_profile_input_is_refused_and_nothing_is_saved(client_for, make_user, field, value):
    fay = make_user(name="Fay Descuidada")
    answer = client_for(fay).post("/network/profile", data=profile_form(**{field: value}))
    assert answer.status_code == 400
    assert "error-summary" in answer.text
    assert db.session.get(Profile, fay.id) is None


def test_nobody_edits_another_persons_profile(client_for, make_user):
    gil = make_user(name="Gil Dueño")
    with_profile(gil, headline="Mi titular")
    intruder = client_for("participant")
    # The profile page takes no id: posting edits the poster's own profile, never Gil's.
    intruder.post("/network/profile", data=profile_form(headline="Hackeado", user_id=gil.id))
    assert db.session.get(Profile, gil.id).headline == "Mi titular"
    for path in (f"/network/people/{gil.id}", f"/network/people/{gil.id}/edit"):
        assert intruder.post(path, data=profile_form(headline="Hackeado")).status_code in (404, 405)
    assert db.session.get(Profile, gil.id).headline == "Mi titular"
    # Approving links is for staff only.
    assert intruder.post(f"/network/people/{gil.id}/approve-links").status_code == 403
    assert client_for(None).get("/network/profile").status_code in (302, 303)


def test_a_new_members_bio_links_are_plain_text_until_old_enough_or_approved(
    app, client_for, make_user
):
    hugo = make_user(name="Hugo Nuevo")
    with_profile(hugo, bio="Mi sitio: [mi web](https://hugo.example.org)", bio_visibility="network")
    reader = client_for("participant")
    text = reader.get(f"/network/people/{hugo.id}").text
    assert "mi web" in text and 'href="https://hugo.example.org"' not in text
    staff = client_for(make_user(roles=["curator", "moderator"]))
    assert staff.post(f"/network/people/{hugo.id}/approve-links").status_code == 303
    assert 'href="https://hugo.example.org"' in reader.get(f"/network/people/{hugo.id}").text
    # An account older than NETWORK_NEW_MEMBER_DAYS shows its links without approval.
    ivan = make_user(name="Iván Veterano")
    days = app.config["NETWORK_NEW_MEMBER_DAYS"]
    ivan.created_at = utcnow() - timedelta(days=days + 1)
    with_profile(ivan, bio="[blog](https://ivan.example.org)")
    assert 'href="https://ivan.example.org"' in reader.get(f"/network/people/{ivan.id}").text


XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "<svg/onload=alert(1)>",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
]


@pytest.mark.parametrize("payload", XSS)
def test_xss_through_every_profile_field_comes_out_inert(client_for, make_user, payload):
    jo = make_user(name="Jo Pruebas")
    jo.created_at = utcnow() - timedelta(days=90)
    db.session.commit()
    form = profile_form(
        visibility="public",
        headline=payload[:200],
        bio=payload,
        city=payload[:120],
        keywords=payload.replace(",", " ")[:60],
        **{f"{f}_visibility": "public" for f in ("headline", "bio", "location", "expertise")},
    )
    answer = client_for(jo).post("/network/profile", data=form)
    assert answer.status_code == 303, answer.text[:500]
    for who in (None, "participant", "curator"):
        text = client_for(who).get(f"/network/people/{jo.id}").text
        assert "<script>alert" not in text and "<img src=x" not in text
        assert "<svg/onload" not in text and 'href="javascript:' not in text
        if payload == "{{ 7*7 }}":
            assert "{{ 7*7 }}" in text  # shown as typed, never evaluated
    listing = client_for(None).get("/network/?q=jo").text
    assert "Jo Pruebas" in listing
    assert "<script>alert" not in listing and "<img src=x" not in listing


def test_visible_profile_and_display_name_for_the_other_modules(app, make_user):
    owner, other = make_user(name="Kim Dueña"), make_user(name="Leo Lector")
    assert profiles.visible_profile(other, owner) is None
    with app.test_request_context():
        assert profiles.display_name(other, owner) == "a network member"
    assert profiles.visible_profile(owner, owner) is not None  # the owner, even without one
    profiles.open_for_tests(owner, "network")
    seen = profiles.visible_profile(other, owner)
    assert seen is not None and seen.name == "Kim Dueña" and not seen.complete
    assert profiles.display_name(other, owner) == "Kim Dueña"
    assert profiles.visible_profile(None, owner) is None
