"""
Red flags answered yes, no or not asked: the unticked boxes of earlier intakes become "not asked",
and the database keeps the revised safety rules.

Not atomic, so that the data step commits before the constraints are added (PostgreSQL refuses to
alter a table with row changes still pending in the same transaction).
"""

from django.db import migrations, models

# The red flags that existed before this migration: an unticked box never meant "asked: no".
OLD_RED_FLAGS = (
    "stroke_signs",
    "bladder_bowel",
    "saddle_numbness",
    "ascending_weakness",
    "compartment_signs",
    "spinal_trauma",
    "fever_back_pain",
    "cancer_back_pain",
)
DAYS_ONSET_REASON = (
    "Raised from routine to urgent when the triage rules were revised: a foot drop that came on over days "
    "is at least urgent (seen within 24 hours)."
)


def unticked_red_flags_were_not_asked(apps, schema_editor):
    Intake = apps.get_model("intake", "Intake")
    for flag in OLD_RED_FLAGS:
        Intake.objects.filter(**{flag: False}).update(**{flag: None})
    # The revised rules make onset over days never routine; the new constraint needs the old rows to agree.
    for intake in Intake.objects.filter(disposition="routine", onset="days").only("reasons"):
        intake.disposition = "urgent"
        intake.reasons = [*intake.reasons, DAYS_ONSET_REASON]
        intake.save(update_fields=["disposition", "reasons"])


def not_asked_back_to_unticked(apps, schema_editor):
    Intake = apps.get_model("intake", "Intake")
    for flag in OLD_RED_FLAGS:
        Intake.objects.filter(**{flag: None}).update(**{flag: False})


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("intake", "0003_red_flags_not_asked_last_known_well_rules_fired"),
    ]

    operations = [
        migrations.RunPython(unticked_red_flags_were_not_asked, not_asked_back_to_unticked),
        migrations.AddConstraint(
            model_name="intake",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("disposition", "emergency"),
                    models.Q(
                        models.Q(("onset", "sudden"), _negated=True),
                        models.Q(("stroke_signs", True), _negated=True),
                        models.Q(("bladder_bowel", True), _negated=True),
                        models.Q(("saddle_numbness", True), _negated=True),
                        models.Q(("ascending_weakness", True), _negated=True),
                        models.Q(("compartment_signs", True), _negated=True),
                        models.Q(("spinal_trauma", True), _negated=True),
                        models.Q(("fever_back_pain", True), _negated=True),
                        models.Q(("cancer_back_pain", True), _negated=True),
                        models.Q(("recent_leg_injury", True), _negated=True),
                        models.Q(("anticoagulant_pain", True), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="intake_red_flags_are_emergencies",
            ),
        ),
        migrations.AddConstraint(
            model_name="intake",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("disposition", "routine"), _negated=True),
                    models.Q(("onset__in", ("days", "unknown")), _negated=True),
                    _connector="OR",
                ),
                name="intake_days_or_unknown_onset_never_routine",
            ),
        ),
    ]
