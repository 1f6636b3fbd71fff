"""
Demo data for a newcomer: a few weeks of invented intakes, referrals and outcomes, filed
through the same services as the pages use, so that the clinical audit shows real charts.

Development only: it refuses to run when DJANGO_DEBUG is off. Safe to run again: each
invented intake has a fixed submission token, so a second run files nothing twice.
"""

import datetime
import random
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError, call_command
from django.db import transaction
from django.utils import timezone

from causes.models import Cause
from intake.models import Diagnosis, Intake
from intake.services import intake_create, outcome_record, referral_record

DEMO_NAMESPACE = uuid.UUID("5b0c6a55-0d7e-4f4e-9a43-6f1d2f5e0c15")
DEMO_USERNAME = "demo-clinician"
# Invented presentations, each with the diagnosis later confirmed (a cause's slug, or None for another one).
SCENARIOS = [
    ({"onset": "sudden", "stroke_signs": True, "babinski": "present"}, "stroke"),
    ({"side": "both", "onset": "days", "bladder_bowel": True, "saddle_numbness": True}, "cauda-equina-syndrome"),
    (
        {"side": "both", "onset": "days", "course": "worsening", "ascending_weakness": True, "ankle_reflex": "absent"},
        "guillain-barre-syndrome",
    ),
    ({"onset": "days", "cancer_back_pain": True, "knee_reflex": "brisk"}, "spinal-cord-compression"),
    ({"onset": "days", "compartment_signs": True, "cast_or_tight_brace": True}, "compartment-syndrome"),
    (
        {"onset": "days", "course": "stable", "leg_crossing_or_squatting": True, "fibular_tinel": "yes"},
        "common-peroneal-neuropathy",
    ),
    (
        {
            "onset": "days",
            "course": "improving",
            "back_pain_radiating": True,
            "inversion_mrc": 3,
            "hip_abduction_mrc": 4,
        },
        "l5-radiculopathy",
    ),
    (
        {"side": "both", "onset": "gradual", "course": "stable", "diabetes": True, "sensory_loss": "stocking"},
        "diabetic-neuropathy",
    ),
    ({"onset": "gradual", "course": "stable", "hip_surgery_or_injection": True, "knee_flexion_mrc": 3}, None),
]
FIRST_NAMES = ["Ada", "Ben", "Cleo", "Dev", "Edna", "Femi", "Gus", "Hana", "Ivo", "Jun", "Kit", "Lola"]
LAST_NAMES = ["Example", "Sample", "Placeholder", "Testcase", "Madeup", "Fictional"]


class Command(BaseCommand):
    help = "File a few weeks of invented intakes, referrals and outcomes (development only; safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--weeks", type=int, default=8, help="How many weeks back (default 8).")
        parser.add_argument("--per-week", type=int, default=6, help="Intakes per week (default 6).")

    def handle(self, *args, weeks, per_week, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for development only: this site runs with DJANGO_DEBUG off.")
        if weeks < 1 or per_week < 1:
            raise CommandError("--weeks and --per-week must be 1 or more.")
        call_command("seed_encyclopedia", verbosity=0, stdout=self.stdout)
        clinician = self.demo_clinician()
        causes = {cause.slug: cause for cause in Cause.objects.published()}
        now = timezone.now()
        filed = 0
        for number in range(weeks * per_week):
            filed += self.file_one(number, now - datetime.timedelta(weeks=weeks), per_week, clinician, causes)
        self.stdout.write(f"Filed {filed} demo intakes ({weeks * per_week - filed} were there already).")

    def demo_clinician(self):
        user, created = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"first_name": "Demo", "last_name": "Clinician"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user

    @transaction.atomic
    def file_one(self, number, start, per_week, clinician, causes) -> bool:
        chance = random.Random(number)  # noqa: S311 (invented data, not security)
        answers, confirmed = SCENARIOS[chance.randrange(len(SCENARIOS))]
        answers = {
            "patient_name": f"{chance.choice(FIRST_NAMES)} {chance.choice(LAST_NAMES)} (demo)",
            "date_of_birth": datetime.date(chance.randint(1940, 2000), chance.randint(1, 12), chance.randint(1, 28)),
            "side": chance.choice(["left", "right"]),
            **answers,
        }
        token = uuid.uuid5(DEMO_NAMESPACE, f"demo-intake-{number}")
        intake, created = intake_create(answers=answers, user=clinician, submission_token=token)
        if not created:
            return False
        filed_at = start + datetime.timedelta(days=7 * (number // per_week) + chance.uniform(0, 7))
        filed_at = min(filed_at, timezone.now() - datetime.timedelta(minutes=30))
        Intake.objects.filter(pk=intake.pk).update(created_at=filed_at)  # invented history: backdated
        if intake.is_emergency and chance.random() > 0.05:
            referral_record(intake=intake, user=clinician, destination="Emergency department (demo)")
            wait = datetime.timedelta(minutes=chance.lognormvariate(3.3, 0.6))
            Intake.objects.filter(pk=intake.pk).update(referral_made_at=filed_at + wait)
        self.record_outcome(intake, filed_at, confirmed, clinician, causes, chance)
        return True

    def record_outcome(self, intake, filed_at, confirmed, clinician, causes, chance) -> None:
        roll = chance.random()
        if roll < 0.15:
            return  # no follow-up yet
        confirmed_on = min(
            timezone.localdate(filed_at) + datetime.timedelta(days=chance.randint(1, 21)), timezone.localdate()
        )
        common = {
            "intake": intake,
            "user": clinician,
            "confirmed_on": confirmed_on,
            "confirmed_by": "Dr Demo, neurology",
        }
        if roll < 0.25:
            outcome_record(intake=intake, user=clinician, diagnosis=Diagnosis.NOT_YET_KNOWN)
        elif confirmed is None or confirmed not in causes:
            outcome_record(**common, diagnosis=Diagnosis.OTHER, other_diagnosis="Hip replacement nerve injury (demo)")
        else:
            outcome_record(**common, diagnosis=Diagnosis.CAUSE, cause=causes[confirmed])
