"""Enrolment operations, one module per sub-domain: ``editions`` (planning them), ``seats``
(enrolling, withdrawing, deciding, waitlists, invitations), ``schedule`` (live sessions and
reminders), ``notices`` (the e-mails), ``mylearning``, ``roster``, ``imports`` (bulk CSV) and
``calendars``; ``common`` holds the error and the rules they share.

Functions add and flush; the route commits (one transaction per request). Rules that refuse an
operation raise ``common.EnrolmentError`` with a ``code`` the web layer words for people.
Operations that should e-mail someone return ``notices.Notice`` objects; the caller sends them
with ``notices.deliver`` after the commit, so nobody is told about something that was rolled
back.

Seats: ``active`` and ``completed`` enrolments hold a seat; ``pending`` requests (approval
mode) hold none: approving one activates it when a seat is free, else puts it on the waitlist.
Every operation that counts or frees seats first locks the edition row (SELECT … FOR UPDATE on
PostgreSQL; SQLite serialises writers anyway), so capacity holds under simultaneous requests.
"""
