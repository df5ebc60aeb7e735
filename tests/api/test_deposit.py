"""Depositing a research output through the API: a multipart form with the deposit page's
fields, its files streamed to storage row first (local directory and S3), the page's limits
and messages, and nothing left behind when a file is refused or the store is down."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from learning.platform.extensions import db
from learning.research.models import ResearchOutput
from learning.storage.models import StoredFile
from learning.storage.store import get_storage
from tests.research.conftest import PDF

URL = "/api/v1/research"


def form(**fields):
    data = {
        "output_type": "policy_brief",
        "creators": "Rosa Quesada; 0000-0002-1825-0097; CEDES\nLuis Pérez",
        "organisation": "Centro de Estudios",
        "publication_date": "2025-03-01",
        "title_es": "Política fiscal verde",
        "abstract_es": "Impuestos al carbono en Centroamérica.",
        "access": "public",
        "licence": "CC-BY-4.0",
        "themes": ["climate"],
        "files": [(io.BytesIO(PDF), "informe.pdf", "application/pdf")],
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def post(client, **fields):
    return client.post(URL, data=form(**fields), content_type="multipart/form-data")


def counts():
    db.session.expire_all()
    return (
        db.session.scalar(select(func.count(ResearchOutput.id))),
        db.session.scalar(select(func.count(StoredFile.id))),
    )


@pytest.fixture
def researcher(make_user):
    return make_user(roles=["researcher"], name="Rosa Quesada")


@pytest.fixture(params=["local", "s3"])
def store(request, app):
    """The app (local directory or S3 on moto over HTTP) with its own app context."""
    the_app = app if request.param == "local" else request.getfixturevalue("s3_app")
    with the_app.app_context():
        yield the_app
        db.session.remove()


def test_a_researcher_deposits_a_draft_with_files(store, researcher, make_token):
    token = make_token(researcher, {"research:write"})
    client = store.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    response = post(
        client,
        files=[
            (io.BytesIO(PDF), "informe.pdf", "application/pdf"),
            (io.BytesIO(b"year,value\n2024,3\n"), "datos.csv", "text/csv"),
        ],
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["state"] == "draft" and body["title"] == "Política fiscal verde"
    assert [item["name"] for item in body["files"]] == ["informe.pdf", "datos.csv"]
    assert response.headers["Location"] == body["url"]
    output = db.session.get(ResearchOutput, body["id"])
    assert output.owner_id == researcher.id
    assert [creator.name for creator in output.newest.creators] == ["Rosa Quesada", "Luis Pérez"]
    stored = [link.file for link in output.newest.file_links]
    assert all(row.state == "available" and row.sha256 for row in stored)
    with get_storage().open(stored[0].key) as handle:
        assert handle.read() == PDF


def test_the_deposit_pages_messages_in_the_callers_language(researcher, make_token, api):
    client = api(make_token(researcher, {"research:write"}), "es")
    response = post(client, creators="", title_es="Sin resumen", abstract_es="", files=None)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors["creators"] == "Indique al menos una persona autora."
    assert "abstract_es" in errors
    embargo = post(client, access="embargoed")
    assert embargo.get_json()["errors"] == {
        "embargo_until": "Indique la fecha en que termina el embargo."
    }
    assert counts() == (0, 0)


def test_a_refused_file_leaves_nothing_behind(researcher, make_token, api):
    client = api(make_token(researcher, {"research:write"}))
    response = post(
        client,
        files=[
            (io.BytesIO(PDF), "bueno.pdf", "application/pdf"),
            (io.BytesIO(b"<html><script>alert(1)</script></html>"), "malo.pdf", "application/pdf"),
        ],
    )
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["detail"].startswith("malo.pdf: ")
    assert counts() == (0, 0)
    assert list(get_storage().list("research/")) == []


def test_too_large_a_file_is_a_413(app_factory, make_user, make_token):
    small = app_factory(UPLOAD_LIMITS={"research": 1024})
    with small.app_context():
        token = make_token(make_user(roles=["researcher"]), {"research:write"})
        client = small.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        response = post(client)
        assert response.status_code == 413
        assert response.mimetype == "application/problem+json"
        assert counts() == (0, 0)
        db.session.remove()


def test_the_store_being_down_is_a_503_with_nothing_written(app_factory, make_user, make_token):
    down = app_factory(
        STORAGE_BACKEND="s3",
        S3_BUCKET="nowhere",
        S3_ENDPOINT_URL="http://127.0.0.1:1",
        S3_REGION="us-east-1",
    )
    with down.app_context():
        token = make_token(make_user(roles=["researcher"], language="es"), {"research:write"})
        client = down.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        response = post(client)
        assert response.status_code == 503
        assert response.mimetype == "application/problem+json"
        assert "no se guardó nada" in response.get_json()["detail"]
        assert counts() == (0, 0)
        db.session.remove()


def test_depositing_needs_the_scope_and_the_researcher_role(researcher, make_user, make_token, api):
    read_only = post(api(make_token(researcher)))
    assert read_only.status_code == 403 and "research:write" in read_only.get_json()["detail"]
    participant = post(api(make_token(make_user(), {"research:write"}), "es"))
    assert participant.status_code == 403
    assert "investigador" in participant.get_json()["detail"]
    assert post(api()).status_code == 401
    assert counts() == (0, 0)


def test_the_token_form_offers_the_research_scope(app, researcher):
    from learning.api.models import ApiToken
    from tests.conftest import signed_in_client

    browser = signed_in_client(app, researcher)
    page = browser.get("/api/tokens").get_data(as_text=True)
    assert "research:write" in page
    made = browser.post(
        "/api/tokens", data={"name": "Depósitos", "days": "30", "research_write": "y"}
    )
    assert made.status_code == 201
    assert db.session.scalar(select(ApiToken.scopes)) == "read research:write"


def test_the_documentation_names_the_deposit_fields(client):
    page = client.get("/api/").get_data(as_text=True)
    assert "POST /api/v1/research" in page
    assert "<code>title_es</code>" in page and "<code>creators</code>*" in page
    assert "research:write" in page


def test_a_deposit_needs_no_csrf_token_with_csrf_on(app_factory, make_user, make_token):
    strict = app_factory(WTF_CSRF_ENABLED=True)
    with strict.app_context():
        token = make_token(make_user(roles=["researcher"]), {"research:write"})
        client = strict.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        assert post(client).status_code == 201
        db.session.remove()


def test_a_body_that_is_not_a_form_is_a_422_naming_the_fields(researcher, make_token, api):
    client = api(make_token(researcher, {"research:write"}))
    response = client.post(URL, json={"output_type": "policy_brief"})
    assert response.status_code == 422
    assert {"creators", "organisation", "publication_date"} <= set(response.get_json()["errors"])
    assert counts() == (0, 0)
