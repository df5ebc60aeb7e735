"""Completion pages, one module per sub-domain: ``marks`` (marking lessons), ``quizzes``
(attempts, and the authors' settings and questions), ``overview`` (the authors' overview of a
workshop and its completion rule), ``attendance``, ``report`` (an edition's report and its CSV),
``survey`` and ``certificates`` (PDF, public verification, revoking, Open Badges); ``common``
holds what they share.

Who may: participants record their own progress in workshops they are enrolled in (the
workshop's trainers and admins may preview, nothing is recorded); the workshop's trainers and
admins author quizzes, mark attendance, set the rule and read the report; admins revoke
certificates; anyone may verify a certificate by its code. A draft workshop is a 404 for those
who may not see it; an unknown or malformed certificate code is a plain 404.
"""
