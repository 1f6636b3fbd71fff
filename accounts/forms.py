"""
The sign-in and password forms: Django's own, refusing unreadable text like every form of the
site, and the reset form handing its email to the task worker (accounts.tasks).
"""

import logging

from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django_tasks_db.models import DBTaskResult

from accounts.tasks import send_password_reset_email
from core.forms import CleanTextFormMixin
from core.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)


class SignInForm(CleanTextFormMixin, AuthenticationForm):
    pass


class SiteSetPasswordForm(CleanTextFormMixin, SetPasswordForm):
    pass


# The most password reset emails that may wait to be sent (a flood past the per-address and
# per-client limits of accounts.password_reset, from many clients, stops here).
RESET_EMAILS_WAITING = 100


def reset_emails_waiting() -> int:
    """The reset emails queued and not yet sent (one query)."""
    return DBTaskResult.objects.ready().filter(task_path=send_password_reset_email.module_path).count()


class SitePasswordResetForm(CleanTextFormMixin, PasswordResetForm):
    """Asks for the reset email to be sent by the task worker (see core.tasks)."""

    def save(self, *, request, use_https=False, **_options):
        """
        Hand the address over, account or not: the task looks the account up and sends the email.
        At most RESET_EMAILS_WAITING emails wait in the queue; past that one is dropped and logged.
        """
        email = self.cleaned_data["email"]
        if reset_emails_waiting() >= RESET_EMAILS_WAITING:
            logger.warning("Password reset queue full: %d emails waiting, this one dropped", RESET_EMAILS_WAITING)
            return
        enqueue_on_commit(send_password_reset_email, email, domain=request.get_host(), use_https=use_https)
