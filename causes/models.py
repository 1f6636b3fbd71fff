"""
The cause encyclopedia's data: one `Cause` per cause of foot drop, shared with the intake app,
and the reader questions asked under each article.
"""

import hashlib
import json
from datetime import date, timedelta

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

from clinic import CLUE_LABELS


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


class OnsetPattern(models.TextChoices):
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


# Intake answers that point to a cause: the red-flag and history questions of the intake form,
# by their field names, with the clinic's own words (the clinic owns the vocabulary).
Clue = models.TextChoices("Clue", [(code.upper(), (code, _(label))) for code, label in CLUE_LABELS.items()])


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

# What an editor writes, and what a clinical reviewer signs off before readers see it: every change to
# these goes through a draft (CauseDraft) and an approval (causes.services.cause_draft_approve).
DRAFT_FIELDS = (
    "name",
    "also_known_as",
    "slug",
    "summary",
    "level",
    "onset",
    "usual_side",
    "urgency",
    "prevalence",
    "risk_factors",
    *ARTICLE_FIELDS,
    "care_non_urgent",
    "care_urgent",
    "care_emergency",
    "emergency_action",
    "is_published",
    "written_by",
)
# The fields that tell a reader how urgent things are, and those the triage engine and the public check
# read (tests/test_cause_drafts.py checks the intake's ranking fields are among them): the admin says
# beside each that it always needs clinical sign-off.
SAFETY_FIELDS = (
    "name",
    "slug",
    "level",
    "onset",
    "usual_side",
    "urgency",
    "prevalence",
    "risk_factors",
    "emergency",
    "care_emergency",
    "emergency_action",
)
# How long a clinical review holds: NHS pages are usually reviewed again after 3 years.
REVIEW_INTERVAL_YEARS = 3
# The admin lists a cause as due for review this many days before its review date.
REVIEW_WARNING_DAYS = 30


def normalise_text(text: str) -> str:
    """
    Text as it should be stored: LF line endings (browsers send CRLF), no spaces at the ends of
    lines or blank lines around it, so that saving text that reads the same records no change.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def next_review_after(reviewed: date) -> date:
    """The review due REVIEW_INTERVAL_YEARS after `reviewed` (29 February gives 28 February)."""
    year = reviewed.year + REVIEW_INTERVAL_YEARS
    try:
        return reviewed.replace(year=year)
    except ValueError:
        return reviewed.replace(year=year, day=28)


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

    def due_for_review(self, today: date):
        """Causes whose next clinical review has passed or falls within REVIEW_WARNING_DAYS of `today`."""
        return self.filter(next_review_due__lte=today + timedelta(days=REVIEW_WARNING_DAYS))

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
    onset = models.CharField(_("usual onset"), max_length=20, choices=OnsetPattern.choices)
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
    # The clinical sign-off that published the text readers see now: who and when.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, editable=False)

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
        permissions = [("approve_cause", _("Can approve a draft of a cause (clinical sign-off)"))]
        indexes = [models.Index(*SEARCH_TIES, condition=Q(is_published=True), name="cause_search_ties")]
        constraints = [
            models.CheckConstraint(condition=Q(level__in=Level.values), name="cause_level_valid"),
            models.CheckConstraint(condition=Q(onset__in=OnsetPattern.values), name="cause_onset_valid"),
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
        self.normalise_text()
        super().save(*args, **kwargs)
        Cause.objects.filter(pk=self.pk).update_search_index()

    def get_absolute_url(self):
        return reverse("causes:detail", kwargs={"slug": self.slug})

    def clean(self):
        unknown = [code for code in self.risk_factors or [] if code not in Clue.values]
        if not isinstance(self.risk_factors, list) or unknown:
            raise ValidationError({"risk_factors": _("Unknown clue codes: %(codes)s") % {"codes": ", ".join(unknown)}})

    def normalise_text(self) -> None:
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if isinstance(field, models.CharField | models.TextField) and isinstance(value, str):
                setattr(self, field.attname, normalise_text(value))

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


class CauseDraft(models.Model):
    """
    An editor's changes to a cause, kept apart from the text readers see until a clinical
    reviewer approves them (causes.services). One open draft per cause; it holds only the fields
    that differ from the live cause, so a seeded update of the others is not undone by approving it.
    """

    cause = models.OneToOneField(Cause, on_delete=models.CASCADE, related_name="draft", verbose_name=_("cause"))
    changes = models.JSONField(_("changes"), default=dict)
    reason = models.CharField(_("reason for the change"), max_length=200)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("last edited by"),
    )
    # Everyone who wrote any of it: none of them may approve it (two people, always).
    editors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("editors"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("last modified"), auto_now=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")

    def __str__(self):
        return gettext("Draft of %(cause)s") % {"cause": self.cause}

    def apply_to(self, cause: Cause) -> Cause:
        """Put the draft's changes on `cause` in memory (nothing is saved) and return it."""
        for name, value in self.changes.items():
            if name in DRAFT_FIELDS:
                setattr(cause, name, value)
        return cause

    @property
    def version(self) -> str:
        """A fingerprint of the draft's text: a reviewer approves exactly the version they read."""
        text = json.dumps({"changes": self.changes, "reason": self.reason}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


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


class QuestionAllowance(models.Model):
    """
    The questions asked from one address in one clock hour (see causes.services). Counted in the
    database, not the cache, so that every process and server counts the same, each count is one
    atomic UPDATE, and a cache outage lifts no limit. The address is kept only as a keyed hash.
    """

    address_hash = models.CharField(max_length=64)
    hour = models.DateTimeField()
    asked = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["address_hash", "hour"], name="question_allowance_per_address_hour")
        ]

    def __str__(self):
        return f"{self.asked} asked in the hour from {self.hour:%Y-%m-%d %H:%M}"
