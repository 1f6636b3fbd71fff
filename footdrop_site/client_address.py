"""
The address a request came from, for the sign-in lockout and the question limit.

Behind a load balancer every request's REMOTE_ADDR is the balancer's, so one address would
count everyone's failures and anyone could lock a nurse out. `DJANGO_TRUSTED_PROXIES` says how
many proxies stand in front of the app servers (0, the default: none, REMOTE_ADDR is the client).
Each proxy appends the address it received the request from to X-Forwarded-For, so with N
trusted proxies the client is the Nth entry from the right; entries further left were written
by the client and are never believed.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if not proxies:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
