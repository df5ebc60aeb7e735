"""Forms with a file, sent by static/js/upload.js (XMLHttpRequest, to show the upload's
progress). A redirect after the change is answered to the script as ``{"location": …}``, so
the script opens that page itself, as the browser would have followed it: the message left for
that page (flash) waits for it instead of being spent on the script's request."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request

# Sent by static/js/upload.js with every form it sends.
UPLOAD_HEADER = "X-Upload-Progress"


def answer_script(response: Response) -> Response:
    """A redirect as ``{"location": …}`` (200) for the upload script; anything else as it is."""
    if (
        request.headers.get(UPLOAD_HEADER) == "1"
        and 300 <= response.status_code < 400
        and response.location
    ):
        answer = jsonify(location=response.location)
        answer.headers["Cache-Control"] = "no-store"
        return answer
    return response


def init_app(app: Flask) -> None:
    app.after_request(answer_script)
