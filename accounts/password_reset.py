"""
Password reset, limited so that it cannot be used to flood an inbox or the mail server.

Each address may be sent `RESETS_PER_ADDRESS` emails an hour, and each client (by its address,
`core.client_address`) may ask `RESETS_PER_CLIENT` times an hour. Past the address's
limit nothing is sent, and the page says what it always says, so that it tells nobody whether
the address has an account or has been limited; past the client's limit the answer is a 429 page.
The counts live in the default cache (Django's counters): if the cache fails, the reset goes
ahead, and the queue's own bound (`accounts.forms.RESET_EMAILS_WAITING`) still caps the emails.
"""

import logging

from django.contrib.auth.views import PasswordResetView
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.crypto import salted_hmac

from accounts.forms import SitePasswordResetForm
from core.client_address import client_address

logger = logging.getLogger(__name__)

RESETS_PER_ADDRESS = 3
RESETS_PER_CLIENT = 10
WINDOW_SECONDS = 3600
KEY_SALT = "accounts.password_reset"


def counter_key(kind: str, value: str) -> str:
    """A cache key that does not spell out the email or client address it counts."""
    return f"password-reset:{kind}:{salted_hmac(KEY_SALT, value, algorithm='sha256').hexdigest()[:32]}"


def within_limit(key: str, limit: int) -> bool:
    """Count one more request under `key`; False once the window's count is past `limit`."""
    try:
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        try:
            return cache.incr(key) <= limit
        except ValueError:  # The window ended between the two calls: this is its first request.
            cache.add(key, 1, timeout=WINDOW_SECONDS)
            return True
    except Exception:
        logger.warning("Password reset limit not counted: the cache did not answer", exc_info=True)
        return True


class SitePasswordResetView(PasswordResetView):
    """Django's password reset, its email sent in the background, limited per address and per client."""

    form_class = SitePasswordResetForm

    def form_valid(self, form):
        if not within_limit(counter_key("client", client_address(self.request)), RESETS_PER_CLIENT):
            return render(self.request, "registration/password_reset_limited.html", status=429)
        email = form.cleaned_data["email"].strip().lower()
        if not within_limit(counter_key("email", email), RESETS_PER_ADDRESS):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
