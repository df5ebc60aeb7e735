"""Event operations, one module per sub-domain: ``events`` (creating, editing, publishing,
cancelling), ``agenda`` (sessions, speakers, stars), ``listing`` (the public list and its
filters), ``registrations`` (places, waitlist, approval, withdrawal), ``tickets`` (the signed
code), ``calendars`` (iCalendar files) and ``notices`` (the e-mails); ``common`` holds the
error and the rules they share.

Functions add and flush; the route commits (one transaction per request). Rules that refuse an
operation raise ``common.EventError`` with a ``code`` the web layer words for people.

Places: ``registered`` registrations hold a place; ``waitlisted`` ones wait in ``position``
order; ``pending`` ones (events that ask for approval) hold none until approved. Every
operation that counts or frees places first takes the event's lock (``common.lock_event``: a
row lock on PostgreSQL, the write lock on SQLite, held until the transaction ends), so capacity
and waitlist order hold under simultaneous requests on both databases.
"""
