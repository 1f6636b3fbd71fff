"""
The address a request came from, for the sign-in lockout and the question limit.

Behind a load balancer every request's REMOTE_ADDR is the balancer's, so one address would
count everyone's failures and anyone could lock a nurse out. `DJANGO_TRUSTED_PROXIES` says how
many proxies stand in front of the app servers (0, the default: none, REMOTE_ADDR is the client).
Each proxy appends the address it received the request from to X-Forwarded-For; the last one's
own address is REMOTE_ADDR. django-ipware reads the chain from the right: with N trusted proxies
it skips the N - 1 entries they wrote after the client's, and entries further left, written by
the client itself, are never believed. No other header is read: a client could set any of them.
"""

from django.conf import settings
from ipware import get_client_ip

FORWARDED_HEADER = "HTTP_X_FORWARDED_FOR"


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if not proxies:
        return remote
    address, _routable = get_client_ip(
        request, proxy_count=proxies - 1, request_header_order=[FORWARDED_HEADER], strict=False
    )
    return address or remote
