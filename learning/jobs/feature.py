"""Jobs plugged into the app: the job pages, ``flask jobs``, submitted jobs queued when their
transaction commits, and a 503 page when the queue cannot be reached."""

from __future__ import annotations

from flask import Flask, Response
from flask_babel import gettext as _

from learning.jobs import cli, exports, routes, services
from learning.jobs.queue import QueueUnavailable
from learning.platform.extensions import db
from learning.platform.slots import FILE_ACCESS
from learning.web.errors import render_error


def _unavailable() -> Response:
    return render_error(
        503,
        _(
            "The job queue cannot be reached just now, so the work was not started. "
            "Nothing was lost: try again in a few minutes."
        ),
    )


def queue_unavailable(exc: QueueUnavailable) -> Response:
    """``submit`` found the queue down before writing anything: undo the request's other
    changes and say so (a 503, never a 500)."""
    db.session.rollback()
    return _unavailable()


def settle(response: Response) -> Response:
    """The queue went away between ``submit``'s check and the commit: the jobs were marked
    failed (an admin can retry them), and the person is told it did not start."""
    return _unavailable() if services.settle_unqueued() else response


def init_app(app: Flask) -> None:
    """Register the pages, the commands and the session events; exports are their owner's."""
    app.register_blueprint(routes.bp)
    FILE_ACCESS.fill(app, exports.file_access, key=exports.KIND)
    app.cli.add_command(cli.jobs_cli)
    app.register_error_handler(QueueUnavailable, queue_unavailable)
    app.after_request(settle)
    services.listen()
