"""
The address a request came from, for the sign-in lockout and the question limit.

Behind a load balancer every request's REMOTE_ADDR is the balancer's, so one address would
count everyone's failures and anyone could lock a nurse out. `DJANGO_TRUSTED_PROXIES` says how
many proxies stand in front of the app servers (0, the default: none, REMOTE_ADDR is the client).
Each proxy appends the address it received the request from to X-Forwarded-For; the last one's
own address is REMOTE_ADDR. django-ipware reads the chain from the right: with N trusted proxies
it skips the N - 1 entries they wrote after the client's, and entries further left, written by
the client itself, are never believed. No other header is read: a client could set any of them.

The header is believed only when the request comes from one of the proxies' own addresses
(`TRUSTED_PROXY_ADDRESSES`, from `FORWARDED_ALLOW_IPS`, the variable gunicorn reads for the same
purpose): a client that reaches the app server directly could otherwise write any address into
it and never be locked out.
"""

import ipaddress

from django.conf import settings
from ipware import get_client_ip

FORWARDED_HEADER = "HTTP_X_FORWARDED_FOR"


def from_trusted_proxy(remote: str) -> bool:
    """Whether the connecting address is one of the proxies' ("*": any, as gunicorn reads it)."""
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return False
    for allowed in settings.TRUSTED_PROXY_ADDRESSES:
        if allowed == "*":
            return True
        try:
            if address in ipaddress.ip_network(allowed, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if not proxies or not from_trusted_proxy(remote):
        return remote
    address, _routable = get_client_ip(
        request, proxy_count=proxies - 1, request_header_order=[FORWARDED_HEADER], strict=False
    )
    return address or remote
