"""Events pages, one module per sub-domain: ``public`` (the list, an event's page, feeds and
calendars), ``registering`` (registering, one's own registration, withdrawing, stars),
``organising`` (events, sessions, cancelling), ``roster`` (registrations, decisions, CSV) and
``attending`` (one's ticket and its QR code, the door's check-in, online attendance);
``common`` loads and checks events.

Who may: published, cancelled and archived events are public; a draft is a 404 for all but
who runs it. Registering, one's registration and stars need a signed-in person; another
person's registration is a 404. Creating events is for organisers (administrators and people
with the trainer role); running one is for its creator and administrators; others get 403.
"""
