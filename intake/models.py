"""
Patient intakes: the answers staff record, the stored triage result, the
suspected causes in rank order, the referral record, and who viewed each intake.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from causes.models import Cause, Clue
from intake import triage


class Side(models.TextChoices):
    LEFT = "left", _("Left")
    RIGHT = "right", _("Right")
    BOTH = "both", _("Both")


class Onset(models.TextChoices):
    SUDDEN = "sudden", _("Sudden (minutes to hours)")
    DAYS = "days", _("Over days")
    GRADUAL = "gradual", _("Gradual (weeks to months)")
    LIFELONG = "lifelong", _("Lifelong or since childhood")
    UNKNOWN = "unknown", _("Not known")


class Course(models.TextChoices):
    IMPROVING = "improving", _("Improving")
    STABLE = "stable", _("Stable")
    WORSENING = "worsening", _("Worsening")


class Reflex(models.TextChoices):
    NORMAL = "normal", _("Normal")
    REDUCED = "reduced", _("Reduced")
    ABSENT = "absent", _("Absent")
    BRISK = "brisk", _("Brisk")
    NOT_TESTED = "not_tested", _("Not tested")


class Babinski(models.TextChoices):
    PRESENT = "present", _("Present (toe goes up)")
    ABSENT = "absent", _("Absent")
    NOT_TESTED = "not_tested", _("Not tested")


class SensoryLoss(models.TextChoices):
    NONE = "none", _("None")
    FIRST_WEB_SPACE = "first_web_space", _("First web space only")
    DORSUM_FOOT = "dorsum_foot", _("Top of the foot")
    LATERAL_CALF_AND_DORSUM = "lateral_calf_and_dorsum", _("Outer calf and top of the foot")
    SOLE = "sole", _("Sole of the foot")
    STOCKING = "stocking", _("Stocking pattern, both feet")
    NOT_TESTED = "not_tested", _("Not tested")


class Tinel(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_TESTED = "not_tested", _("Not tested")


class Disposition(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency")
    URGENT = "urgent", _("Urgent")
    ROUTINE = "routine", _("Routine")


class LesionLevel(models.TextChoices):
    CENTRAL = "central", _("Brain or spinal cord (central)")
    SPINAL_CORD = "spinal_cord", _("Spinal cord")
    NERVE_ROOT = "nerve_root", _("Nerve root (L5)")
    PLEXUS = "plexus", _("Lumbosacral plexus")
    SCIATIC = "sciatic", _("Sciatic nerve")
    PERONEAL = "peroneal", _("Common peroneal nerve")
    POLYNEUROPATHY = "polyneuropathy", _("Peripheral nerves (polyneuropathy)")
    MUSCLE = "muscle", _("Muscle")
    UNKNOWN = "unknown", _("Not yet localised")


def mrc_field(label):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(5)]
    )


def clue_field(clue: Clue):
    return models.BooleanField(clue.label, default=False)


# The muscles graded 0–5 on the MRC scale, as the triage engine reads them.
MRC_FIELDS = triage.MUSCLES
EXAMINATION_FIELDS = (*MRC_FIELDS, "ankle_reflex", "knee_reflex", "babinski", "sensory_loss", "fibular_tinel")
# Every answer staff record, in the form's order; the names are the triage engine's contract.
ANSWER_FIELDS = (
    "patient_name",
    "date_of_birth",
    "hospital_number",
    "side",
    "onset",
    "course",
    *triage.RED_FLAGS,
    *triage.HISTORY,
    *EXAMINATION_FIELDS,
    "notes",
)


class IntakeQuerySet(models.QuerySet):
    def emergencies_awaiting_referral_first(self):
        awaiting = Q(disposition=Disposition.EMERGENCY, referral_made_at__isnull=True)
        return self.annotate(
            awaiting_referral=Case(When(awaiting, then=Value(0)), default=Value(1)),
        ).order_by("awaiting_referral", "-created_at")

    def matching(self, query: str):
        return self.filter(Q(patient_name__icontains=query) | Q(hospital_number__iexact=query))


class Intake(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="intakes")
    created_at = models.DateTimeField(_("filed at"), auto_now_add=True, db_index=True)
    # One token per rendered form: a second submission of the same form finds the first intake.
    submission_token = models.UUIDField(unique=True, editable=False)

    patient_name = models.CharField(_("patient's name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"))
    hospital_number = models.CharField(_("hospital number"), max_length=30, blank=True)

    side = models.CharField(_("side affected"), max_length=10, choices=Side.choices)
    onset = models.CharField(_("onset"), max_length=10, choices=Onset.choices)
    course = models.CharField(_("course since onset"), max_length=10, choices=Course.choices, blank=True)

    stroke_signs = clue_field(Clue.STROKE_SIGNS)
    bladder_bowel = clue_field(Clue.BLADDER_BOWEL)
    saddle_numbness = clue_field(Clue.SADDLE_NUMBNESS)
    ascending_weakness = clue_field(Clue.ASCENDING_WEAKNESS)
    compartment_signs = clue_field(Clue.COMPARTMENT_SIGNS)
    spinal_trauma = clue_field(Clue.SPINAL_TRAUMA)
    fever_back_pain = clue_field(Clue.FEVER_BACK_PAIN)
    cancer_back_pain = clue_field(Clue.CANCER_BACK_PAIN)

    back_pain_radiating = clue_field(Clue.BACK_PAIN_RADIATING)
    knee_surgery_or_injury = clue_field(Clue.KNEE_SURGERY_OR_INJURY)
    hip_surgery_or_injection = clue_field(Clue.HIP_SURGERY_OR_INJECTION)
    leg_crossing_or_squatting = clue_field(Clue.LEG_CROSSING_OR_SQUATTING)
    recent_weight_loss = clue_field(Clue.RECENT_WEIGHT_LOSS)
    cast_or_tight_brace = clue_field(Clue.CAST_OR_TIGHT_BRACE)
    diabetes = clue_field(Clue.DIABETES)
    known_ms = clue_field(Clue.KNOWN_MS)
    known_parkinsons = clue_field(Clue.KNOWN_PARKINSONS)
    previous_stroke = clue_field(Clue.PREVIOUS_STROKE)
    family_history = clue_field(Clue.FAMILY_HISTORY)
    high_arches = clue_field(Clue.HIGH_ARCHES)

    dorsiflexion_mrc = mrc_field(_("ankle dorsiflexion (MRC)"))
    eversion_mrc = mrc_field(_("ankle eversion (MRC)"))
    inversion_mrc = mrc_field(_("ankle inversion (MRC)"))
    hip_abduction_mrc = mrc_field(_("hip abduction (MRC)"))
    knee_flexion_mrc = mrc_field(_("knee flexion (MRC)"))
    plantarflexion_mrc = mrc_field(_("ankle plantarflexion (MRC)"))
    ankle_reflex = models.CharField(_("ankle reflex"), max_length=12, choices=Reflex.choices, blank=True)
    knee_reflex = models.CharField(_("knee reflex"), max_length=12, choices=Reflex.choices, blank=True)
    babinski = models.CharField(_("Babinski sign"), max_length=12, choices=Babinski.choices, blank=True)
    sensory_loss = models.CharField(_("sensory loss"), max_length=30, choices=SensoryLoss.choices, blank=True)
    fibular_tinel = models.CharField(
        _("Tinel sign at the fibular head"), max_length=12, choices=Tinel.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    # The triage engine's result, stored as it was when the intake was filed.
    disposition = models.CharField(_("disposition"), max_length=10, choices=Disposition.choices)
    level = models.CharField(_("likely level"), max_length=20, choices=LesionLevel.choices)
    reasons = models.JSONField(_("reasons"), default=list)
    referrals = models.JSONField(_("where to refer"), default=list)
    rules_fired = models.JSONField(_("rules that fired"), default=list, blank=True)
    suspected_causes = models.ManyToManyField(Cause, through="SuspectedCause", related_name="+")

    referral_made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referral_made_at = models.DateTimeField(_("referral made at"), null=True, blank=True)
    referral_destination = models.CharField(_("referred to"), max_length=200, blank=True)
    referral_note = models.TextField(_("referral note"), blank=True)

    objects = IntakeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    side__in=Side.values,
                    onset__in=Onset.values,
                    disposition__in=Disposition.values,
                    level__in=LesionLevel.values,
                ),
                name="intake_categories_valid",
            ),
            # The safety rules, kept by the database too: sudden onset and every red flag are emergencies.
            models.CheckConstraint(
                condition=Q(disposition=Disposition.EMERGENCY)
                | Q(
                    ~Q(onset=Onset.SUDDEN),
                    stroke_signs=False,
                    bladder_bowel=False,
                    saddle_numbness=False,
                    ascending_weakness=False,
                    compartment_signs=False,
                    spinal_trauma=False,
                    fever_back_pain=False,
                    cancer_back_pain=False,
                ),
                name="intake_red_flags_are_emergencies",
            ),
            models.CheckConstraint(
                condition=~Q(disposition=Disposition.ROUTINE) | Q(~Q(onset=Onset.UNKNOWN), ~Q(course=Course.WORSENING)),
                name="intake_unknown_or_worsening_never_routine",
            ),
            models.CheckConstraint(
                condition=Q(referral_made_at__isnull=True, referral_made_by__isnull=True)
                | Q(referral_made_at__isnull=False, referral_made_by__isnull=False),
                name="intake_referral_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=Q(*(Q(**{f"{name}__lte": 5}) | Q(**{f"{name}__isnull": True}) for name in MRC_FIELDS)),
                name="intake_mrc_grades_0_to_5",
            ),
        ]
        permissions = [("record_referral", "Can record that a referral was made")]

    def __str__(self):
        # Never the patient's name: this string reaches admin logs and messages.
        return f"Intake {str(self.id)[:8]} ({self.get_disposition_display()})"

    def get_absolute_url(self):
        return reverse("intake:detail", kwargs={"pk": self.pk})

    def get_referral_url(self):
        return reverse("intake:referral", kwargs={"pk": self.pk})

    @property
    def is_emergency(self) -> bool:
        return self.disposition == Disposition.EMERGENCY

    @property
    def referral_recorded(self) -> bool:
        return self.referral_made_at is not None

    def ranked_causes(self):
        return [suspicion.cause for suspicion in self.suspicions.select_related("cause").order_by("rank")]


class SuspectedCause(models.Model):
    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="suspicions")
    # PROTECT: an intake's record of what was suspected must outlive any edit to the encyclopedia.
    cause = models.ForeignKey(Cause, on_delete=models.PROTECT, related_name="suspicions")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["intake", "rank"], name="suspected_cause_rank_unique"),
            models.UniqueConstraint(fields=["intake", "cause"], name="suspected_cause_once"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.cause}"


class IntakeAccess(models.Model):
    """One line of the access log: who looked at which intake, which page, and when."""

    class Page(models.TextChoices):
        SUMMARY = "summary", _("Summary")
        REFERRAL = "referral", _("Referral page")
        FHIR = "fhir", _("FHIR download")

    intake = models.ForeignKey(Intake, on_delete=models.PROTECT, related_name="accesses")
    viewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    viewed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    page = models.CharField(max_length=10, choices=Page.choices)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = _("intake access")
        verbose_name_plural = _("intake access log")

    def __str__(self):
        return f"{self.viewed_by} viewed {self.intake} ({self.page}) at {self.viewed_at:%Y-%m-%d %H:%M}"


class Diagnosis(models.TextChoices):
    """What was confirmed at follow-up."""

    CAUSE = "cause", _("A cause in the encyclopedia")
    OTHER = "other", _("Another diagnosis")
    NOT_YET_KNOWN = "not_yet_known", _("Not yet known")


class Outcome(models.Model):
    """The diagnosis confirmed at follow-up: what the clinical audit measures the triage engine against."""

    intake = models.OneToOneField(Intake, on_delete=models.CASCADE, related_name="outcome")
    diagnosis = models.CharField(_("confirmed diagnosis"), max_length=15, choices=Diagnosis.choices)
    cause = models.ForeignKey(
        Cause, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("cause")
    )
    other_diagnosis = models.CharField(_("other diagnosis"), max_length=200, blank=True)
    confirmed_on = models.DateField(_("date confirmed"), null=True, blank=True)
    confirmed_by = models.CharField(_("confirmed by"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outcome")
        constraints = [
            models.CheckConstraint(
                condition=Q(diagnosis=Diagnosis.CAUSE, cause__isnull=False, other_diagnosis="")
                | Q(diagnosis=Diagnosis.OTHER, cause__isnull=True, other_diagnosis__gt="")
                | Q(
                    diagnosis=Diagnosis.NOT_YET_KNOWN, cause__isnull=True, other_diagnosis="", confirmed_on__isnull=True
                ),
                name="outcome_diagnosis_consistent",
            ),
            models.CheckConstraint(
                condition=Q(diagnosis=Diagnosis.NOT_YET_KNOWN) | Q(confirmed_on__isnull=False, confirmed_by__gt=""),
                name="outcome_confirmed_has_date_and_who",
            ),
        ]
        permissions = [("view_audit", "Can see the clinical audit")]

    def __str__(self):
        return f"Outcome of {self.intake}: {self.get_diagnosis_display()}"

    @property
    def is_confirmed(self) -> bool:
        return self.diagnosis != Diagnosis.NOT_YET_KNOWN
