"""
Keeping patient identifiers out of logs and error reports.

A server error while an intake is being filed is logged with the request. Its message
and traceback could quote what was typed (an exception that repeats a value, a database
error that names the row), so `RedactPatientData` replaces the patient's identifiers with
a placeholder before any handler sees the record. `PatientDataReporterFilter` does the
same for Django's error reports (the admin emails): with DEBUG off it hides every form
value and every local variable, since any of them may hold a name or a date of birth.
"""

import datetime
import logging

from django.http import QueryDict
from django.views.debug import SafeExceptionReporterFilter

# The intake answers that identify a patient, by form field name.
PATIENT_FIELDS = ("patient_name", "date_of_birth", "hospital_number", "notes")
# The date of birth's three boxes.
DATE_OF_BIRTH_PARTS = ("date_of_birth_day", "date_of_birth_month", "date_of_birth_year")
# Where a request holds answers it did not post: an intake handed back after signing in again.
CARRIED_ANSWERS_ATTRIBUTE = "carried_intake_answers"
REDACTED = "[redacted]"
# Shorter values (a one-letter name, an empty field) would redact ordinary words.
MIN_REDACTED_LENGTH = 3


def posted_form(request) -> QueryDict:
    try:
        return request.POST
    except Exception:  # An unreadable body carries nothing to redact.
        return QueryDict()


def answer_sources(request) -> list:
    """The answers a request carries: its form, and any kept answers handed back to it."""
    sources = []
    if getattr(request, "method", None) == "POST":
        sources.append(posted_form(request))
    carried = getattr(request, CARRIED_ANSWERS_ATTRIBUTE, None)
    if carried is not None:
        sources.append(carried)
    return sources


def typed_values(answers) -> list[str]:
    typed = [value for field in PATIENT_FIELDS for value in answers.getlist(field)]
    day, month, year = (answers.get(part, "").strip() for part in DATE_OF_BIRTH_PARTS)
    if day and month and year:
        typed += [f"{day} {month} {year}", f"{year}-{month.zfill(2)}-{day.zfill(2)}"]
    return typed


def patient_identifiers(request) -> list[str]:
    """The identifying values a request carries, in the forms a message could quote them."""
    if request is None:
        return []
    values = set()
    for answers in answer_sources(request):
        values.add(answers.urlencode())
        for value in typed_values(answers):
            values.add(value)
            values.add(" ".join(value.split()))
            try:
                born = datetime.date.fromisoformat(value.strip())
            except ValueError:
                continue
            values.update({repr(born), born.strftime("%d/%m/%Y"), born.strftime("%d %B %Y")})
    # Longest first, so that a name is redacted whole before any part of it.
    return sorted((value for value in values if len(value) >= MIN_REDACTED_LENGTH), key=len, reverse=True)


def redact(text: str, identifiers: list[str]) -> str:
    for identifier in identifiers:
        text = text.replace(identifier, REDACTED)
    return text


class RedactPatientData(logging.Filter):
    """Rewrite a request's log record so that neither its message nor its traceback names the patient."""

    def filter(self, record: logging.LogRecord) -> bool:
        identifiers = patient_identifiers(getattr(record, "request", None))
        if not identifiers:
            return True
        record.msg = redact(record.getMessage(), identifiers)
        record.args = ()
        if record.exc_info:
            # Formatters print exc_text as it stands; the exception itself, which may quote
            # the values, is dropped from the record.
            traceback = logging.Formatter().formatException(record.exc_info)
            record.exc_text = redact(traceback, identifiers)
            record.exc_info = None
        return True


class PatientDataReporterFilter(SafeExceptionReporterFilter):
    """Error reports in production show the names of form fields and variables, never their values."""

    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        try:
            post = request.POST
        except Exception:  # An unreadable body: the report must still be made, without it.
            return {}
        return self._cleanse_multivaluedict(post, "__ALL__")

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
