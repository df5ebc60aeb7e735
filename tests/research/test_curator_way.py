"""Issue 22, the curators' way: a header link to the queue with its count, and a review page
with the description, the files (the PDF opened inline), the decisions so far and what a new
version changes."""

from __future__ import annotations

import html
import io
import re

from learning.platform.extensions import db
from learning.research.services.curation import return_to_researcher, submit
from learning.research.services.deposit import add_files, new_version, remove_file
from learning.storage.services import store_upload
from tests.research.conftest import PDF


def _main_nav(page: str) -> str:
    found = re.search(r'<nav class="main-nav".*?</nav>', page, re.S)
    assert found, "no main navigation"
    return found.group(0)


def test_curators_see_the_queue_and_its_count_in_the_header(make_output, client_for, make_user):
    make_output(title_es="Primera", state="submitted")
    curator = make_user(roles=["curator"])
    reader = client_for(curator)
    nav = _main_nav(reader.get("/").get_data(True))
    assert '<a href="/research/curation">Curation (1)</a>' in nav

    # A new submission shows on the next page, though the header is kept between requests.
    make_output(title_es="Segunda", state="submitted")
    nav = _main_nav(reader.get("/").get_data(True))
    assert "Curation (2)" in nav
    # Spanish, and the admin sees it too.
    assert "Curaduría (2)" in _main_nav(client_for("admin", "es").get("/").get_data(True))
    # Nobody else has it.
    for who in ("participant", "researcher", "trainer"):
        assert "/research/curation" not in _main_nav(client_for(who).get("/").get_data(True))


def test_the_review_page_shows_description_files_decisions_and_changes(
    make_output, client_for, make_user
):
    curator = make_user(roles=["curator"], name="Carla Curadora")
    output = make_output(
        title_es="Política fiscal",
        abstract_es="Primer resumen.",
        title_en="Fiscal policy",
        abstract_en="First abstract.",
        keywords=("fiscal",),
        state="submitted",
    )
    first = output.newest
    return_to_researcher(first, curator, "Add the English abstract's sources.")
    submit(first)
    db.session.commit()
    reader = client_for(curator)
    page = html.unescape(reader.get(f"/research/{output.id}/v/1/curate").get_data(True))
    # The description in both languages and the file, opened inline.
    assert "Primer resumen." in page and "First abstract." in page
    file = first.files[0]
    assert f"/research/{output.id}/files/{file.id}/{file.original_name}?inline=1" in page
    assert "Open the PDF" in page
    # The decision so far, with its comment and who took it.
    history = re.search(r'<section aria-labelledby="history-title">.*?</section>', page, re.S)
    assert "returned" in history.group(0) and "Carla Curadora" in history.group(0)
    assert "Add the English abstract's sources." in history.group(0)
    # Sent again unchanged after the return: said so, not "the first version".
    assert "sent this version again without changing" in page

    # Published, then a second version with a new abstract, keywords and files.
    reader.post(f"/research/{output.id}/v/1/curate", data={"approve": "1"})
    db.session.expire_all()
    row = store_upload(io.BytesIO(PDF), "annex.pdf", kind="research", uploader_id=output.owner_id)
    second = new_version(output, output.owner)
    second.text("en").abstract = "Second abstract."
    second.keywords = ["fiscal", "climate"]
    remove_file(second, first.files[0].id)
    add_files(second, [row])
    submit(second)
    db.session.commit()
    page = html.unescape(reader.get(f"/research/{output.id}/v/2/curate").get_data(True))
    changes = re.search(r'<section aria-labelledby="changes-title">.*?</section>', page, re.S)
    assert changes, "no changes section"
    changed = changes.group(0)
    assert "Compared with version 1" in changed
    assert "First abstract." in changed and "Second abstract." in changed
    assert "fiscal, climate" in changed and "annex.pdf" in changed
    assert "Primer resumen." not in changed  # the Spanish abstract did not change
    history = re.search(r'<section aria-labelledby="history-title">.*?</section>', page, re.S)
    assert history.group(0).count('class="state state-') == 2  # returned, then published


def test_the_review_page_in_spanish(make_output, client_for):
    output = make_output(title_es="Política fiscal", state="submitted")
    page = client_for("curator", "es").get(f"/research/{output.id}/v/1/curate").get_data(True)
    assert "Abrir el PDF" in page and "Decisiones hasta ahora" in page
