"""Call operations, one module per sub-domain: ``calls`` (creating, editing, opening, closing,
the public list), ``eligibility`` (the rules and their reasons), ``applications`` (drafts step
by step, the checklist, submitting to the second, withdrawing) and ``notices`` (the e-mails);
``common`` holds the error and the rules they share.

Functions add and flush; the route commits (one transaction per request). Rules that refuse an
operation raise ``common.CallError`` with a ``code`` the web layer words for people.

The close is enforced on the server: a submission takes the call's lock
(``common.lock_call``: a row lock on PostgreSQL, the write lock on SQLite) and then compares the
database's own idea of now — taken after the lock — with ``Call.closes_at``, so neither the
client's clock nor a queue of simultaneous requests decides it.
"""
