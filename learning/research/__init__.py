"""Research exchange: deposit, versions, curation, search, citations, OAI-PMH and feeds."""
