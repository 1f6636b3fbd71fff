"""
Patient intakes: the answers staff record, the stored triage result, the
suspected causes in rank order, the referral record, and who viewed each intake.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

import clinic
from causes.models import Cause
from clinic.clock import StrokeClock

# The oldest age the intake accepts, known or estimated.
MAX_AGE_YEARS = 120


def vocabulary_choices(name: str, labels: dict[str, str]) -> type[models.TextChoices]:
    """TextChoices built from one of the triage engine's vocabularies (the engine owns the codes and words)."""
    return models.TextChoices(name, [(code.upper(), (code, _(label))) for code, label in labels.items()])


Side = vocabulary_choices("Side", clinic.CHOICE_LABELS["side"])
Onset = vocabulary_choices("Onset", clinic.CHOICE_LABELS["onset"])
Course = vocabulary_choices("Course", clinic.CHOICE_LABELS["course"])
Reflex = vocabulary_choices("Reflex", clinic.CHOICE_LABELS["ankle_reflex"])
Babinski = vocabulary_choices("Babinski", clinic.CHOICE_LABELS["babinski"])
SensoryLoss = vocabulary_choices("SensoryLoss", clinic.CHOICE_LABELS["sensory_loss"])
YesNoNotTested = vocabulary_choices("YesNoNotTested", clinic.CHOICE_LABELS["fibular_tinel"])
Disposition = vocabulary_choices("Disposition", clinic.DISPOSITION_LABELS)
LesionLevel = vocabulary_choices("LesionLevel", clinic.LEVEL_LABELS)


def mrc_field(label):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(5)]
    )


def history_field(name: str):
    return models.BooleanField(_(clinic.QUESTIONS[name].label), default=False)


def red_flag_field(name: str):
    """Yes, no or not asked (NULL): a red flag nobody asked about is never stored as "no"."""
    return models.BooleanField(_(clinic.QUESTIONS[name].label), null=True, blank=True, default=None)


def finding_field(name: str):
    return models.CharField(_(clinic.QUESTIONS[name].label), max_length=12, choices=YesNoNotTested.choices, blank=True)


# The muscles graded 0–5 on the MRC scale, as the triage engine reads them.
MRC_FIELDS = clinic.MUSCLES
EXAMINATION_FIELDS = clinic.EXAMINATION
# Every answer staff record, in the form's order; the names are the triage engine's contract.
ANSWER_FIELDS = (
    "patient_name",
    "date_of_birth",
    "estimated_age",
    "hospital_number",
    "side",
    "onset",
    "course",
    "last_known_well",
    *clinic.RED_FLAGS,
    *clinic.HISTORY,
    *EXAMINATION_FIELDS,
    "notes",
)


class IntakeQuerySet(models.QuerySet):
    def emergencies_awaiting_referral_first(self):
        awaiting = Q(disposition=Disposition.EMERGENCY, referral_made_at__isnull=True)
        return self.annotate(
            awaiting_referral=Case(When(awaiting, then=Value(0)), default=Value(1)),
        ).order_by("awaiting_referral", "-created_at")

    def referral_overdue(self, *, now):
        """
        Emergencies with no referral recorded past the escalation window, longest waiting first:
        escalated by the worker, or due to be (the banner does not wait for a worker that is down).
        """
        due = now - timedelta(minutes=settings.REFERRAL_ESCALATION_MINUTES)
        return (
            self.filter(disposition=Disposition.EMERGENCY, referral_made_at__isnull=True)
            .filter(Q(escalated_at__isnull=False) | Q(created_at__lte=due))
            .order_by("created_at")
        )

    def matching(self, query: str):
        return self.filter(Q(patient_name__icontains=query) | Q(hospital_number__iexact=query))


