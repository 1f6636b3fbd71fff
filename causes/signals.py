"""
Any change to a cause, or to a reader question, clears every cached encyclopedia page; a
deleted cause, or one loaded from a backup, is brought up to date in search's index too.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from causes.cache import clear_encyclopedia_cache
from causes.models import Cause, Question, QuestionStatus
from causes.search_index import update_search_index


@receiver(post_save, sender=Cause, dispatch_uid="cause_saved_clears_cache")
@receiver(post_delete, sender=Cause, dispatch_uid="cause_deleted_clears_cache")
def cause_changed(sender, instance, raw=False, signal=None, **kwargs):
    # Cause.save() indexes the cause itself; a deletion, and a raw save by loaddata, do not.
    if raw or signal is post_delete:
        update_search_index([instance.pk])
    clear_encyclopedia_cache()


@receiver(post_save, sender=Question, dispatch_uid="question_saved_clears_cache")
@receiver(post_delete, sender=Question, dispatch_uid="question_deleted_clears_cache")
def question_changed(sender, instance, created=False, **kwargs):
    # A new question is held for moderation and shown nowhere, so the pages are still
    # right; clearing them here would let anonymous posters empty the cache at will.
    if created and instance.status == QuestionStatus.PENDING:
        return
    clear_encyclopedia_cache()
