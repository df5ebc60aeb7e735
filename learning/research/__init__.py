"""Research exchange: deposit, versions, curation, search, citations, OAI-PMH and feeds."""

from learning.research.routes import bp

__all__ = ["bp"]
