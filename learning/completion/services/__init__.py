"""Completion operations, one module per sub-domain: ``marks`` (a participant's own marks on
lessons), ``engine`` (where an enrolment stands against its workshop's rule, granting the
completion, and setting the rule), ``quizzes`` (settings, questions, attempts), ``attendance``
(the trainers' marks of live sessions), ``progress`` (for My learning and the workshop page),
``report`` (an edition's report, funnel and knowledge gain), ``certify`` (issuing, finding and
revoking certificates) and ``survey`` (the satisfaction survey); ``common`` holds the error, who
follows a workshop, session dates and the idempotent inserts they share.

Functions add and flush; the route commits. Refusals raise ``common.CompletionError`` with a
``code`` the web layer words for people. ``engine.evaluate`` is called after every event that
may complete a workshop; it never takes a completion away.
"""
