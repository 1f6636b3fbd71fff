"""
The password reset email, sent by the task worker: the reset page enqueues it whether or not the
address has an account, so the answer costs the same either way and does not tell who has one.
"""

from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string

from core.tasks import MAIL_ERRORS, retry_later


class ResetEmailForm(PasswordResetForm):
    """Django's reset email, except that a mail server error reaches the task (Django's form only logs it)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **templates):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if templates.get("html_email_template_name"):
            message.attach_alternative(render_to_string(templates["html_email_template_name"], context), "text/html")
        message.send()


@task
def send_password_reset_email(email: str, *, domain: str, use_https: bool, attempt: int = 1) -> None:
    """Django's own reset email (its templates, tokens and account lookup), for an address that may have no account."""
    form = ResetEmailForm({"email": email})
    if not form.is_valid():
        return
    try:
        form.save(domain_override=domain, use_https=use_https)
    except MAIL_ERRORS:
        retry_later(send_password_reset_email, email, domain=domain, use_https=use_https, attempt=attempt)
        raise
