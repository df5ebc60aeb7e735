"""Signed webhooks: staff register endpoints for event types; the platform's changes become
deliveries signed with the Standard Webhooks scheme and sent through the job queue."""
