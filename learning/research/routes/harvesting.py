"""Harvesting: the OAI-PMH 2.0 interface (learning/research/oai.py) and the Atom feeds of new
outputs, all and by theme (learning/research/feeds.py)."""

from __future__ import annotations

from learning.platform.extensions import csrf
from learning.research import feeds, oai
from learning.research.blueprint import bp

bp.add_url_rule("/oai", "oai", csrf.exempt(oai.endpoint), methods=["GET", "POST"])
bp.add_url_rule("/research/feed.atom", "feed", feeds.feed)
bp.add_url_rule("/research/feed/<theme>.atom", "theme_feed", feeds.feed)
