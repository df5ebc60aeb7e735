"""The demo has research to look at: every state and access level, in both languages."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from learning.demo import commands as demo
from learning.platform.extensions import db
from learning.research.models import ResearchOutput


def test_demo_research(app, client, monkeypatch):
    # Only this feature's loader: the others are tested in their own areas.
    monkeypatch.setattr(demo, "FEATURE_LOADERS", ["learning.demo.research"])
    demo.load_demo()
    db.session.commit()
    outputs = db.session.scalars(select(ResearchOutput)).all()
    assert Counter(o.state for o in outputs) == {"published": 4, "withdrawn": 1, "submitted": 1}
    assert Counter(o.access for o in outputs if o.state == "published") == {
        "public": 2,
        "network": 1,
        "embargoed": 1,
    }
    assert any(len(o.published_versions) == 2 for o in outputs)
    assert "Green fiscal policy for Central America" in client.get("/research/?q=politica").text
    spanish = app.test_client()
    spanish.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    assert "Política fiscal verde para Centroamérica" in spanish.get("/research/?q=bonos").text
