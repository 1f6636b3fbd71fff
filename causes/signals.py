"""Any change to a cause, or to a reader question, clears every cached encyclopedia page."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from causes.cache import clear_encyclopedia_cache
from causes.models import Cause, Question, QuestionStatus


@receiver(post_save, sender=Cause, dispatch_uid="cause_saved_clears_cache")
@receiver(post_delete, sender=Cause, dispatch_uid="cause_deleted_clears_cache")
def cause_changed(sender, **kwargs):
    clear_encyclopedia_cache()


@receiver(post_save, sender=Question, dispatch_uid="question_saved_clears_cache")
@receiver(post_delete, sender=Question, dispatch_uid="question_deleted_clears_cache")
def question_changed(sender, instance, created=False, **kwargs):
    # A new question is held for moderation and shown nowhere, so the pages are still
    # right; clearing them here would let anonymous posters empty the cache at will.
    if created and instance.status == QuestionStatus.PENDING:
        return
    clear_encyclopedia_cache()
