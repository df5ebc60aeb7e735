"""Enrolment pages, one module per sub-domain: ``editions`` (planning an edition, its page,
enrolling and withdrawing, session times), ``roster`` (who is in, and the trainers' decisions),
``imports`` (bulk CSV), ``mylearning`` and ``calendars``; ``common`` loads and checks editions.

Who may: an edition's page and its calendar follow the workshop (public when published; a
draft workshop or a draft edition is a 404 for all but its trainers and admins). Enrolling and
withdrawing need a signed-in person. Everything that runs an edition (editions, roster,
decisions, CSV, session times) is for the workshop's trainers and admins; others get 403.
The private calendar feed needs no sign-in: its secret token is the permission.
"""
