"""Programme events: forums and cultural events with their agenda, registrations with a
waitlist, personal agendas and calendars (issue 18)."""