class Intake(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="intakes")
    created_at = models.DateTimeField(_("filed at"), auto_now_add=True, db_index=True)
    # One token per rendered form: a second submission of the same form, by the same person with the
    # same answers (a keyed hash of them), finds the first intake; anything else is another intake.
    submission_token = models.UUIDField(editable=False, db_index=True)
    answers_digest = models.CharField(max_length=64, editable=False, default="")

    patient_name = models.CharField(_("patient's name"), max_length=200)
    # In an emergency the date of birth may not be known yet: then an estimated age, never both.
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(
        _("estimated age in years"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE_YEARS)]
    )
    hospital_number = models.CharField(_("hospital number"), max_length=30, blank=True)

    side = models.CharField(_("side affected"), max_length=10, choices=Side.choices)
    onset = models.CharField(_("onset"), max_length=10, choices=Onset.choices)
    course = models.CharField(_("course since onset"), max_length=10, choices=Course.choices, blank=True)

    last_known_well = models.DateTimeField(
        _("last known well"),
        null=True,
        blank=True,
        help_text=_("When the patient was last known to be well, for any sudden onset: date and clock time."),
    )

    stroke_signs = red_flag_field("stroke_signs")
    bladder_bowel = red_flag_field("bladder_bowel")
    saddle_numbness = red_flag_field("saddle_numbness")
    ascending_weakness = red_flag_field("ascending_weakness")
    compartment_signs = red_flag_field("compartment_signs")
    spinal_trauma = red_flag_field("spinal_trauma")
    fever_back_pain = red_flag_field("fever_back_pain")
    cancer_back_pain = red_flag_field("cancer_back_pain")
    recent_leg_injury = red_flag_field("recent_leg_injury")
    anticoagulant_pain = red_flag_field("anticoagulant_pain")

    back_pain_radiating = history_field("back_pain_radiating")
    knee_surgery_or_injury = history_field("knee_surgery_or_injury")
    hip_surgery_or_injection = history_field("hip_surgery_or_injection")
    leg_crossing_or_squatting = history_field("leg_crossing_or_squatting")
    recent_weight_loss = history_field("recent_weight_loss")
    cast_or_tight_brace = history_field("cast_or_tight_brace")
    diabetes = history_field("diabetes")
    known_ms = history_field("known_ms")
    known_parkinsons = history_field("known_parkinsons")
    previous_stroke = history_field("previous_stroke")
    family_history = history_field("family_history")
    high_arches = history_field("high_arches")
    headache_or_seizure = history_field("headache_or_seizure")
    spinal_procedure = history_field("spinal_procedure")

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
    sensory_level = finding_field("sensory_level")
    fasciculations = finding_field("fasciculations")
    fibular_tinel = models.CharField(
        _("Tinel sign at the fibular head"), max_length=12, choices=YesNoNotTested.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    # The triage engine's result, stored as it was when the intake was filed.
    disposition = models.CharField(_("disposition"), max_length=10, choices=Disposition.choices)
    level = models.CharField(_("likely level"), max_length=20, choices=LesionLevel.choices)
    reasons = models.JSONField(_("reasons"), default=list)
    referrals = models.JSONField(_("where to refer"), default=list)
    rules_fired = models.JSONField(_("rules that fired"), default=list, blank=True)
    # The blanks whose answer would change the disposition, with what each answer would make it.
    decisive = models.JSONField(_("decisive questions"), default=list, blank=True)
    suspected_causes = models.ManyToManyField(Cause, through="SuspectedCause", related_name="+")

    referral_made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referral_made_at = models.DateTimeField(_("referral made at"), null=True, blank=True)
    referral_destination = models.CharField(_("referred to"), max_length=200, blank=True)
    referral_note = models.TextField(_("referral note"), blank=True)
    # The on-call escalation (intake.tasks): a worker claims it before sending, then marks it sent.
    escalation_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    escalated_at = models.DateTimeField(_("referral overdue: escalated at"), null=True, blank=True, editable=False)

    objects = IntakeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_token", "created_by", "answers_digest"], name="intake_one_per_submission"
            ),
            models.CheckConstraint(
                condition=Q(
                    side__in=Side.values,
                    onset__in=Onset.values,
                    disposition__in=Disposition.values,
                    level__in=LesionLevel.values,
                ),
                name="intake_categories_valid",
            ),
            # The safety rules, kept by the database too: every red flag answered yes is an emergency (a red
            # flag not asked is NULL, and "~Q(flag=True)" lets NULL through); so is a sudden or on-waking onset,
            # unless the clock was recorded and the course is stable or improving (the engine then needs the
            # clock more than 7 days old, rule 12: the database keeps the part it can check without a clock).
            models.CheckConstraint(
                condition=Q(disposition=Disposition.EMERGENCY)
                | Q(
                    ~Q(onset__in=clinic.SUDDEN_ONSETS)
                    | Q(last_known_well__isnull=False, course__in=[Course.STABLE, Course.IMPROVING]),
                    *(~Q(**{flag: True}) for flag in clinic.RED_FLAGS),
                ),
                name="intake_red_flags_and_sudden_onset_are_emergencies",
            ),
            # An unknown onset is never routine; nor is a worsening course, except slow change over years in a
            # lifelong hereditary neuropathy (rule 18). Onset over days can be routine: a compressive peroneal
            # palsy (rule 16).
            models.CheckConstraint(
                condition=~Q(disposition=Disposition.ROUTINE)
                | Q(~Q(onset__in=clinic.NEVER_ROUTINE_ONSETS), ~Q(course=Course.WORSENING) | Q(onset=Onset.LIFELONG)),
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
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=False, estimated_age__isnull=True)
                | Q(date_of_birth__isnull=True, estimated_age__isnull=False, estimated_age__lte=MAX_AGE_YEARS),
                name="intake_date_of_birth_or_estimated_age",
                violation_error_message=_("Give either the date of birth or, when it is not known, an estimated age."),
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
    def age(self) -> int:
        """Age in whole years today, from the date of birth; else the age estimated when the intake was filed."""
        if self.date_of_birth is None:
            return self.estimated_age
        today = timezone.localdate()
        born = self.date_of_birth
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    @property
    def referral_recorded(self) -> bool:
        return self.referral_made_at is not None

    def referral_places(self) -> list[str]:
        """Where the pathways send the patient, in a few words each, once each: the one-click referral choices."""
        places = (referral.get("place") or referral["destination"] for referral in self.referrals)
        return list(dict.fromkeys(places))

    def red_flags_answered(self) -> dict[str, list[str]]:
        """The red flags' labels by answer: "yes", "no" and "not_asked" (stored as NULL)."""
        answered: dict[str, list[str]] = {"yes": [], "no": [], "not_asked": []}
        for name in clinic.RED_FLAGS:
            value = getattr(self, name)
            key = "not_asked" if value is None else "yes" if value else "no"
            answered[key].append(self._meta.get_field(name).verbose_name)
        return answered

    def red_flag_rows(self) -> list[tuple[str, str]]:
        """(label, answer) for every red flag, answered yes first, then not asked, then no: most to do first."""
        answered = self.red_flags_answered()
        return [(label, answer) for answer in ("yes", "not_asked", "no") for label in answered[answer]]

    @property
    def first_action_calls_999(self) -> bool:
        """Whether the one thing to do now is a 999 call (a record without steps falls back to one)."""
        return not self.referrals or "999" in self.referrals[0]["destination"]

    def handover(self) -> dict[str, list[str]]:
        """What to tell the receiving team: each suspicion once, and the scans to ask for."""
        steps = self.referrals[1:] if len(self.referrals) > 1 else self.referrals
        scans = (step.get("scan") for step in steps)
        return {"suspects": [step["suspect"] for step in steps], "scans": list(dict.fromkeys(filter(None, scans)))}

    def history_ticked(self) -> list[str]:
        """The labels of the history answers ticked, in the form's order."""
        return [self._meta.get_field(name).verbose_name for name in clinic.HISTORY if getattr(self, name)]

    @property
    def has_stroke_pathway(self) -> bool:
        return any(referral.get("suspect") == clinic.STROKE_PATHWAY.suspect for referral in self.referrals)

    @property
    def too_little_to_rank(self) -> bool:
        return "too_little_information" in self.rules_fired

    def stroke_clock_facts(self, now=None) -> StrokeClock:
        """The stroke clock's facts as of now, in the site's time zone: the page and its words share them."""
        return StrokeClock(self.last_known_well, timezone.localtime(now or timezone.now()))

    def stroke_clock(self, now=None) -> str:
        """The time since last known well against the stroke windows, as of now, in one sentence."""
        return self.stroke_clock_facts(now).words()

    @property
    def decisive_questions(self) -> list[dict]:
        """The stored decisive questions, each answer with its disposition in words and whether it is today's."""
        labels = dict(Disposition.choices)
        return [
            question
            | {
                "options": [
                    option
                    | {
                        "disposition_label": labels[option["disposition"]],
                        "as_now": option["disposition"] == self.disposition,
                    }
                    for option in question["options"]
                ]
            }
            for question in self.decisive
        ]

    def answers(self) -> dict:
        """The answers as the triage engine reads them, by the form's field names."""
        return {name: getattr(self, name) for name in ANSWER_FIELDS}

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
        ADMIN = "admin", _("Admin: intake page")
        ADMIN_LIST = "admin_list", _("Admin: intake list")
        ADMIN_SEARCH = "search", _("Admin: search results")
        FHIR = "fhir", _("FHIR download")
        LIST = "list", _("Intake list")
        LIST_SEARCH = "list_search", _("Intake list: search results")
        OUTCOME = "outcome", _("Outcome page")
        ANSWER = "answer", _("Decisive question answered")

    intake = models.ForeignKey(Intake, on_delete=models.PROTECT, related_name="accesses")
    viewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    viewed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    page = models.CharField(max_length=20, choices=Page.choices)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = _("intake access")
        verbose_name_plural = _("intake access log")

    def __str__(self):
        return f"{self.viewed_by} viewed {self.intake} ({self.page}) at {self.viewed_at:%Y-%m-%d %H:%M}"


