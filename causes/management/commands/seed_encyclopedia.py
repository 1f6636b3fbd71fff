from django.core.management.base import BaseCommand

from causes.seed import seed_encyclopedia


class Command(BaseCommand):
    help = "Load the encyclopedia's starting content; never overwrites an entry an editor has changed."

    def handle(self, *args, **options):
        report = seed_encyclopedia()
        self.stdout.write(
            f"Encyclopedia seeded: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.kept_editor_changes)} kept as edited."
        )
        for slug in report.kept_editor_changes:
            self.stdout.write(f"  kept the editor's version of {slug}")
        for slug in report.drafts_kept:
            self.stdout.write(f"  updated {slug}; an editor's open draft of it is kept, not overwritten")
