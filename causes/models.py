"""
The cause encyclopedia's data: one `Cause` per cause of foot drop, shared with the intake app,
and the reader questions asked under each article.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Level(models.TextChoices):
    """Where along the pathway from brain to muscle a cause strikes, top to bottom."""

    BRAIN = "brain", _("Brain")
    SPINAL_CORD = "spinal_cord", _("Spinal cord")
    NERVE_ROOT = "nerve_root", _("Nerve roots")
    PLEXUS = "plexus", _("Lumbosacral plexus")
    SCIATIC = "sciatic", _("Sciatic nerve")
    PERONEAL = "peroneal", _("Peroneal nerve")
    POLYNEUROPATHY = "polyneuropathy", _("Peripheral nerves of both legs (polyneuropathy)")
    MUSCLE = "muscle", _("Muscle")


class Onset(models.TextChoices):
    SUDDEN = "sudden", _("Sudden (minutes to hours)")
    DAYS = "days", _("Over days")
    GRADUAL = "gradual", _("Gradual (weeks to months)")
    LIFELONG = "lifelong", _("Lifelong or from childhood")


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency")
    URGENT = "urgent", _("Urgent")
    ROUTINE = "routine", _("Routine")


class Prevalence(models.TextChoices):
    """How often a cause is behind a new foot drop: breaks ties when ranking suspected causes."""

    COMMON = "common", _("Common")
    UNCOMMON = "uncommon", _("Uncommon")
    RARE = "rare", _("Rare")


class EmergencyAction(models.TextChoices):
    """What the emergency care card tells a reader to do: with stroke signs, only an ambulance will do."""

    CALL_999 = "call_999", _("Call 999")
    CALL_999_OR_AE = "call_999_or_ae", _("Call 999 or go to A&E")


class UsualSide(models.TextChoices):
    ONE = "one", _("One leg")
    BOTH = "both", _("Both legs")
    EITHER = "either", _("One or both legs")


class Clue(models.TextChoices):
    """
    Intake answers that point to a cause: the red-flag and history questions of the
    intake form, by their field names.
    """

    STROKE_SIGNS = "stroke_signs", _("Face, arm or speech signs, sudden loss of balance or vision")
    BLADDER_BOWEL = "bladder_bowel", _("New bladder or bowel trouble")
    SADDLE_NUMBNESS = "saddle_numbness", _("Numbness around the bottom or genitals (saddle area)")
    ASCENDING_WEAKNESS = "ascending_weakness", _("Weakness spreading up both legs, trouble breathing or swallowing")
    COMPARTMENT_SIGNS = "compartment_signs", _("Severe pain and tense swelling after a fracture, crush or cast")
    SPINAL_TRAUMA = "spinal_trauma", _("Injury to the spine")
    FEVER_BACK_PAIN = "fever_back_pain", _("Fever with back pain")
    CANCER_BACK_PAIN = "cancer_back_pain", _("Known cancer with new back pain")
    BACK_PAIN_RADIATING = "back_pain_radiating", _("Back pain spreading down the leg")
    KNEE_SURGERY_OR_INJURY = "knee_surgery_or_injury", _("Knee surgery or injury")
    HIP_SURGERY_OR_INJECTION = "hip_surgery_or_injection", _("Hip surgery or buttock injection")
    LEG_CROSSING_OR_SQUATTING = "leg_crossing_or_squatting", _("Habitual leg crossing, squatting or kneeling")
    RECENT_WEIGHT_LOSS = "recent_weight_loss", _("Recent weight loss")
    CAST_OR_TIGHT_BRACE = "cast_or_tight_brace", _("Plaster cast, tight brace or boots")
    DIABETES = "diabetes", _("Diabetes")
    KNOWN_MS = "known_ms", _("Known multiple sclerosis")
    KNOWN_PARKINSONS = "known_parkinsons", _("Known Parkinson's disease")
    PREVIOUS_STROKE = "previous_stroke", _("Previous stroke")
    FAMILY_HISTORY = "family_history", _("Family history of foot drop or nerve or muscle disease")
    HIGH_ARCHES = "high_arches", _("High arches or hammer toes")
    RECENT_LEG_INJURY = (
        "recent_leg_injury",
        _("Injury or operation on the hip, thigh, knee or lower leg in the last 72 hours"),
    )
    ANTICOAGULANT_PAIN = "anticoagulant_pain", _("On blood thinners, with sudden groin, thigh or back pain")
    HEADACHE_OR_SEIZURE = "headache_or_seizure", _("New headaches or seizures")


# The article's sections, in reading order: (field name, heading).
SECTIONS = (
    ("overview", _("What it is")),
    ("mechanism", _("How it causes foot drop")),
    ("symptoms", _("Symptoms and signs")),
    ("emergency", _("When it is an emergency")),
    ("diagnosis", _("How it is diagnosed")),
    ("treatment", _("Treatment")),
    ("outlook", _("Outlook and living with foot drop")),
)
# The article as an editor writes it: its sections, then its references.
ARTICLE_FIELDS = (*(field for field, _heading in SECTIONS), "references")

# Weighted full-text documents on PostgreSQL. The whole document (names above summary
# above body) decides what matches, through its GIN index; the small ranking document
# (names and summary only) is kept inline in the row, so ranking never reads the large one.
RANK_DOCUMENT = SearchVector("name", "also_known_as", weight="A", config="english") + SearchVector(
    "summary", weight="B", config="english"
)
SEARCH_DOCUMENT = RANK_DOCUMENT + SearchVector(*(field for field, _heading in SECTIONS), weight="C", config="english")

# How search orders equally good matches: the commoner cause, then emergencies, then by name.
# An index holds the published causes in this order, so that PostgreSQL can read matches
# that tie (those found only in an article's body) best first and stop early.
SEARCH_TIES = (
    models.Case(
        models.When(prevalence=Prevalence.COMMON, then=models.Value(0)),
        models.When(prevalence=Prevalence.UNCOMMON, then=models.Value(1)),
        default=models.Value(2),
        output_field=models.IntegerField(),
    ),
    models.Case(
        models.When(urgency=Urgency.EMERGENCY, then=models.Value(0)),
        default=models.Value(1),
        output_field=models.IntegerField(),
    ),
    models.F("name"),
)


class CauseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def update_search_index(self) -> None:
        """Bring the search index up to date for these causes (see causes.search_index)."""
        # Imported here: the index module reads this module's documents and model.
        from causes.search_index import update_search_index

        update_search_index(list(self.values_list("pk", flat=True)))


class Cause(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("Used in the page's address."))
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two plain sentences for lists and search engines.")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    onset = models.CharField(_("usual onset"), max_length=20, choices=Onset.choices)
    usual_side = models.CharField(_("usual side"), max_length=10, choices=UsualSide.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    prevalence = models.CharField(
        _("how common"),
        max_length=10,
        choices=Prevalence.choices,
        default=Prevalence.UNCOMMON,
        help_text=_("How often this cause is behind a new foot drop. Breaks ties when ranking suspected causes."),
    )
    also_known_as = models.CharField(
        _("also known as"),
        max_length=400,
        blank=True,
        help_text=_("Other names patients and doctors use, separated by commas, e.g. slipped disc, trapped nerve."),
    )
    risk_factors = models.JSONField(
        _("risk factors and clues"),
        default=list,
        blank=True,
        help_text=_("Intake answers that point to this cause."),
    )

    overview = models.TextField(_("what it is"), help_text=_("Markdown."))
    mechanism = models.TextField(_("how it causes foot drop"), blank=True, help_text=_("Markdown."))
    symptoms = models.TextField(_("symptoms and signs"), blank=True, help_text=_("Markdown."))
    emergency = models.TextField(_("when it is an emergency"), blank=True, help_text=_("Markdown."))
    diagnosis = models.TextField(_("how it is diagnosed"), blank=True, help_text=_("Markdown."))
    treatment = models.TextField(_("treatment"), blank=True, help_text=_("Markdown."))
    outlook = models.TextField(_("outlook and living with foot drop"), blank=True, help_text=_("Markdown."))
    references = models.TextField(_("references"), blank=True, help_text=_("Markdown list of sources."))

    # The three NHS-style care cards: one short bullet per line, each finishing "… if:".
    care_non_urgent = models.TextField(
        _("see a GP if"), blank=True, help_text=_("Non-urgent care card: one bullet per line.")
    )
    care_urgent = models.TextField(
        _("ask for an urgent GP appointment or get help from NHS 111 if"),
        blank=True,
        help_text=_("Urgent care card: one bullet per line."),
    )
    care_emergency = models.TextField(
        _("immediate action required if"), blank=True, help_text=_("Emergency care card: one bullet per line.")
    )
    emergency_action = models.CharField(
        _("emergency card action"),
        max_length=20,
        choices=EmergencyAction.choices,
        default=EmergencyAction.CALL_999_OR_AE,
        help_text=_('With stroke signs the card must say only "Call 999".'),
    )

    is_published = models.BooleanField(_("published"), default=False)
    written_by = models.CharField(_("written by"), max_length=200)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("last modified"), auto_now=True)
    last_reviewed = models.DateField(_("last clinically reviewed"), null=True, blank=True)
    next_review_due = models.DateField(
        _("next review due"), null=True, blank=True, help_text=_("Usually 3 years after the last review.")
    )
    clinical_reviewer = models.CharField(_("clinical reviewer"), max_length=200, blank=True)
    clinical_reviewer_role = models.CharField(
        _("clinical reviewer's role"), max_length=200, blank=True, help_text=_("For example: consultant neurologist.")
    )

    # Checksum of the seed text this entry was last loaded from; lets the seed
    # command tell an untouched entry from one an editor has changed.
    seed_checksum = models.CharField(max_length=64, blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    rank_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector", "rank_vector", "seed_checksum"])

    objects = CauseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("cause")
        verbose_name_plural = _("causes")
        indexes = [models.Index(*SEARCH_TIES, condition=Q(is_published=True), name="cause_search_ties")]
        constraints = [
            models.CheckConstraint(condition=Q(level__in=Level.values), name="cause_level_valid"),
            models.CheckConstraint(condition=Q(onset__in=Onset.values), name="cause_onset_valid"),
            models.CheckConstraint(condition=Q(usual_side__in=UsualSide.values), name="cause_usual_side_valid"),
            models.CheckConstraint(condition=Q(urgency__in=Urgency.values), name="cause_urgency_valid"),
            models.CheckConstraint(condition=Q(prevalence__in=Prevalence.values), name="cause_prevalence_valid"),
            models.CheckConstraint(
                condition=Q(emergency_action__in=EmergencyAction.values), name="cause_emergency_action_valid"
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="cause_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(is_published=False) | (~Q(summary="") & ~Q(overview="")),
                name="cause_published_has_text",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Cause.objects.filter(pk=self.pk).update_search_index()

    def get_absolute_url(self):
        return reverse("causes:detail", kwargs={"slug": self.slug})

    def clean(self):
        unknown = [code for code in self.risk_factors or [] if code not in Clue.values]
        if not isinstance(self.risk_factors, list) or unknown:
            raise ValidationError({"risk_factors": _("Unknown clue codes: %(codes)s") % {"codes": ", ".join(unknown)}})

    @property
    def is_emergency(self) -> bool:
        return self.urgency == Urgency.EMERGENCY

    @property
    def other_names(self) -> list[str]:
        return [name.strip() for name in self.also_known_as.split(",") if name.strip()]

    @staticmethod
    def _bullets(text: str) -> list[str]:
        return [line.strip().lstrip("-*• ").strip() for line in text.splitlines() if line.strip()]

    @property
    def care_non_urgent_bullets(self) -> list[str]:
        return self._bullets(self.care_non_urgent)

    @property
    def care_urgent_bullets(self) -> list[str]:
        return self._bullets(self.care_urgent)

    @property
    def care_emergency_bullets(self) -> list[str]:
        return self._bullets(self.care_emergency)


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


QUESTION_MAX_LENGTH = 2000

# Moderation order in the admin: questions waiting for a decision first.
QUESTION_STATUS_RANK = models.Case(
    models.When(status=QuestionStatus.PENDING, then=models.Value(0)),
    models.When(status=QuestionStatus.APPROVED, then=models.Value(1)),
    default=models.Value(2),
)


class QuestionQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=QuestionStatus.APPROVED)


class Question(models.Model):
    """
    A reader's question under a cause article. It is held until a content editor
    approves it; an editor's reply is shown under it as from the clinic.
    """

    # PROTECT: questions and the clinic's replies are a public record of advice given;
    # deleting an article must not silently delete them. Unpublish the article instead,
    # or delete its questions first on purpose.
    cause = models.ForeignKey(Cause, on_delete=models.PROTECT, related_name="questions", verbose_name=_("cause"))
    author_name = models.CharField(_("name"), max_length=80, blank=True)
    is_anonymous = models.BooleanField(_("posted anonymously"), default=False)
    text = models.TextField(_("question"), max_length=QUESTION_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.PENDING
    )
    created = models.DateTimeField(_("asked"), auto_now_add=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    reply = models.TextField(
        _("reply from the clinic"),
        max_length=QUESTION_MAX_LENGTH,
        blank=True,
        help_text=_("Shown under the question, marked as from the clinic. Plain text; do not give individual advice."),
    )
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replied by"),
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("reader question")
        verbose_name_plural = _("reader questions")
        indexes = [models.Index(fields=["cause", "status", "-created"], name="question_cause_status_created")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=QuestionStatus.values), name="question_status_valid"),
            models.CheckConstraint(
                condition=Q(status=QuestionStatus.PENDING) | Q(moderated_at__isnull=False),
                name="question_moderation_recorded",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), QUESTION_MAX_LENGTH) & ~Q(text=""),
                name="question_text_length",
            ),
        ]

    def __str__(self):
        # No reader's words or name here: this string lands in the admin's change log.
        return gettext("Reader question #%(number)s") % {"number": self.pk}

    @property
    def display_name(self) -> str:
        if self.is_anonymous or not self.author_name.strip():
            return gettext("Anonymous")
        return self.author_name

    def moderate(self, status: QuestionStatus, *, by) -> None:
        """The moderation rule, for the admin form and `question_moderate`: a decision records who and when."""
        self.status = status
        self.moderated_by = by
        self.moderated_at = timezone.now()
