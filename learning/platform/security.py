"""Security basics: response headers, proxy awareness and safe redirects."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        # No page frames anything, except the one below that says so.
        "frame-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# Inline preview of a deposited PDF on the curators' review page (issue 22). The choice:
# - The PDF is served for the frame from our own origin, streamed by the app (not the S3
#   presigned redirect: another origin, which this policy would rightly refuse to frame).
# - Only the review page may frame anything ("frame-src 'self'"; every other page keeps
#   "frame-src 'none'"), and the preview response may be framed only by our own pages
#   ("frame-ancestors 'self'", X-Frame-Options SAMEORIGIN) instead of "none"/DENY.
# - Only files whose type was detected from their bytes as PDF at upload are previewed, always
#   sent as application/pdf with nosniff: HTML and SVG uploads are refused at upload
#   (storage.filetypes) and could never be shown this way, so no uploaded markup ever runs as
#   our origin. "sandbox" is not added: Chromium refuses to render a PDF in a sandboxed
#   document (it shows it as blocked), and a PDF viewer's scripts do not run as the page's
#   origin, which is what sandbox would protect.
REVIEW_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "frame-src 'none'", "frame-src 'self'"
)
PREVIEW_HEADERS = (
    ("Content-Security-Policy", "frame-ancestors 'self'"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("X-Content-Type-Options", "nosniff"),
    ("Cache-Control", "private, no-store"),
)


def init_app(app: Flask) -> None:
    """Trust the configured number of proxies and add security headers to every response."""
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
    app.after_request(_security_headers)


SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def _security_headers(response: Response) -> Response:
    """Each header unless the view set its own. One pass over the few headers a response
    has (``setdefault`` looks each one up by raising and catching a KeyError)."""
    headers = response.headers
    present = {name.lower() for name, _value in headers.items()}
    wanted = (*SECURITY_HEADERS, HSTS) if request.is_secure else SECURITY_HEADERS
    for name, value in wanted:
        if name.lower() not in present:
            headers.add(name, value)
    return response


def safe_next(target: str | None) -> str | None:
    """Return ``target`` when it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    target = target.strip()
    # Browsers treat backslashes and control characters leniently; refuse them outright.
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    joined = urlsplit(urljoin(request.host_url, target))
    if joined.netloc != urlsplit(request.host_url).netloc:
        return None
    return target
