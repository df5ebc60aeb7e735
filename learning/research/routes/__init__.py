"""Research pages, one module per sub-domain: ``discovery`` (search, landing pages and their
versions), ``files`` (downloads and citations), ``deposit`` (depositing, editing, files, new
versions, submitting, a researcher's own outputs), ``curation`` (the queue, publishing or
returning, withdrawing) and ``harvesting`` (OAI-PMH and the Atom feeds); ``common`` loads
outputs and versions as the reader may see them, and answers refusals.

Who may: published outputs are for anyone (network-only ones for signed-in members); drafts
are a 404 for all but their depositor, curators and administrators. Depositing needs the
researcher role, curating the curator role; others get 403.
"""
