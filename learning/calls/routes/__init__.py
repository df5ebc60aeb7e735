"""Calls pages, one module per sub-domain: ``public`` (the list and a call's page with its
eligibility check), ``managing`` (staff: creating, editing, opening and moving calls along,
their applications) and ``applying`` (an application step by step, its checklist,
submitting and withdrawing); ``common`` loads and checks calls.

Who may: every call but a draft is public; a draft is a 404 for all but staff. Applying needs
a signed-in person; another person's application is never reachable (routes take the call and
find the reader's own). Running calls is for staff (administrators); others get 403.
"""
