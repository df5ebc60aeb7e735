"""Background jobs: work longer than a request runs on a queue (Huey), with a row people can
watch (``models.Job``), a page per job, and the scheduled work that cron commands used to do."""
