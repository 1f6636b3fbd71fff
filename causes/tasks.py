"""Background work for the encyclopedia: telling editors a reader question is waiting."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext

from causes.models import Question
from core.staff_groups import CONTENT_EDITORS
from core.tasks import MAIL_ERRORS, retry_later


def moderator_emails() -> list[str]:
    """Active content editors and superusers with an email address."""
    moderators = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name=CONTENT_EDITORS) | Q(is_superuser=True))
        .exclude(email="")
    )
    return sorted(set(moderators.values_list("email", flat=True)))


@task
def notify_moderators_of_question(question_id: int, attempt: int = 1) -> int:
    """
    Email moderators a link to a new question. The email names the article only:
    never the reader's words or name, which stay on the site behind a sign-in.
    A mail server that is down gets the email again later (core.tasks.retry_later).
    """
    question = Question.objects.select_related("cause").filter(pk=question_id).first()
    recipients = moderator_emails()
    if question is None or not recipients:
        return 0
    admin_link = settings.SITE_URL.rstrip("/") + reverse("admin:causes_question_change", args=[question.pk])
    subject = gettext("A reader question on “%(cause)s” is waiting for moderation") % {"cause": question.cause.name}
    body = gettext(
        "A reader has asked a question under the article “%(cause)s”.\n\n"
        "It is not shown on the site until an editor approves it. Review it here:\n"
        "%(link)s\n\n"
        "The question itself is not in this email: read it in the admin after signing in.\n"
    ) % {"cause": question.cause.name, "link": admin_link}
    try:
        return send_mail(subject=subject, message=body, from_email=None, recipient_list=recipients)
    except MAIL_ERRORS:
        retry_later(notify_moderators_of_question, question_id, attempt=attempt)
        raise
