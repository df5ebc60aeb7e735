"""Issue 20, the network's discussion: a member starts a thread from a research output's page,
another replies mentioning her and reports her post, a moderator hides it with a reason, and
the reason shows in its place (and in the public moderation log).

Run in Spanish on a phone and in English on a desktop, with JavaScript on (axe-core runs in
the page) and, in Spanish on a phone, off: everything works on plain HTML. Each page is
checked by the Tab (weight, console, width at 360 px, axe-core, keyboard).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from learning.network.services import profiles
from learning.network.talk_models import Post
from learning.platform.extensions import db
from tests.browser.support import Tab
from tests.conftest import TEST_PASSWORD
from tests.network.talk_support import new_output, open_profile, seasoned

WORDS = {
    "es": {
        "join": "Participar en la discusión",
        "title": "Título",
        "body": "Su mensaje",
        "start": "Iniciar la discusión",
        "started": "Su discusión ha comenzado.",
        "post": "Publicar la respuesta",
        "posted": "Su respuesta se publicó.",
        "report": "Denunciar",
        "spam": "Spam",
        "send": "Enviar la denuncia",
        "reported": "Gracias: el equipo de moderación revisará este mensaje.",
        "hide": "Ocultar",
        "reason": "Motivo",
        "confirm": "Sí, ocultar el mensaje",
        "hidden": "El mensaje está oculto; su motivo se muestra en su lugar.",
        "log": "Registro de moderación",
        "held": "Enlaces retenidos",
        "show_links": "Mostrar sus enlaces: Nico Nuevo",
        "shown": "Los enlaces de este perfil ya se muestran.",
        "none_held": "Ningún perfil tiene enlaces en espera.",
    },
    "en": {
        "join": "Join the discussion",
        "title": "Title",
        "body": "Your post",
        "start": "Start the discussion",
        "started": "Your discussion has started.",
        "post": "Post the reply",
        "posted": "Your reply is posted.",
        "report": "Report",
        "spam": "Spam",
        "send": "Send the report",
        "reported": "Thank you: the moderators will look at this post.",
        "hide": "Hide",
        "reason": "Reason",
        "confirm": "Yes, hide the post",
        "hidden": "The post is hidden; your reason shows in its place.",
        "log": "Moderation log",
        "held": "Held links",
        "show_links": "Show its links: Nico Nuevo",
        "shown": "The links in this profile are now shown.",
        "none_held": "No profile has links waiting.",
    },
}
PAIRS = [("es", "phone", True), ("en", "desktop", True), ("es", "phone", False)]
REASON = "Datos personales de terceros"


@pytest.fixture(
    params=PAIRS,
    ids=[f"{lang}-{viewport}{'' if js else '-no-js'}" for lang, viewport, js in PAIRS],
)
def variant(request: pytest.FixtureRequest) -> tuple[str, str, bool]:
    return request.param


def _person(make_user: Callable[..., Any], email: str, name: str, lang: str, **kw: Any) -> Any:
    user = seasoned(make_user(email, name=name, language=lang, **kw))
    open_profile(user)
    return user


def test_post_reply_with_a_mention_report_and_hide_with_a_reason(
    variant: tuple[str, str, bool],
    new_tab: Callable[..., Tab],
    make_user: Callable[..., Any],
    outbox: Any,
):
    lang, viewport, javascript = variant
    words = WORDS[lang]
    _person(make_user, "ana@example.org", "Ana Autora", lang)
    _person(make_user, "raul@example.org", "Raúl Respuesta", lang)
    curator = _person(
        make_user, "mona@example.org", "Mona Moderadora", lang, roles=["curator", "moderator"]
    )
    owner = make_user(roles=["researcher"], name="Rosa Investigadora")
    output = new_output(owner, curator, "Datos abiertos municipales", "Open municipal data")

    author = new_tab(lang, viewport, javascript=javascript)
    author.goto(f"/research/{output.id}")
    author.sign_in("ana@example.org", TEST_PASSWORD, name="Ana Autora")
    author.goto(f"/research/{output.id}")
    author.click(author.page.get_by_role("link", name=words["join"], exact=True))
    author.page.get_by_label(words["title"], exact=True).fill("¿Qué municipios publican datos?")
    author.page.get_by_label(words["body"], exact=True).fill("Mi número es 5555-1234, llámenme.")
    author.click(author.page.get_by_role("button", name=words["start"], exact=True))
    expect(author.status_message()).to_have_text(words["started"])
    thread_path = author.page.url.split(author.base_url, 1)[1].split("#")[0]
    first = db.session.scalars(db.select(Post)).one()

    replier = new_tab(lang, viewport, javascript=javascript)
    replier.goto(thread_path)
    replier.sign_in("raul@example.org", TEST_PASSWORD, name="Raúl Respuesta")
    replier.goto(thread_path)
    replier.page.get_by_label(words["body"], exact=True).fill(
        "@[Ana Autora], mejor no publique su número aquí."
    )
    replier.click(replier.page.get_by_role("button", name=words["post"], exact=True))
    expect(replier.page.locator(".flash-success").first).to_have_text(words["posted"])
    assert len(outbox.to("ana@example.org")) == 1
    post = replier.page.locator(f"#p{first.id}")
    replier.click(post.get_by_role("link", name=words["report"], exact=True))
    replier.page.get_by_label(words["spam"], exact=True).check()
    replier.click(replier.page.get_by_role("button", name=words["send"], exact=True))
    expect(replier.status_message()).to_have_text(words["reported"])

    moderator = new_tab(lang, viewport, javascript=javascript)
    moderator.goto(thread_path)
    moderator.sign_in("mona@example.org", TEST_PASSWORD, name="Mona Moderadora")
    moderator.goto(thread_path)
    post = moderator.page.locator(f"#p{first.id}")
    moderator.click(post.get_by_role("link", name=words["hide"], exact=True))
    moderator.page.get_by_label(words["reason"], exact=True).fill(REASON)
    moderator.click(moderator.page.get_by_role("button", name=words["confirm"], exact=True))
    expect(moderator.status_message()).to_have_text(words["hidden"])
    post = moderator.page.locator(f"#p{first.id}")
    expect(post).to_contain_text(REASON)
    expect(post).not_to_contain_text("5555-1234")

    # A new member's profile links wait in the held-links queue, reached from moderation.
    newcomer = make_user("nico@example.org", name="Nico Nuevo", language=lang)
    profiles.save_profile(
        newcomer, profiles.ProfileData(visibility="network", bio="[web](https://nico.example)")
    )
    db.session.commit()
    moderator.goto("/network/moderation")
    moderator.click(moderator.page.get_by_role("link", name=words["held"], exact=True))
    expect(moderator.heading()).to_have_text(words["held"])
    moderator.click(moderator.page.get_by_role("button", name=words["show_links"], exact=True))
    expect(moderator.status_message()).to_have_text(words["shown"])
    expect(moderator.page.locator("main")).to_contain_text(words["none_held"])

    author.goto(thread_path)
    expect(author.page.locator(f"#p{first.id}")).to_contain_text(REASON)
    author.click(author.page.get_by_role("link", name=words["log"], exact=True))
    expect(author.heading()).to_have_text(words["log"])
    expect(author.page.locator("main")).to_contain_text(REASON)
