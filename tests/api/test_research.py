"""Research outputs through the API: published ones only, network-only ones for token
holders, and an embargoed file never leaves, not even to its depositor."""

from __future__ import annotations

from datetime import date, timedelta

from tests.research.conftest import PDF


def _one(api, output_id, token=None):
    return api(token).get(f"/api/v1/research/{output_id}")


def test_a_public_output_lists_its_files_and_they_download(make_output, api):
    output = make_output(title_en="Fiscal policy and climate change")
    body = _one(api, output.id).get_json()
    assert body["title"] == "Fiscal policy and climate change"
    assert body["creators"] == ["Rosa Quesada"]
    (item,) = body["files"]
    assert item["download_url"].endswith(f"/api/v1/research/{output.id}/files/{item['id']}")
    response = api().get(item["download_url"].replace("http://puente.test", ""))
    assert response.status_code == 200 and response.data == PDF
    response.close()


def test_an_embargoed_file_never_leaves_through_the_api(make_output, make_token, api):
    output = make_output(access="embargoed", embargo_until=date.today() + timedelta(days=60))
    file_id = output.newest.files[0].id
    depositor = make_token(output.owner)
    body = _one(api, output.id).get_json()
    assert body["embargo_until"] == output.embargo_until.isoformat()
    assert [item["download_url"] for item in body["files"]] == [None]
    for token in (None, depositor):
        response = api(token, "es").get(f"/api/v1/research/{output.id}/files/{file_id}")
        assert response.status_code == 403
        assert "embargo" in response.get_json()["detail"]
        assert PDF not in response.data


def test_drafts_withdrawn_and_network_outputs_are_hidden_from_visitors(
    make_output, make_user, make_token, api
):
    draft = make_output(state="draft")
    withdrawn = make_output(state="withdrawn")
    network = make_output(access="network")
    assert _one(api, draft.id).status_code == 404
    assert _one(api, withdrawn.id).status_code == 404
    assert _one(api, network.id).status_code == 404
    member = make_token(make_user())
    assert _one(api, network.id, member).status_code == 200
    listed = api().get("/api/v1/research").get_json()["items"]
    assert listed == []
    assert [item["id"] for item in api(member).get("/api/v1/research").get_json()["items"]] == [
        network.id
    ]


def test_a_file_of_another_output_is_a_404(make_output, api):
    one, other = make_output(), make_output()
    stranger = other.newest.files[0].id
    assert api().get(f"/api/v1/research/{one.id}/files/{stranger}").status_code == 404
