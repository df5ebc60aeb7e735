"""The demo has research to look at: every state and access level, in both languages."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from learning.demo import commands as demo
from learning.language.taxonomy import THEMES
from learning.platform.extensions import db
from learning.research.models import ResearchOutput


def test_demo_research(app, client, monkeypatch):
    # Only this feature's loader: the others are tested in their own areas.
    monkeypatch.setattr(demo, "FEATURE_LOADERS", ["learning.demo.research"])
    demo.load_demo()
    db.session.commit()
    outputs = db.session.scalars(select(ResearchOutput)).all()
    assert Counter(o.state for o in outputs) == {"published": 12, "withdrawn": 1, "submitted": 1}
    assert Counter(o.access for o in outputs if o.state == "published") == {
        "public": 10,
        "network": 1,
        "embargoed": 1,
    }
    assert any(len(o.published_versions) == 2 for o in outputs)
    published = [o.latest for o in outputs if o.state == "published"]
    assert {theme for v in published for theme in v.themes} == set(THEMES)
    assert len({v.output_type for v in published}) >= 7
    assert {"MX", "GT", "BZ", "SV", "HN", "NI", "CR", "PA"} <= {
        code for v in published for code in v.countries
    }
    assert all(len(v.file_links) >= 1 for v in published)
    assert {language for v in published for language in v.languages} == {"es", "en"}
    assert "Green fiscal policy for Central America" in client.get("/research/?q=politica").text
    spanish = app.test_client()
    spanish.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    assert "Política fiscal verde para Centroamérica" in spanish.get("/research/?q=bonos").text
