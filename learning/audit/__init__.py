"""The audit log: who did what sensitive thing, when, and from where. Append-only in the app."""
