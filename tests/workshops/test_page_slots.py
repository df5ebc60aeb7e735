"""What the features above workshops add to its pages comes through slots
(learning/platform/slots.py): the authors' buttons, the editions, the panels."""

from __future__ import annotations


def test_authors_get_the_editions_button_from_the_enrolment_feature(build, client_for, people):
    build()
    link = 'href="/workshops/datos/editions"'
    page = client_for(people["trainer"]).get("/workshops/datos").get_data(True)
    assert link in page and "Editions and rosters" in page
    for reader in ("enrolled", "visitor"):
        assert link not in client_for(people[reader]).get("/workshops/datos").get_data(True)
    # The preview shows the page as a participant sees it.
    assert link not in client_for(people["trainer"]).get("/workshops/datos/preview").get_data(True)
