"""Editions and enrolment: capacity, waitlists, approval, keys, invitations, bulk CSV,
calendars, reminders and My learning."""
