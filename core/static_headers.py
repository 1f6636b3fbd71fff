"""Security headers for static files, which WhiteNoise answers before the rest of the middleware runs."""

from django.conf import settings
from django.utils.csp import build_policy


def add_security_headers(headers, path: str, url: str) -> None:
    """The site's Content Security Policy: an SVG opened on its own is a document, and must not run script."""
    headers["Content-Security-Policy"] = build_policy(settings.SECURE_CSP)
