"""
The task queue's state at a glance, for whoever runs the site: how many tasks wait to run now,
wait for a later time (escalations, retries), run, succeeded and failed, and the latest failures.
The admin's "Task results" page (superusers) shows each task with its traceback.
"""

from django.core.management.base import BaseCommand
from django.db.models import Count, Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

LATEST_FAILURES = 5


class Command(BaseCommand):
    help = "Show the task queue's state: waiting, scheduled, running, succeeded, failed."

    def handle(self, *args, **options):
        now = timezone.now()
        ready = DBTaskResult.objects.ready()
        counts = {
            "waiting to run now": ready.count(),
            "scheduled for later": DBTaskResult.objects.filter(status="READY").exclude(pk__in=ready).count(),
            **{
                status.lower(): count
                for status, count in DBTaskResult.objects.exclude(status="READY")
                .values_list("status")
                .annotate(Count("pk"))
            },
        }
        for name, count in counts.items():
            self.stdout.write(f"{name:20} {count}")
        oldest_waiting = ready.aggregate(oldest=Min("enqueued_at"))["oldest"]
        if oldest_waiting:
            self.stdout.write(f"oldest waiting task enqueued {int((now - oldest_waiting).total_seconds())} s ago")
        for failed in DBTaskResult.objects.failed().order_by("-finished_at")[:LATEST_FAILURES]:
            when = timezone.localtime(failed.finished_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(f"failed {when} {failed.task_name}: {failed.exception_class_path}")
