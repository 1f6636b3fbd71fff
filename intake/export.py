"""
The audit export: one CSV row per intake, under a pseudonym, with no name, date of birth,
hospital number or free text. The columns follow the model's answer fields
(`ANSWER_FIELDS`), so a new answer appears without an edit.

No time finer than the day: a filing time to the second is on the intake list every member of
staff sees, and joined the rows back to names. The intake's week is exported (its ISO week, in
the clinic's time zone), the time last known well as a band of hours before filing (the stroke
treatment windows and the engine's time rules), and the referral as minutes after filing.

An answer nobody gave is never a "no": a red flag not asked says "not asked", an unticked
history box is left empty. Rows are read from the database `CHUNK` at a time and sent
`LINES_PER_WRITE` at a time, so memory stays flat whatever the size of the period.
"""

import csv
import datetime
import itertools
from collections import defaultdict

from django.db import models
from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
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
    "referral_made",
    "door_to_referral_minutes",
    "confirmed_diagnosis",
    "confirmed_cause",
    "confirmed_on",
)
# Columns exported in another form than stored, under a name that says so.
BANDED_COLUMNS = {"last_known_well": "last_known_well_hours_before_filing"}
HEADER = (
    "pseudonym",
    "filed_week",
    *(BANDED_COLUMNS.get(name, name) for name in EXPORTED_ANSWERS),
    *AFTER_ANSWERS,
)
CHUNK = 500
LINES_PER_WRITE = 100
# Hours before filing, upper bounds: the thrombolysis and thrombectomy windows, a day, a week.
LAST_KNOWN_WELL_BANDS = ((4.5, "0-4.5"), (6, "4.5-6"), (24, "6-24"), (24 * 7, "24-168"))
OVER_LAST_BAND = "over 168"
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
    if isinstance(value, datetime.datetime):
        raise TypeError("A time finer than the day is never exported.")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def week(moment: datetime.datetime) -> str:
    """The ISO week of a moment in the clinic's time zone, e.g. 2026-W09."""
    year, number, _weekday = timezone.localtime(moment).isocalendar()
    return f"{year}-W{number:02d}"


def hours_band(last_known_well: datetime.datetime | None, filed_at: datetime.datetime) -> str | None:
    if last_known_well is None:
        return None
    hours = (filed_at - last_known_well).total_seconds() / 3600
    return next((label for limit, label in LAST_KNOWN_WELL_BANDS if hours <= limit), OVER_LAST_BAND)


def answer(intake: dict, name: str):
    """
    An answer as exported. A red flag nobody asked about says so; an unticked history box is
    left empty (nobody can tell whether it was asked); neither is ever a "no".
    """
    value = intake[name]
    if name == "last_known_well":
        return hours_band(value, intake["created_at"])
    if value is None and name in clinic.RED_FLAGS:
        return NOT_ASKED
    if value is False and name in clinic.HISTORY:
        return None
    return value


def row(intake: dict) -> list[str]:
    referred, filed = intake["referral_made_at"], intake["created_at"]
    values = [
        pseudonym(intake["id"]),
        week(filed),
        *(answer(intake, name) for name in EXPORTED_ANSWERS),
        intake["disposition"],
        intake["first_disposition"],
        intake["reassessed"],
        intake["level"],
        ";".join(intake["rules_fired"] or ()),
        ";".join(intake["suspected"]),
        "yes" if referred else "no",
        round((referred - filed).total_seconds() / 60) if referred else None,
        intake["confirmed_diagnosis"] or "",
        intake["confirmed_cause"] or "",
        intake["confirmed_on"],
    ]
    return [cell(value) for value in values]


def export_intakes(start: datetime.date, end: datetime.date):
    """
    The intakes filed in the period, oldest first, as plain values (building a model instance per
    row cost more than everything else together), `CHUNK` at a time with their suspected causes.
    """
    first_reassessment = Reassessment.objects.filter(intake=OuterRef("pk")).order_by("answered_at", "pk")
    intakes = (
        Intake.objects.filter(in_period(start, end))
        .order_by("created_at")
        .values(
            "id",
            "created_at",
            "disposition",
            "level",
            "rules_fired",
            "referral_made_at",
            *EXPORTED_ANSWERS,
            first_disposition=Coalesce(Subquery(first_reassessment.values("disposition_before")[:1]), "disposition"),
            reassessed=Exists(first_reassessment),
            confirmed_diagnosis=F("outcome__diagnosis"),
            confirmed_cause=F("outcome__cause__slug"),
            confirmed_on=F("outcome__confirmed_on"),
        )
    )
    for chunk in itertools.batched(intakes.iterator(chunk_size=CHUNK), CHUNK):
        suspected = defaultdict(list)
        slugs = SuspectedCause.objects.filter(intake_id__in=[intake["id"] for intake in chunk]).order_by("rank")
        for intake_id, slug in slugs.values_list("intake_id", "cause__slug"):
            suspected[intake_id].append(slug)
        for intake in chunk:
            yield intake | {"suspected": suspected[intake["id"]]}


class Echo:
    """A file that hands back what is written to it, for csv.writer to feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def csv_lines(intakes, counted: list[int] | None = None):
    """
    The CSV, `LINES_PER_WRITE` rows at a time, read `CHUNK` rows at a time. `counted`, when given,
    holds the number of rows written so far (for the export's log line, however the stream ends).
    """
    writer = csv.writer(Echo())
    counted = counted if counted is not None else [0]
    lines = [writer.writerow(HEADER)]
    for intake in intakes:
        lines.append(writer.writerow(row(intake)))
        counted[0] += 1
        if len(lines) >= LINES_PER_WRITE:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)
