"""Issue 20, people in the network: a member makes a profile, chooses who may see it (members
only) and hides contact details and location; another member finds it in the directory by a
word typed without accents and opens it; a visitor does not find it. An organisation's page
shows the member to members only.

Run in Spanish on a phone and in English on a desktop; each page is checked by the Tab
(weight, console, width at 360 px, axe-core, keyboard)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from learning.network.models import Profile
from learning.network.services import organisations as orgs
from learning.platform.extensions import db
from tests.browser.support import Tab
from tests.conftest import TEST_PASSWORD

# The strings this journey looks for, written out (a missing translation fails here).
WORDS = {
    "es": {
        "title": "Mi perfil en la red",
        "members": "Miembros de la red (con sesión iniciada)",
        "at_risk": "Ocultar mis datos de contacto y mi ubicación",
        "headline": "Titular",
        "keywords": "Palabras clave",
        "city": "Ciudad",
        "save": "Guardar mi perfil",
        "saved": "Su perfil se guardó.",
        "directory": "Directorio de la red",
        "search_label": "Nombre o palabras",
        "search": "Buscar",
        "nobody": "Nadie coincide con esta búsqueda. Pruebe con menos palabras o quite un filtro.",
        "private": "más mantiene su perfil privado",
        "follow": "Seguir",
        "following": "Ahora lo sigue: lo que ocurra ahí aparecerá en su actividad.",
        "unfollow": "Dejar de seguir",
        "network": "Red",
        "make_admin": "Hacer administrador(a): Ana Gómez",
        "changed": "Hecho: la lista de miembros ha cambiado.",
    },
    "en": {
        "title": "My network profile",
        "members": "Network members (signed in)",
        "at_risk": "Hide my contact details and location",
        "headline": "Headline",
        "keywords": "Keywords",
        "city": "City",
        "save": "Save my profile",
        "saved": "Your profile has been saved.",
        "directory": "Network directory",
        "search_label": "Name or words",
        "search": "Search",
        "nobody": "Nobody matches this search. Try fewer words or remove a filter.",
        "private": "more member keeps their profile private",
        "follow": "Follow",
        "following": "You follow it now: what happens there shows in your feed.",
        "unfollow": "Stop following",
        "network": "Network",
        "make_admin": "Make admin: Ana Gómez",
        "changed": "Done: the list of members has changed.",
    },
}
PAIRS = [("es", "phone"), ("en", "desktop")]


@pytest.mark.parametrize("lang, viewport", PAIRS, ids=[f"{a}-{b}" for a, b in PAIRS])
def test_a_member_profile_is_found_by_members_not_visitors(
    lang: str, viewport: str, new_tab: Callable[..., Tab], make_user: Callable[..., Any]
):
    words = WORDS[lang]
    staff = make_user("sara@example.org", roles=["curator"], name="Sara Staff", language=lang)
    org = orgs.create_organisation(
        orgs.OrganisationData(kind="media", name="Plaza Pública", country="GT"), staff
    )
    db.session.commit()
    ana = make_user("ana@example.org", name="Ana Gómez", language=lang)
    make_user("bruno@example.org", name="Bruno Lector", language=lang)

    owner = new_tab(lang, viewport)
    owner.goto("/")
    owner.sign_in("ana@example.org", TEST_PASSWORD, name="Ana Gómez")
    owner.goto("/network/profile")
    expect(owner.heading()).to_have_text(words["title"])
    page = owner.page
    page.get_by_label(words["members"], exact=True).check()
    page.get_by_label(words["at_risk"], exact=True).check()
    page.get_by_label(words["headline"], exact=True).fill("Periodista de investigación")
    page.get_by_label(words["keywords"], exact=True).fill("contratación pública, política")
    page.get_by_label(words["city"], exact=True).fill("Quetzaltenango")
    owner.click(page.get_by_role("button", name=words["save"], exact=True))
    expect(owner.status_message()).to_have_text(words["saved"])
    profile = db.session.get(Profile, ana.id)
    db.session.refresh(profile)
    assert profile.visibility == "network" and profile.location_visibility == "staff"
    member = orgs.request_join(org, ana, "Reportera")
    orgs.confirm(member)
    db.session.commit()

    reader = new_tab(lang, viewport)
    reader.goto("/")
    reader.sign_in("bruno@example.org", TEST_PASSWORD, name="Bruno Lector")
    reader.goto("/")
    reader.click(reader.main_nav().get_by_role("link", name=words["network"], exact=True))
    expect(reader.heading()).to_have_text(words["directory"])
    reader.page.get_by_label(words["search_label"], exact=True).fill("contratacion")
    reader.click(reader.page.get_by_role("button", name=words["search"], exact=True))
    card = reader.page.locator(".card").filter(has_text="Ana Gómez")
    expect(card).to_contain_text("Periodista de investigación")
    reader.click(card.get_by_role("link", name="Ana Gómez", exact=True))
    expect(reader.heading()).to_have_text("Ana Gómez")
    expect(reader.page.locator("main")).not_to_contain_text("Quetzaltenango")
    reader.click(reader.page.get_by_role("button", name=words["follow"], exact=True))
    expect(reader.status_message()).to_have_text(words["following"])
    expect(reader.heading()).to_have_text("Ana Gómez")
    expect(reader.page.get_by_role("button", name=words["unfollow"], exact=True)).to_be_visible()
    reader.goto(f"/network/organisations/{org.id}")
    expect(reader.page.locator("main")).to_contain_text("Ana Gómez")

    visitor = new_tab(lang, viewport)
    visitor.goto("/network/?q=contratacion")
    expect(visitor.page.locator("p.empty")).to_have_text(words["nobody"])
    visitor.goto(f"/network/organisations/{org.id}")
    expect(visitor.page.locator("main")).not_to_contain_text("Ana Gómez")
    expect(visitor.page.locator("main")).to_contain_text(words["private"])

    # Staff run the organisation's members from its page.
    runner = new_tab(lang, viewport)
    runner.goto("/")
    runner.sign_in("sara@example.org", TEST_PASSWORD, name="Sara Staff")
    runner.goto(f"/network/organisations/{org.id}")
    runner.click(runner.page.get_by_role("button", name=words["make_admin"], exact=True))
    expect(runner.status_message()).to_have_text(words["changed"])
    db.session.refresh(member)
    assert member.is_admin
