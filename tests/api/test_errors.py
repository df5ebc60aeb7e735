"""Errors under /api/v1 are problem details in the caller's language; the HTML pages keep
their own error pages; the API ignores the session cookie and needs no CSRF token."""

from __future__ import annotations

from tests.conftest import signed_in_client

PROBLEM = "application/problem+json"


def test_an_unknown_address_is_a_problem_in_english_by_default(api):
    response = api().get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == 404 and body["title"] == "Not found"
    assert body["instance"] == "/api/v1/nothing-here"


def test_the_problem_is_in_the_language_of_accept_language(api):
    body = api(language="es-MX,es;q=0.9").get("/api/v1/events/999").get_json()
    assert body["title"] == "No encontrado"


def test_without_accept_language_the_token_owners_language_is_used(api, make_user, make_token):
    token = make_token(make_user(language="es"))
    response = api(token).get("/api/v1/workshops/12345")
    assert response.status_code == 404
    assert response.get_json()["title"] == "No encontrado"
    assert response.headers["Content-Language"] == "es"


def test_a_wrong_method_is_a_405_that_names_the_allowed_ones(api):
    response = api().put("/api/v1/workshops")
    assert response.status_code == 405
    assert response.mimetype == PROBLEM
    assert "GET" in response.headers["Allow"]


def test_a_bad_page_size_is_a_422_naming_the_parameter(api):
    response = api(language="es").get("/api/v1/events?limit=5000&after=abc")
    assert response.status_code == 422
    body = response.get_json()
    assert set(body["errors"]) == {"limit", "after"}
    assert "1" in body["errors"]["limit"] and "100" in body["errors"]["limit"]
    assert body["errors"]["after"] == "Indique un número entero."


def test_an_unknown_parameter_is_a_422_not_silently_ignored(api):
    response = api(language="es").get("/api/v1/workshops?limt=5")
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"limt": "Este parámetro no se conoce aquí."}


def test_a_malformed_authorization_header_is_a_401(api):
    client = api()
    client.environ_base["HTTP_AUTHORIZATION"] = "Basic dXNlcjpwYXNz"
    response = client.get("/api/v1/workshops")
    assert response.status_code == 401
    assert response.mimetype == PROBLEM
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_html_pages_keep_their_error_pages(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_a_session_cookie_does_not_authenticate(app, make_user):
    person = make_user()
    browser = signed_in_client(app, person)
    assert browser.get("/api/v1/me/enrolments").status_code == 401


def test_writes_need_no_csrf_token_but_a_bearer_token(
    app_factory, make_user, make_event, make_token
):
    strict = app_factory(WTF_CSRF_ENABLED=True)
    with strict.app_context():
        event = make_event()
        token = make_token(make_user(), {"events:write"})
        client = strict.test_client()
        anonymous = client.post(f"/api/v1/events/{event.id}/registration")
        assert anonymous.status_code == 401
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        assert client.post(f"/api/v1/events/{event.id}/registration").status_code == 201


def test_the_document_is_openapi_31_and_lists_the_operations(api):
    response = api().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    assert "/api/v1/events/{event_id}/registration" in document["paths"]
    operation = document["paths"]["/api/v1/events/{event_id}/registration"]["post"]
    assert operation["x-scope"] == "events:write"
    spanish = api(language="es").get("/api/v1/openapi.json").get_json()
    assert spanish["paths"]["/api/v1/events"]["get"]["summary"] == "Eventos públicos"


def test_the_documentation_page_is_made_from_the_document(client):
    response = client.get("/api/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "GET /api/v1/workshops" in page
    assert "events:write" in page
    assert "<script" not in page.split("<main", 1)[1]


def test_the_database_being_down_is_a_problem_not_a_page(api, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from learning.api.services import resources

    def down(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("too many clients already"))

    monkeypatch.setattr(resources, "page", down)
    response = api(language="es").get("/api/v1/events")
    assert response.status_code == 503
    assert response.mimetype == PROBLEM
    assert "no se guardó nada" in response.get_json()["detail"]
    assert response.headers["Retry-After"]
    assert api().get("/no-such-page").mimetype == "text/html"


def test_a_path_parameter_is_documented_once_for_its_path_with_its_bounds(api):
    paths = api(language="es").get("/api/v1/openapi.json").get_json()["paths"]
    registration = paths["/api/v1/events/{event_id}/registration"]
    (parameter,) = registration["parameters"]
    assert parameter["name"] == "event_id" and parameter["in"] == "path"
    assert parameter["description"] == "El id del evento."
    assert parameter["schema"] == {"type": "integer", "minimum": 1, "maximum": 2_147_483_647}
    assert {"post", "delete"} <= set(registration)
    code = paths["/api/v1/certificates/{code}"]["parameters"][0]
    assert code["schema"]["pattern"] == "^[A-Za-z0-9_-]{1,64}$"


def test_the_document_answers_only_get_and_in_problem_details(api):
    response = api().post("/api/v1/openapi.json")
    assert response.status_code == 405
    assert response.mimetype == PROBLEM


def test_the_documentation_page_lists_the_path_parameters(client):
    page = client.get("/api/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    operation = page.split('id="get_event"', 1)[1].split("</article>", 1)[0]
    assert "<code>event_id</code>" in operation
    assert "The event&#39;s id." in operation
