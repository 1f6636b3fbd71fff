"""
The audit export: one CSV row per intake, under a pseudonym, with no name, date of birth,
hospital number or free text. The columns follow the model's answer fields
(`ANSWER_FIELDS`), so a new answer appears without an edit. Rows are read in chunks and
written as they are read, so the size of the export does not set the memory it needs.
"""

import csv
import datetime

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils.crypto import salted_hmac

import clinic
from intake.audit import in_period
from intake.models import ANSWER_FIELDS, Intake, Reassessment, SuspectedCause


def is_exported(name: str) -> bool:
    """Never the date of birth, nor any free text (names, numbers and notes can identify a patient)."""
    field = Intake._meta.get_field(name)
    free_text = isinstance(field, models.CharField | models.TextField) and not field.choices
    return name != "date_of_birth" and not free_text


EXPORTED_ANSWERS = tuple(name for name in ANSWER_FIELDS if is_exported(name))
AFTER_ANSWERS = (
    "disposition",
    # The disposition at filing, and whether a decisive answer re-assessed it since.
    "first_disposition",
    "reassessed",
    "level",
    "rules_fired",
    "suspected_causes",
    "referral_made_at",
    "door_to_referral_minutes",
    "confirmed_diagnosis",
    "confirmed_cause",
    "confirmed_on",
)
HEADER = ("pseudonym", "filed_at", *EXPORTED_ANSWERS, *AFTER_ANSWERS)
CHUNK = 1000
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PSEUDONYM_SALT = "intake.export.pseudonym"
NOT_ASKED = "not asked"


def pseudonym(intake_id) -> str:
    """The same intake always gets the same pseudonym (while the secret key stays), and it cannot be reversed."""
    return salted_hmac(PSEUDONYM_SALT, str(intake_id), algorithm="sha256").hexdigest()[:20]


def cell(value) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def answer(intake: Intake, name: str):
    """An answer as stored; a red flag nobody asked about says so, never a blank that reads as "no"."""
    value = getattr(intake, name)
    return NOT_ASKED if value is None and name in clinic.RED_FLAGS else value


def row(intake: Intake) -> list[str]:
    outcome = getattr(intake, "outcome", None)
    waited = (
        round((intake.referral_made_at - intake.created_at).total_seconds() / 60) if intake.referral_made_at else None
    )
    values = [
        pseudonym(intake.pk),
        intake.created_at,
        *(answer(intake, name) for name in EXPORTED_ANSWERS),
        intake.disposition,
        intake.first_disposition,
        intake.reassessed,
        intake.level,
        ";".join(intake.rules_fired or ()),
        ";".join(suspicion.cause.slug for suspicion in intake.suspicions.all()),
        intake.referral_made_at,
        waited,
        outcome.diagnosis if outcome else "",
        outcome.cause.slug if outcome and outcome.cause else "",
        outcome.confirmed_on if outcome else None,
    ]
    return [cell(value) for value in values]


def export_intakes(start: datetime.date, end: datetime.date):
    """The intakes filed in the period, oldest first, with only what the rows need."""
    first_reassessment = Reassessment.objects.filter(intake=OuterRef("pk")).order_by("answered_at", "pk")
    intakes = Intake.objects.filter(in_period(start, end)).order_by("created_at").select_related("outcome__cause")
    return (
        intakes.only(
            "id",
            "created_at",
            "disposition",
            "level",
            "rules_fired",
            "referral_made_at",
            *EXPORTED_ANSWERS,
            "outcome__diagnosis",
            "outcome__confirmed_on",
            "outcome__cause__slug",
        )
        .annotate(
            first_disposition=Coalesce(Subquery(first_reassessment.values("disposition_before")[:1]), "disposition"),
            reassessed=Exists(first_reassessment),
        )
        .prefetch_related(
            Prefetch(
                "suspicions",
                queryset=SuspectedCause.objects.select_related("cause").only("intake_id", "rank", "cause__slug"),
            )
        )
    )


class Echo:
    """A file that hands back what is written to it, for csv.writer to feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def csv_lines(intakes):
    writer = csv.writer(Echo())
    yield writer.writerow(HEADER)
    for intake in intakes.iterator(chunk_size=CHUNK):
        yield writer.writerow(row(intake))
