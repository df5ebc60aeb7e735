"""Research exchange operations, one module per sub-domain: ``identifiers`` (ORCID iDs and
DOIs), ``deposit`` (outputs, their versions and files), ``curation`` (submitting, publishing,
returning, withdrawing), ``access`` (who may see a page or download a file, and the kept facts
of an output), ``counting`` (views and downloads), ``index`` (the search index and its facets)
and ``workshops`` (outputs used as readings); ``common`` holds the error and the limits they
share.

Plain functions with explicit arguments; they add and flush, raise ``common.ResearchError``,
and never commit (the route does, once per request).
"""
