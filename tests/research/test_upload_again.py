"""Issue 22: a deposit refused after files were chosen says which files to choose again."""

from __future__ import annotations

from tests.conftest import sign_in_as
from tests.research.test_workflow import deposit_form


def test_refused_deposit_asks_for_the_files_again(app, make_user):
    client = sign_in_as(app.test_client(), make_user(roles=["researcher"]))
    response = client.post(
        "/research/new",
        data=deposit_form(doi="doi-10.12/x"),
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "This is not a DOI" in response.text
    assert (
        "The files you chose (nota-es.pdf, brief-en.pdf) were not kept: choose them again"
        in response.text
    )
    assert "/static/js/upload.js" in response.text
