"""Who may use each route of the workshops feature: every route × every kind of person, with
the exact status code, for a published workshop and for a draft.

302 = sent to sign in; 303 = done (redirect after a POST); 403 = may see, may not do; 404 = may
not even know it exists (drafts).
"""

from __future__ import annotations

import io

import pytest
from flask import url_for

from tests.support.permissions import PARAMETERS, cells, check, send
from tests.workshops.conftest import PDF

# Expected codes in ROLES order: visitor, participant, enrolled, other trainer, trainer, admin.
PUBLIC = (200, 200, 200, 200, 200, 200)
TRAINERS = (302, 403, 403, 200, 200, 200)
TRAINERS_POST = (302, 403, 403, 303, 303, 303)
AUTHORS = (302, 403, 403, 403, 200, 200)
AUTHORS_POST = (302, 403, 403, 403, 303, 303)
FOLLOWERS = (302, 403, 200, 403, 200, 200)


def _workshop_form(world, slug="datos"):
    return {
        "title_en": "Data journalism",
        "title_es": "Periodismo de datos",
        "slug": slug,
        "format": "online",
        "estimated_hours": "6",
        "trainers": [str(world.users["trainer"].id)],
    }


def _lesson_form(world):
    return {"title_en": "A", "estimated_minutes": "10", "module": str(world.modules[0].id)}


def _upload(world):
    return {"file": (io.BytesIO(PDF), "notes.pdf"), "title": "Notes", "language": "en"}


# (name, method, path, form data or None, expected for a published workshop)
ROUTES = [
    ("catalogue", "get", "/workshops/", None, PUBLIC),
    ("mine", "get", "/workshops/mine", None, TRAINERS),
    ("new", "get", "/workshops/new", None, TRAINERS),
    ("new (post)", "post", "/workshops/new", lambda w: _workshop_form(w, "otro"), TRAINERS_POST),
    ("detail", "get", "/workshops/{slug}", None, PUBLIC),
    ("preview", "get", "/workshops/{slug}/preview", None, AUTHORS),
    ("edit", "get", "/workshops/{slug}/edit", None, AUTHORS),
    ("edit (post)", "post", "/workshops/{slug}/edit", _workshop_form, AUTHORS_POST),
    ("publish", "post", "/workshops/{slug}/publish", {}, AUTHORS_POST),
    ("unpublish", "post", "/workshops/{slug}/unpublish", {}, AUTHORS_POST),
    ("archive", "post", "/workshops/{slug}/archive", {}, AUTHORS_POST),
    ("curriculum", "get", "/workshops/{slug}/curriculum", None, AUTHORS),
    ("module new", "get", "/workshops/{slug}/modules/new", None, AUTHORS),
    ("module new (post)", "post", "/workshops/{slug}/modules/new", {"title_en": "M"}, AUTHORS_POST),
    ("module edit", "get", "/workshops/{slug}/modules/{m0}/edit", None, AUTHORS),
    (
        "module edit (post)",
        "post",
        "/workshops/{slug}/modules/{m0}/edit",
        {"title_en": "M"},
        AUTHORS_POST,
    ),
    (
        "module move",
        "post",
        "/workshops/{slug}/modules/{m0}/move",
        {"direction": "down"},
        AUTHORS_POST,
    ),
    ("module delete", "get", "/workshops/{slug}/modules/{m0}/delete", None, AUTHORS),
    (
        "module delete (post)",
        "post",
        "/workshops/{slug}/modules/{m0}/delete",
        {"confirm": "yes"},
        AUTHORS_POST,
    ),
    ("lesson new", "get", "/workshops/{slug}/modules/{m0}/lessons/new?kind=text", None, AUTHORS),
    (
        "lesson new (post)",
        "post",
        "/workshops/{slug}/modules/{m0}/lessons/new?kind=text",
        _lesson_form,
        AUTHORS_POST,
    ),
    ("lesson edit", "get", "/workshops/{slug}/lessons/{l0}/edit", None, AUTHORS),
    (
        "lesson edit (post)",
        "post",
        "/workshops/{slug}/lessons/{l0}/edit",
        _lesson_form,
        AUTHORS_POST,
    ),
    (
        "lesson move",
        "post",
        "/workshops/{slug}/lessons/{l0}/move",
        {"direction": "down"},
        AUTHORS_POST,
    ),
    ("lesson delete", "post", "/workshops/{slug}/lessons/{l0}/delete", {}, AUTHORS_POST),
    ("lesson", "get", "/workshops/{slug}/lessons/{l0}", None, FOLLOWERS),
    ("materials", "get", "/workshops/{slug}/materials", None, FOLLOWERS),
    ("materials upload", "post", "/workshops/{slug}/materials", _upload, AUTHORS_POST),
    ("material replace", "get", "/workshops/{slug}/materials/{mat}/replace", None, AUTHORS),
    (
        "material replace (post)",
        "post",
        "/workshops/{slug}/materials/{mat}/replace",
        lambda w: {"file": (io.BytesIO(PDF), "notes-v2.pdf")},
        AUTHORS_POST,
    ),
    ("material delete", "post", "/workshops/{slug}/materials/{mat}/delete", {}, AUTHORS_POST),
    ("materials zip", "get", "/workshops/{slug}/materials.zip", None, FOLLOWERS),
    ("material download", "get", "{material_url}", None, FOLLOWERS),
    ("cover image", "get", "{cover_url}", None, PUBLIC),
]

# Routes that are not about one workshop answer the same for a draft.
NOT_WORKSHOP_SCOPED = {"catalogue", "mine", "new", "new (post)"}


def _request(client, world, method, path, data):
    from learning.storage.routes import download_url

    with client.application.test_request_context():
        material_url = download_url(world.material.current.file)
        cover_url = download_url(world.cover)
    path = path.format(
        slug=world.slug,
        m0=world.modules[0].id,
        l0=world.lessons[0].id,
        mat=world.material.id,
        material_url=material_url,
        cover_url=cover_url,
    )
    return send(client, method, path, data, world)


CELLS = cells(ROUTES, NOT_WORKSHOP_SCOPED)


@pytest.mark.parametrize(PARAMETERS, CELLS)
def test_permission_table(
    build, client_for, people, status, name, method, path, data, role, expected
):
    world = build(status)
    client = client_for(people[role])
    with _request(client, world, method, path, data) as response:
        check(response, expected)


def test_every_route_of_the_feature_is_in_the_table(app):
    listed = {path.split("?")[0] for _, _, path, _, _ in ROUTES}
    with app.test_request_context():
        assert url_for("workshops.catalogue") == "/workshops/"
    rules = {
        rule.rule.replace("<slug>", "{slug}")
        .replace("<int:module_id>", "{m0}")
        .replace("<int:lesson_id>", "{l0}")
        .replace("<int:material_id>", "{mat}")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("workshops.")
    }
    assert rules <= listed, rules - listed
