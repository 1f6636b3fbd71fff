"""Any change to a cause clears every cached encyclopedia page."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from causes.cache import clear_encyclopedia_cache
from causes.models import Cause


@receiver(post_save, sender=Cause, dispatch_uid="cause_saved_clears_cache")
@receiver(post_delete, sender=Cause, dispatch_uid="cause_deleted_clears_cache")
def cause_changed(sender, **kwargs):
    clear_encyclopedia_cache()