class AuditExport(models.Model):
    """
    One audit export, for the access log: who, which period, how many rows. While it runs it holds
    one of a few slots (`slot`, and `user_slot` among its user's), so that only a few exports run
    at once; the unique constraints make taking a slot atomic on every database.
    """

    exported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    started_at = models.DateTimeField(_("started at"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows exported"), null=True, blank=True)
    slot = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    user_slot = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("audit export")
        verbose_name_plural = _("audit export log")
        constraints = [
            # NULL (a finished export) never clashes: only running exports hold slots.
            models.UniqueConstraint(fields=["slot"], name="audit_export_slot_once"),
            models.UniqueConstraint(fields=["exported_by", "user_slot"], name="audit_export_user_slot_once"),
        ]

    def __str__(self):
        return (
            f"{self.exported_by} exported {self.period_start} to {self.period_end} at {self.started_at:%Y-%m-%d %H:%M}"
        )


class Reassessment(models.Model):
    """
    A decisive question answered after filing: the answer, who gave it and when, and the assessment
    it replaced (the intake itself holds the new one). An intake's reassessments are its history.
    """

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="reassessments")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    field = models.CharField(_("question"), max_length=40)
    answer = models.CharField(_("answer"), max_length=20)
    answer_label = models.CharField(_("answer in words"), max_length=100)
    question = models.CharField(_("question in words"), max_length=200)
    disposition_before = models.CharField(_("disposition before"), max_length=10, choices=Disposition.choices)
    level_before = models.CharField(_("level before"), max_length=20, choices=LesionLevel.choices)
    reasons_before = models.JSONField(_("reasons before"), default=list)
    rules_fired_before = models.JSONField(_("rules that fired before"), default=list)
    disposition_after = models.CharField(_("disposition after"), max_length=10, choices=Disposition.choices)

    class Meta:
        ordering = ["answered_at", "pk"]
        verbose_name = _("reassessment")

    def __str__(self):
        return f"{self.intake} re-assessed after {self.field}: {self.disposition_before} -> {self.disposition_after}"

    @property
    def changed_disposition(self) -> bool:
        return self.disposition_before != self.disposition_after


class Diagnosis(models.TextChoices):
    """What was confirmed at follow-up."""

    CAUSE = "cause", _("A cause described on this site")
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


class KeptAnswers(models.Model):
    """
    An intake's answers sent after its author's session ended, waiting for that person to sign in
    again: encrypted with a key that only the sign-in page's reference holds, kept for minutes,
    handed back once (`intake.kept_answers`).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # A Fernet token: the answers, encrypted and authenticated; the key is not stored here.
    encrypted_answers = models.TextField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("answers kept through signing in")
        verbose_name_plural = _("answers kept through signing in")

    def __str__(self):
        return f"Answers kept {str(self.id)[:8]} until {self.expires_at:%H:%M}"
